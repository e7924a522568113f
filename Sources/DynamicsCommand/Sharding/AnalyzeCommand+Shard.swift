import CommandSupport
import Dynamics
import Foundation

/// What a merge hands to the analysis in place of computing it.
struct MergedWork {
    /// Every candidate's refinement, in candidate order (`analyze` parts).
    var refined: [SlowPoint]?
    /// Each part's candidate range and the digest of the values it refined.
    var sliceDigests: [(Range<Int>, String)] = []
    /// The basin labels of every grid row (`basins` parts).
    var labels: [Int]?
}

extension AnalyzeCommand {
    /// The options that decide the result, canonical: what a merge reruns with (no --shard,
    /// --output or --quiet).
    var canonicalArguments: [String] {
        var arguments: [String] = []
        if let onnx {
            arguments += ["--onnx", onnx, "--time-step", "\(timeStep)"] + (flow ? ["--flow"] : [])
        } else {
            arguments += ["--cell", cell ?? "", "--weights", weights ?? ""]
        }
        if let input { arguments += ["--input", input] }
        if let candidates { arguments += ["--candidates", candidates] }
        if let sweepInput { arguments += ["--sweep-input", sweepInput] }
        arguments += ["--samples", "\(samples)", "--warm-start-steps", "\(warmStartSteps)", "--seed", "\(seed)", "--basins", "\(basins)"]
        if basinDimensions != 2 { arguments += ["--basin-dimensions", "\(basinDimensions)"] }
        if refineEachCandidate { arguments.append("--refine-each-candidate") }
        return arguments
    }

    /// FNV-1a of the canonical arguments and of the bytes of the model file, and of the candidate file
    /// unless the candidates are sharded (`analyze --shard`: each part carries the digest of its own
    /// rows instead, which the merge checks): parts computed from a changed file do not merge.
    ///
    /// - Parameter candidatesSharded: whether the candidates are the sliced work (`analyze` shards
    ///   and their merge).
    func settingsDigest(candidatesSharded: Bool) throws -> String {
        var value = FNV1a.hash(Data(canonicalArguments.joined(separator: "\u{0}").utf8))
        for path in [onnx ?? weights, candidatesSharded ? nil : candidates].compactMap({ $0 }) { value = try FNV1a.digest(ofFileAt: path, into: value) }
        return String(format: "%016llx", value)
    }

    /// This shard's file: the manifest and the refined candidates or the basin rows; and the bytes of
    /// the refined states' file (analyze shards).
    func shardFile(settings: AnalysisSettings, result: CellAnalysisResult, labels: [Int]?) throws -> (ShardFile, Data?) {
        let payload: ShardFile.Payload
        var states: Data?
        let spec: ShardSpec, items: String, total: Int, range: Range<Int>
        var candidateDigest: String?
        if let candidateShard = settings.candidateShard {
            (spec, items, total) = (candidateShard, "candidates", result.shardCandidates?.total ?? 0)
            candidateDigest = result.shardCandidates?.digest
            range = spec.range(of: total)
            (payload, states) = ShardFile.Payload.refined(result.shardRefinement ?? [])
        } else {
            (spec, items, total) = (settings.rowShard!, "basin grid rows", basins)
            range = spec.range(of: total)
            // No stable fixed point: no basins, every row unlabelled in the single run as here.
            payload = .init(labels: labels ?? [])
        }
        let manifest = ShardFile.Manifest(
            format: ShardFile.format, version: DynamicsCommand.version, command: basins > 0 ? "basins" : "analyze",
            arguments: canonicalArguments, settingsDigest: try settingsDigest(candidatesSharded: settings.candidateShard != nil), shard: spec, items: items, total: total,
            start: range.lowerBound, end: range.upperBound, payloadChecksum: try ShardFile.checksum(of: payload), candidateDigest: candidateDigest)
        return (ShardFile(manifest: manifest, payload: payload), states)
    }
}
