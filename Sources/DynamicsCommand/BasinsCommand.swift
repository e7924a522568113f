import ArgumentParser

/// `dynamics basins`: the analysis of `dynamics analyze` with the basins of the stable fixed points on
/// the PCA plane of the candidates (`--basins`, default 300 points per side): which attractor each
/// state reaches under the input.
public struct BasinsCommand: ParsableCommand {
    /// The command's name and abstract for `--help`.
    public static let configuration = CommandConfiguration(
        commandName: "basins",
        abstract: "Basins of a recurrent cell's stable fixed points on the PCA plane of its candidates (and the analysis of `analyze`).")

    /// Every option of `analyze`.
    @OptionGroup var analysis: AnalyzeCommand

    /// The command (ArgumentParser fills it in).
    public init() {}

    /// Runs `analyze` with basins (300 per side unless `--basins` says otherwise).
    public func run() throws {
        var command = analysis
        if command.basins == 0 { command.basins = 300 }
        try command.run()
    }
}
