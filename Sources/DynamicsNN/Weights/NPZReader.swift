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
    /// The tensors of the archive at `url`.
    static func read(url: URL) throws(WeightLoadingError) -> [String: NumPyArray] {
        let archive: Archive
        do { archive = try Archive(url: url, accessMode: .read) } catch {
            throw .malformedArchive("not a zip archive (\(error))")
        }
        var tensors: [String: NumPyArray] = [:]
        for entry in archive where entry.type == .file && entry.path.hasSuffix(".npy") {
            var bytes = Data()
            do { _ = try archive.extract(entry, skipCRC32: false) { bytes.append($0) } } catch {
                throw .malformedArchive("\(entry.path) cannot be extracted (\(error))")
            }
            do { tensors[String(entry.path.dropLast(4))] = try NumPyArray(npyBytes: [UInt8](bytes)) } catch {
                throw .malformedArchive("\(entry.path): \(error)")
            }
        }
        return tensors
    }

    /// The tensors of an archive held in memory, through a temporary file removed afterwards.
    static func read(_ data: Data) throws(WeightLoadingError) -> [String: NumPyArray] {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("dynamics-npz-\(UUID().uuidString).npz")
        do { try data.write(to: url) } catch { throw .unreadable(path: url.path, reason: "cannot stage the archive: \(error.localizedDescription)") }
        defer { try? FileManager.default.removeItem(at: url) }
        return try read(url: url)
    }
}
