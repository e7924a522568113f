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
    /// The refined states of an `analyze` shard, next to it: raw little-endian float64, row after row
    /// (a JSON array of 128,000 numbers takes a second to decode; this, nothing).
    static let statesFileName = "shard-states.f64"
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
        /// `analyze`: FNV-1a of the values of the candidates this shard refined (the candidate file is
        /// not in ``settingsDigest`` for them: a shard reads only its rows).
        var candidateDigest: String?
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
        /// FNV-1a of the refined states' file (``ShardFile/statesFileName``).
        var statesChecksum: String?
        var labels: [Int]?
        /// A sweep's summary rows, one per model of the slice.
        var rows: [SweepSummary.Row]?

        /// The payload of a sweep's slice.
        init(rows: [SweepSummary.Row]) { self.rows = rows }

        /// The payload of basin labels.
        init(labels: [Int]) { self.labels = labels }

        /// The payload of refined points (their states' file checksummed).
        private init(refined: [RefinedPoint], statesChecksum: String) {
            self.refined = refined
            self.statesChecksum = statesChecksum
        }

        /// The payload of refined points, and the bytes of their states' file.
        static func refined(_ points: [SlowPoint]) -> (Payload, Data) {
            let bytes = FNV1a.bytes(ofRows: points.map(\.state))
            return (Payload(refined: points.map(RefinedPoint.init), statesChecksum: FNV1a.hex(of: bytes)), bytes)
        }

        /// The refined points with their states read from `states`, or nil when the bytes do not
        /// match the checksum or do not make `dimension` values per point.
        func points(states: Data) -> [SlowPoint]? {
            guard let refined, FNV1a.hex(of: states) == statesChecksum else { return nil }
            guard !refined.isEmpty else { return [] }
            guard states.count % (8 * refined.count) == 0 else { return nil }
            let dimension = states.count / (8 * refined.count)
            var values = [Double](repeating: 0, count: refined.count * dimension)
            states.withUnsafeBytes { raw in
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

    /// Rows of values as their IEEE-754 bit patterns, little-endian, row after row: the states' file
    /// of a shard and what the candidate digests hash.
    static func bytes(ofRows rows: some Collection<[Double]>) -> Data {
        var bytes = Data(capacity: rows.reduce(0) { $0 + $1.count } * 8)
        for row in rows { for value in row { withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) } } }
        return bytes
    }

    /// The hash of rows of values (``bytes(ofRows:)``), as hex.
    static func digest(ofRows rows: some Collection<[Double]>) -> String { hex(of: bytes(ofRows: rows)) }

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
