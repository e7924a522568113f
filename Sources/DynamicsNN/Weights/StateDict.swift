import Dynamics
import Foundation

/// Named tensors from a PyTorch state dict saved as `.safetensors`, `.npz` (stored or deflated, zip64
/// included) or a folder of `.npy` files, every value widened to `Double`.
///
/// ```swift
/// let tensors = try StateDict(contentsOf: "model.safetensors")
/// let w = try tensors.tensor("weight_hh_l0")      // finds "rnn.weight_hh_l0" too
/// ```
public struct StateDict: Sendable {
    /// The tensors by their full names.
    public let tensors: [String: NumPyArray]

    /// Tensors given directly.
    public init(tensors: [String: NumPyArray]) { self.tensors = tensors }

    /// Reads `path`: a folder (its `*.npy` files, named by their stems), a `.npz` archive or a
    /// `.safetensors` file.
    ///
    /// - Throws: ``WeightLoadingError`` naming the file and what is wrong.
    public init(contentsOf path: String) throws(WeightLoadingError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { throw .missing(path: path) }
        if isDirectory.boolValue {
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else {
                throw .unreadable(path: path, reason: "the folder cannot be listed")
            }
            var tensors: [String: NumPyArray] = [:]
            for name in names where name.hasSuffix(".npy") {
                let file = (path as NSString).appendingPathComponent(name)
                do { tensors[String(name.dropLast(4))] = try NumPyArray(contentsOf: file) } catch {
                    throw .unreadable(path: file, reason: error.description)
                }
            }
            self.init(tensors: tensors)
            return
        }
        if path.hasSuffix(".npz") {
            guard FileManager.default.isReadableFile(atPath: path) else { throw .unreadable(path: path, reason: "permission denied") }
            self.init(tensors: try NPZReader.read(url: URL(fileURLWithPath: path)))
            return
        }
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch { throw .unreadable(path: path, reason: error.localizedDescription) }
        if path.hasSuffix(".safetensors") {
            try self.init(safetensorsBytes: [UInt8](data))
        } else {
            throw .unknownFormat(path: path)
        }
    }

    /// The tensors of a `.safetensors` file already in memory.
    ///
    /// - Throws: ``WeightLoadingError`` for a truncated or inconsistent file.
    /// - Complexity: O(file size).
    public init(safetensorsBytes bytes: [UInt8]) throws(WeightLoadingError) {
        self.init(tensors: try SafetensorsReader.read(bytes))
    }

    /// The tensors of a `.npz` archive already in memory (stored or deflated, zip64 included).
    ///
    /// - Throws: ``WeightLoadingError`` for a damaged archive or member.
    /// - Complexity: O(archive size) plus inflation.
    public init(npzData data: Data) throws(WeightLoadingError) {
        self.init(tensors: try NPZReader.read(data))
    }

    /// The tensor called `name`, or whose name ends in `.name` (a common prefix such as `rnn.`).
    ///
    /// - Throws: ``WeightLoadingError/tensorNotFound(name:available:)`` or
    ///   ``WeightLoadingError/ambiguous(name:candidates:)``.
    public func tensor(_ name: String) throws(WeightLoadingError) -> NumPyArray {
        if let exact = tensors[name] { return exact }
        let matches = tensors.keys.filter { $0.hasSuffix("." + name) }
        guard let first = matches.first else { throw .tensorNotFound(name: name, available: Array(tensors.keys)) }
        guard matches.count == 1 else { throw .ambiguous(name: name, candidates: matches) }
        return tensors[first]!
    }

    /// Whether a tensor called `name` (or ending in `.name`) exists.
    public func contains(_ name: String) -> Bool { tensors[name] != nil || tensors.keys.contains { $0.hasSuffix("." + name) } }
}
