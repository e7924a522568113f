import ArgumentParser

/// `dynamics`: the general command-line tool.
public struct DynamicsCommand: ParsableCommand {
    /// The command's name, abstract and subcommands for `--help`.
    public static let configuration = CommandConfiguration(
        commandName: "dynamics",
        abstract: "Dynamical-systems analysis of recurrent networks trained elsewhere.",
        version: version,
        subcommands: [AnalyzeCommand.self, BasinsCommand.self, SweepCommand.self, MergeCommand.self])

    /// The program's version, recorded in every shard's manifest: parts of different versions do not merge.
    public static let version = "0.9.0"

    /// The command (ArgumentParser fills it in).
    public init() {}
}
