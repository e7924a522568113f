import Dynamics
import Foundation
import ZIPFoundation

/// Reads `.npz` archives (`np.savez` stores, `np.savez_compressed` deflates; zip64 for large ones)
/// with ZIPFoundation: each `NAME.npy` entry is one tensor called NAME.
///
/// Archives are always opened from a file: ZIPFoundation's in-memory archive traps on some damaged
/// archives (a read past the end of its buffer, found by `Fuzz/run.sh npz`), while its file-backed one
/// reports them as errors. Bytes in memory go through a temporary file first.
enum NPZReader {
    /// The largest member read, 1 GiB once inflated: beyond any recurrent network's weights (an
    /// 8192 × 8192 float64 matrix is 512 MiB), and a bound on what a small, hostile archive (deflate
    /// reaches about 1000:1) can make the reader allocate.
    static let maximumMemberBytes = 1 << 30

    /// The tensors of the archive at `url`. Each member's CRC-32 is compared with the archive's
    /// record, and a member that declares, or inflates to, more than ``maximumMemberBytes`` (or more
    /// than it declares) is refused before it is held in memory.
    static func read(url: URL) throws(WeightLoadingError) -> [String: NumPyArray] {
        guard let bytes = try? [UInt8](Data(contentsOf: url)) else { throw .unreadable(path: url.path, reason: "the archive cannot be read") }
        if let problem = ZipLayoutCheck.problem(in: bytes) { throw .malformedArchive("not a readable zip archive: \(problem)") }
        let archive: Archive
        do { archive = try Archive(url: url, accessMode: .read) } catch {
            throw .malformedArchive("not a zip archive (\(error))")
        }
        var tensors: [String: NumPyArray] = [:]
        for entry in archive where entry.type == .file && entry.path.hasSuffix(".npy") {
            let declared = entry.uncompressedSize
            guard declared <= UInt64(maximumMemberBytes) else {
                throw .malformedArchive("\(entry.path) declares \(declared) bytes once inflated; members over \(maximumMemberBytes) bytes are refused")
            }
            var bytes = Data()
            let checksum: CRC32
            do {
                checksum = try archive.extract(entry, skipCRC32: false) { chunk in
                    guard bytes.count + chunk.count <= Int(declared) else { throw InflationOverrun() }
                    bytes.append(chunk)
                }
            } catch is InflationOverrun {
                throw .malformedArchive("\(entry.path) inflates to more than the \(declared) bytes it declares")
            } catch {
                throw .malformedArchive("\(entry.path) cannot be extracted (\(error))")
            }
            guard checksum == entry.checksum else {
                throw .malformedArchive("\(entry.path) is damaged: its CRC-32 is \(hex(checksum)), the archive records \(hex(entry.checksum))")
            }
            guard bytes.count == Int(declared) else {
                throw .malformedArchive("\(entry.path) inflates to \(bytes.count) bytes, the archive records \(declared)")
            }
            do { tensors[String(entry.path.dropLast(4))] = try NumPyArray(npyBytes: [UInt8](bytes)) } catch {
                throw .malformedArchive("\(entry.path): \(error)")
            }
        }
        return tensors
    }

    /// Thrown from the extraction callback to stop a member that inflates past its declared size.
    private struct InflationOverrun: Error {}

    private static func hex(_ value: CRC32) -> String { "0x" + String(value, radix: 16) }

    /// The tensors of an archive held in memory, through a temporary file removed afterwards.
    static func read(_ data: Data) throws(WeightLoadingError) -> [String: NumPyArray] {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("dynamics-npz-\(UUID().uuidString).npz")
        do { try data.write(to: url) } catch { throw .unreadable(path: url.path, reason: "cannot stage the archive: \(error.localizedDescription)") }
        defer { try? FileManager.default.removeItem(at: url) }
        return try read(url: url)
    }
}
