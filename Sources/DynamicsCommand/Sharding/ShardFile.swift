import CommandSupport
import Dynamics
import Foundation

/// What one shard of `dynamics analyze` or `dynamics basins` computed, with the manifest that lets
/// `dynamics merge` check that the parts belong together: the exact options, a digest of the model
/// and candidate files, the program version, which slice it covers, and a checksum of its payload.
/// Numbers are stored as their IEEE-754 bit patterns, so a merge reproduces them to the last bit.
struct ShardFile: Codable {
    /// The file's name inside a shard's output folder.
    static let fileName = "shard.json"
    /// The format tag; a part without it is not a shard file.
    static let format = "swift-dynamics shard 1"

    struct Manifest: Codable, Equatable {
        var format: String
        var version: String
        /// `analyze` (candidates sliced), `basins` (grid rows sliced) or `sweep` (models sliced).
        var command: String
        /// The analysis options, canonical (no --shard, --output, --quiet): merge reruns with them.
        var arguments: [String]
        /// FNV-1a of the arguments and of the bytes of the model and candidate files.
        var settingsDigest: String
        var shard: ShardSpec
        /// What was sliced, how many in all, and this shard's range.
        var items: String
        var total: Int
        var start: Int
        var end: Int
        /// FNV-1a of the payload's encoding.
        var payloadChecksum: String
    }

    /// One refined candidate (a `SlowPoint` before de-duplication) without its state, numbers as bit
    /// patterns; the states of a shard are one block of raw float64 (``Payload/states``).
    struct RefinedPoint: Codable, Equatable {
        var candidateIndex: Int
        var residual: UInt64
        var loss: UInt64
        var iterations: Int
        var outcome: RefinementOutcome
        var conditionNumber: UInt64

        init(_ point: SlowPoint) {
            candidateIndex = point.candidateIndex
            (residual, loss, conditionNumber) = (point.residual.bitPattern, point.loss.bitPattern, point.conditionNumber.bitPattern)
            iterations = point.iterations
            outcome = point.outcome
        }

        func point(state: [Double]) -> SlowPoint {
            SlowPoint(
                state: state, candidateIndex: candidateIndex, candidateIndices: [candidateIndex],
                residual: Double(bitPattern: residual), loss: Double(bitPattern: loss), iterations: iterations, outcome: outcome,
                conditionNumber: Double(bitPattern: conditionNumber))
        }
    }

    /// The slice's results: refined candidates (`analyze`), basin labels of grid rows (`basins`) or
    /// summary rows of models (`sweep`).
    struct Payload: Codable, Equatable {
        var refined: [RefinedPoint]?
        /// The refined states, row after row, as little-endian float64 in base64: a shard of 500
        /// states of 256 values decodes in milliseconds where a JSON array of numbers takes a second.
        var states: String?
        var labels: [Int]?
        /// A sweep's summary rows, one per model of the slice.
        var rows: [SweepSummary.Row]?

        /// The payload of a sweep's slice.
        init(rows: [SweepSummary.Row]) { self.rows = rows }

        /// The payload of refined points.
        init(refined points: [SlowPoint]) {
            refined = points.map(RefinedPoint.init)
            var bytes = Data(capacity: points.reduce(0) { $0 + $1.state.count } * 8)
            for point in points { for value in point.state { withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) } } }
            states = bytes.base64EncodedString()
        }

        /// The payload of basin labels.
        init(labels: [Int]) { self.labels = labels }

        /// The refined points with their states, or nil when the states do not decode into
        /// `dimension` values per point.
        func points(dimension: Int) -> [SlowPoint]? {
            guard let refined, let states, let bytes = Data(base64Encoded: states), bytes.count == refined.count * dimension * 8 else { return nil }
            var values = [Double](repeating: 0, count: refined.count * dimension)
            bytes.withUnsafeBytes { raw in
                for k in values.indices { values[k] = Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8 * k, as: UInt64.self))) }
            }
            return refined.enumerated().map { k, point in point.point(state: Array(values[(k * dimension)..<((k + 1) * dimension)])) }
        }
    }

    var manifest: Manifest
    var payload: Payload

    /// The checksum of a payload.
    static func checksum(of payload: Payload) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return FNV1a.hex(of: try encoder.encode(payload))
    }
}

/// The 64-bit FNV-1a hash: a checksum against corruption and accidental mixing, not a cryptographic
/// signature.
enum FNV1a {
    static func hash(_ data: Data, seed: UInt64 = 0xcbf2_9ce4_8422_2325) -> UInt64 {
        data.withUnsafeBytes { bytes in
            var hash = seed
            for byte in bytes.bindMemory(to: UInt8.self) {
                hash ^= UInt64(byte)
                hash = hash &* 0x0000_0100_0000_01B3
            }
            return hash
        }
    }

    static func hex(of data: Data) -> String { String(format: "%016llx", hash(data)) }

    /// The hash of a file, or of every file in a folder (sorted by name, names included).
    static func digest(ofFileAt path: String, into seed: UInt64) throws -> UInt64 {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { throw CommandError("cannot read \(path)") }
        if !isFolder.boolValue { return hash(try Data(contentsOf: URL(fileURLWithPath: path)), seed: seed) }
        var value = seed
        for name in try FileManager.default.contentsOfDirectory(atPath: path).sorted() {
            value = hash(Data(name.utf8), seed: value)
            value = try digest(ofFileAt: path + "/" + name, into: value)
        }
        return value
    }
}
