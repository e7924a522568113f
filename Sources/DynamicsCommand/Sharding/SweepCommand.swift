import ArgumentParser
import CommandSupport
import Foundation

/// `dynamics sweep MANIFEST`: `dynamics analyze` on every model of a list (a seed or hyperparameter
/// sweep of trained networks), a report per model and one summary table; shardable by models.
public struct SweepCommand: ParsableCommand {
    /// The subcommand's name and help.
    public static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Analyze every model of a list and tabulate them: fixed points, stable ones, leading eigenvalues, verdicts.",
        discussion: """
            MANIFEST is a JSON file {"models": [{"name": "seed-0", "cell": "gru", "weights": "seed-0.safetensors", "input": [1, 0.5, 0.5]}, \
            {"name": "rate", "onnx": "rate.onnx", "flow": true, "input": [0.2]}]} or a CSV with the header \
            name,cell,weights,onnx,flow,input,candidates (input values separated by spaces or semicolons); paths relative to the \
            manifest. Writes models/NAME/ (each model's analyze report), summary.csv, summary.json and summary.html into --output.
            """)

    @Argument(help: "The list of models (.json or .csv).") var manifest: String
    @Option(help: "Output folder, written only when the sweep is complete.") var output = "dynamics-sweep"
    @Option(help: "Candidates to sample per model (when the model gives none).") var samples = 2000
    @Option(help: "Random seed of the sampled candidates.") var seed: UInt64 = 0
    @Option(help: "Adam steps before refinement; 0 refines directly.") var warmStartSteps = 0
    @Flag(help: "Refine every candidate by its own Newton iterations.") var refineEachCandidate = false
    @Option(help: "Analyze only the k-th of N slices of the models (k/N, or slurm) and write shard.json for `dynamics merge`.") var shard: String?
    @Flag(help: "Print only the summary.") var quiet = false

    /// Options at their defaults.
    public init() {}

    /// The folder's files.
    static let fileNames: Set<String> = ["models", "summary.csv", "summary.json", "summary.html", ShardFile.fileName]

    /// Rejects bad options before any work.
    public func validate() throws {
        if let shard, case .failure(let error) = ShardSpec.parse(shard) { throw ValidationError(error.message) }
        guard samples >= 1 && samples <= 1_000_000 else { throw ValidationError("--samples must be between 1 and 1000000, got \(samples)") }
        guard output != "" else { throw ValidationError("--output must name a folder") }
    }

    /// The options every model's analysis shares.
    var sharedArguments: [String] {
        ["--samples", "\(samples)", "--seed", "\(seed)", "--warm-start-steps", "\(warmStartSteps)"] + (refineEachCandidate ? ["--refine-each-candidate"] : [])
    }

    /// The options that decide the result: what a merge checks the parts against.
    var canonicalArguments: [String] { [manifest] + sharedArguments }

    /// FNV-1a of the options, the manifest and every model's files.
    func settingsDigest(_ models: SweepManifest) throws -> String {
        var value = FNV1a.hash(Data(canonicalArguments.joined(separator: "\u{0}").utf8))
        value = try FNV1a.digest(ofFileAt: manifest, into: value)
        for model in models.models { for file in model.files { value = try FNV1a.digest(ofFileAt: file, into: value) } }
        return String(format: "%016llx", value)
    }

    /// Runs the models (of this shard), writes their reports and the summary (or shard.json).
    public func run() throws {
        let models = try SweepManifest(contentsOf: manifest)
        var spec: ShardSpec?
        if let shard, case .success(let parsed) = ShardSpec.parse(shard) { spec = parsed }
        let range = spec?.range(of: models.models.count) ?? 0..<models.models.count
        let folder = try OutputFolder(destination: output, ownedNames: Self.fileNames, tool: "dynamics")
        do {
            try folder.makeFolder("models")
            var rows: [SweepSummary.Row] = []
            for (position, model) in models.models[range].enumerated() {
                let destination = folder.path("models/" + model.name)
                do {
                    let command = try AnalyzeCommand.parse(model.arguments + sharedArguments + ["--output", destination, "--quiet"])
                    try command.validate()
                    try command.run()
                } catch {
                    throw CommandError("model '\(model.name)': \(AnalyzeCommand.message(for: error))")
                }
                let row = try SweepSummary.Row(name: model.name, report: destination + "/report.json")
                rows.append(row)
                if !quiet {
                    print("[\(position + 1)/\(range.count)] \(model.name): \(row.fixedPoints) fixed point(s), \(row.stableFixedPoints) stable; \(row.verdict)")
                }
            }
            if let spec {
                let payload = ShardFile.Payload(rows: rows)
                let manifest = ShardFile.Manifest(
                    format: ShardFile.format, version: DynamicsCommand.version, command: "sweep", arguments: canonicalArguments,
                    settingsDigest: try settingsDigest(models), shard: spec, items: "models", total: models.models.count,
                    start: range.lowerBound, end: range.upperBound, payloadChecksum: try ShardFile.checksum(of: payload))
                try folder.writeJSON(ShardFile(manifest: manifest, payload: payload), to: ShardFile.fileName)
            } else {
                try SweepSummary(rows: rows).write(to: folder)
            }
            let note = try folder.commit()
            print(spec.map { "shard \($0.description): models \(range.lowerBound)..<\(range.upperBound) of \(models.models.count) in \(folder.destination)" }
                ?? "\(rows.count) model(s) analysed; summary in \(folder.destination)/summary.csv")
            if let note { FileHandle.standardError.write(Data((note + "\n").utf8)) }
        } catch {
            folder.discard()
            throw error
        }
    }

    /// The merge of sweep shards: the models' folders copied from the parts in order, the summary
    /// written from their rows.
    static func merge(_ parts: [(path: String, file: ShardFile)], output: String) throws {
        let folder = try OutputFolder(destination: output, ownedNames: fileNames, tool: "dynamics")
        do {
            try folder.makeFolder("models")
            var rows: [SweepSummary.Row] = []
            for (path, file) in parts {
                let partRows = file.payload.rows ?? []
                for row in partRows {
                    let source = (path.hasSuffix(ShardFile.fileName) ? (path as NSString).deletingLastPathComponent : path) + "/models/" + row.name
                    do { try FileManager.default.copyItem(atPath: source, toPath: folder.path("models/" + row.name)) } catch {
                        throw CommandError("\(path): cannot copy the report of model '\(row.name)' (\(source))")
                    }
                }
                rows += partRows
            }
            try SweepSummary(rows: rows).write(to: folder)
            try folder.commit()
            print("\(rows.count) model(s) merged; summary in \(folder.destination)/summary.csv")
        } catch {
            folder.discard()
            throw error
        }
    }
}
