import Dynamics
import Foundation
import ZIPFoundation

/// Reads `.npz` archives (`np.savez` stores, `np.savez_compressed` deflates; zip64 for large ones)
/// with ZIPFoundation: each `NAME.npy` entry is one tensor called NAME.
enum NPZReader {
    static func read(_ data: Data) throws(WeightLoadingError) -> [String: NumPyArray] {
        let archive: Archive
        do { archive = try Archive(data: data, accessMode: .read) } catch {
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
}
