import ArgumentParser

/// `dynamics`: the general command-line tool.
public struct DynamicsCommand: ParsableCommand {
    /// The command's name, abstract and subcommands for `--help`.
    public static let configuration = CommandConfiguration(
        commandName: "dynamics",
        abstract: "Dynamical-systems analysis of recurrent networks trained elsewhere.",
        subcommands: [AnalyzeCommand.self, BasinsCommand.self])

    /// The command (ArgumentParser fills it in).
    public init() {}
}
