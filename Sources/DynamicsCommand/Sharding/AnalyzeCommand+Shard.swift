import CommandSupport
import Dynamics
import Foundation

/// What a merge hands to the analysis in place of computing it.
struct MergedWork {
    /// Every candidate's refinement, in candidate order (`analyze` parts).
    var refined: [SlowPoint]?
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

    /// FNV-1a of the canonical arguments and of the bytes of the model and candidate files: parts
    /// computed from a changed file do not merge.
    func settingsDigest() throws -> String {
        var value = FNV1a.hash(Data(canonicalArguments.joined(separator: "\u{0}").utf8))
        for path in [onnx ?? weights, candidates].compactMap({ $0 }) { value = try FNV1a.digest(ofFileAt: path, into: value) }
        return String(format: "%016llx", value)
    }

    /// This shard's file: the manifest and the refined candidates or the basin rows.
    func shardFile(settings: AnalysisSettings, result: CellAnalysisResult, labels: [Int]?) throws -> ShardFile {
        let payload: ShardFile.Payload
        let spec: ShardSpec, items: String, total: Int, range: Range<Int>
        if let candidateShard = settings.candidateShard {
            (spec, items, total) = (candidateShard, "candidates", result.candidates.count)
            range = spec.range(of: total)
            payload = .init(refined: result.shardRefinement ?? [])
        } else {
            (spec, items, total) = (settings.rowShard!, "basin grid rows", basins)
            range = spec.range(of: total)
            // No stable fixed point: no basins, every row unlabelled in the single run as here.
            payload = .init(labels: labels ?? [])
        }
        let manifest = ShardFile.Manifest(
            format: ShardFile.format, version: DynamicsCommand.version, command: basins > 0 ? "basins" : "analyze",
            arguments: canonicalArguments, settingsDigest: try settingsDigest(), shard: spec, items: items, total: total,
            start: range.lowerBound, end: range.upperBound, payloadChecksum: try ShardFile.checksum(of: payload))
        return ShardFile(manifest: manifest, payload: payload)
    }
}
