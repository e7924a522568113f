import ArgumentParser
import CommandSupport
import Dynamics
import Foundation

/// `dynamics merge PART... --output DIR`: the report a single run would have written, from the
/// shards of `dynamics analyze --shard` or `dynamics basins --shard`.
public struct MergeCommand: ParsableCommand {
    /// The subcommand's name and help.
    public static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Merge the shards of `analyze --shard` or `basins --shard` into the report one run would have written.",
        discussion: """
            Each PART is a shard's output folder (or its shard.json). The parts must come from the same options, model and \
            candidate files and program version, and cover every slice once; otherwise nothing is written and the parts at \
            fault are named. The merge de-duplicates the shards' refined candidates with the rule of one run, then computes \
            stability, the verdict, PCA, the sweep and the figures as one run does (basin parts: it reruns the analysis and \
            takes the grid's labels from the parts). The model and candidate files must still be where the shards read them.
            """)

    @Argument(help: "The shards' output folders (or their shard.json files).") var parts: [String] = []
    @Option(help: "Output folder, written only when the merge is complete.") var output = "dynamics-output"
    @Flag(help: "Print only the summary.") var quiet = false

    /// Options at their defaults.
    public init() {}

    /// Rejects an empty part list.
    public func validate() throws {
        if parts.isEmpty { throw ValidationError("give the shards to merge, e.g. dynamics merge part-* --output out") }
        if output.isEmpty { throw ValidationError("--output must name a folder") }
    }

    /// Checks the parts, then runs the analysis with their work.
    public func run() throws {
        let files = try parts.map(Self.read)
        let first = files[0]
        let manifest = first.file.manifest
        var byIndex: [Int: (name: String, file: ShardFile)] = [:]
        for (name, file) in files {
            let other = file.manifest
            func differs(_ what: String) -> CommandError {
                CommandError("\(name) and \(first.name) are not parts of one run: their \(what) differ")
            }
            guard other.version == manifest.version else { throw differs("program versions (\(other.version), \(manifest.version))") }
            guard other.command == manifest.command else { throw differs("commands (\(other.command), \(manifest.command))") }
            guard other.arguments == manifest.arguments else {
                throw differs("options (\(other.arguments.joined(separator: " ")) | \(manifest.arguments.joined(separator: " ")))")
            }
            guard other.settingsDigest == manifest.settingsDigest else { throw differs("model or candidate files (digests \(other.settingsDigest), \(manifest.settingsDigest))") }
            guard other.shard.count == manifest.shard.count, other.total == manifest.total else {
                throw differs("shard counts (\(other.shard.count), \(manifest.shard.count)) or totals (\(other.total), \(manifest.total))")
            }
            guard try ShardFile.checksum(of: file.payload) == other.payloadChecksum else {
                throw CommandError("\(name) is corrupt: its payload does not match its checksum")
            }
            let range = other.shard.range(of: other.total)
            let size = file.payload.refined?.count ?? file.payload.rows?.count ?? ((file.payload.labels?.count ?? 0) / max(1, Self.resolution(other)))
            guard range == other.start..<other.end, file.payload.labels.map({ $0.count % max(1, Self.resolution(other)) == 0 }) ?? true,
                size == range.count || (file.payload.labels?.isEmpty ?? false) else {
                throw CommandError("\(name) is corrupt: shard \(other.shard.description) must cover \(range) and holds \(size) item(s) for \(other.start)..<\(other.end)")
            }
            if let refined = file.payload.refined, refined.map(\.candidateIndex) != Array(range) {
                throw CommandError("\(name) is corrupt: its candidates are not \(range) in order")
            }
            if let earlier = byIndex[other.shard.index] {
                throw CommandError("\(name) and \(earlier.name) are both shard \(other.shard.description); give each shard once")
            }
            byIndex[other.shard.index] = (name, file)
        }
        let missing = (0..<manifest.shard.count).filter { byIndex[$0] == nil }
        guard missing.isEmpty else {
            let shown = missing.prefix(10).map { "\($0)/\(manifest.shard.count)" }.joined(separator: ", ")
            throw CommandError("shard(s) \(shown)\(missing.count > 10 ? ", ..." : "") missing: \(missing.count) of \(manifest.shard.count) parts not given")
        }
        if manifest.command == "sweep" {
            let sweep: SweepCommand
            do { sweep = try SweepCommand.parse(manifest.arguments) } catch {
                throw CommandError("\(first.name): its options no longer parse (\(SweepCommand.message(for: error)))")
            }
            guard try sweep.settingsDigest(SweepManifest(contentsOf: sweep.manifest)) == manifest.settingsDigest else {
                throw CommandError("the sweep manifest or a model file changed since the shards ran; rerun the shards")
            }
            if !quiet { print("Merging \(files.count) shard(s) of sweep: \(manifest.total) models") }
            return try SweepCommand.merge((0..<manifest.shard.count).map { (byIndex[$0]!.name, byIndex[$0]!.file) }, output: output)
        }
        let ordered = (0..<manifest.shard.count).map { byIndex[$0]!.file.payload }
        var work = MergedWork()
        if manifest.command == "analyze" {
            var refined: [SlowPoint] = []
            for k in 0..<manifest.shard.count {
                let (name, file) = byIndex[k]!
                let folder = name.hasSuffix(".json") ? (name as NSString).deletingLastPathComponent : name
                let path = (folder.isEmpty ? "." : folder) + "/" + ShardFile.statesFileName
                guard let states = try? Data(contentsOf: URL(fileURLWithPath: path)) else {
                    throw CommandError("\(name): no \(ShardFile.statesFileName) next to its shard.json; copy the shard's whole folder")
                }
                guard let points = file.payload.points(states: states), points.allSatisfy({ $0.state.count == points[0].state.count }) else {
                    throw CommandError("\(name) is corrupt: \(ShardFile.statesFileName) does not match its checksum or its candidates")
                }
                refined += points
            }
            work.refined = refined
            work.sliceDigests = (0..<manifest.shard.count).compactMap { k in
                let part = byIndex[k]!.file.manifest
                return part.candidateDigest.map { (part.start..<part.end, $0) }
            }
        } else if ordered.allSatisfy({ !($0.labels ?? []).isEmpty }) {
            work.labels = ordered.flatMap { $0.labels ?? [] }
        }
        var command: AnalyzeCommand
        do {
            command = try AnalyzeCommand.parse(manifest.arguments + ["--output", output] + (quiet ? ["--quiet"] : []))
        } catch {
            throw CommandError("\(first.name): its options no longer parse (\(AnalyzeCommand.message(for: error)))")
        }
        guard try command.settingsDigest(candidatesSharded: manifest.command == "analyze") == manifest.settingsDigest else {
            throw CommandError("the model or candidate file changed since the shards ran (\(manifest.arguments.joined(separator: " "))); rerun the shards")
        }
        if !quiet { print("Merging \(files.count) shard(s) of \(manifest.command): \(manifest.total) \(manifest.items)") }
        try command.run(merging: work)
    }

    /// The labels in one row of a basins part's grid: resolution^(dimensions − 1), from its
    /// --basins and --basin-dimensions options.
    private static func resolution(_ manifest: ShardFile.Manifest) -> Int {
        func option(_ name: String) -> Int? {
            guard let index = manifest.arguments.firstIndex(of: name), index + 1 < manifest.arguments.count else { return nil }
            return Int(manifest.arguments[index + 1])
        }
        let side = option("--basins") ?? 1, dimensions = option("--basin-dimensions") ?? 2
        return (0..<(dimensions - 1)).reduce(1) { product, _ in product * side }
    }

    /// A part: a shard folder or its shard.json, decoded.
    private static func read(_ path: String) throws -> (name: String, file: ShardFile) {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { throw CommandError("\(path): no such shard folder or file") }
        let file = isFolder.boolValue ? path + "/" + ShardFile.fileName : path
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: file)) } catch { throw CommandError("\(path): no \(ShardFile.fileName) in it; is it a shard's output folder?") }
        let decoded: ShardFile
        do { decoded = try JSONDecoder().decode(ShardFile.self, from: data) } catch {
            throw CommandError("\(path) is corrupt or not a shard of dynamics: \(file) does not decode")
        }
        guard decoded.manifest.format == ShardFile.format else { throw CommandError("\(path): format '\(decoded.manifest.format)' is not '\(ShardFile.format)'") }
        return (path, decoded)
    }
}
