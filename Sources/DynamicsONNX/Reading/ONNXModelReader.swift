import Foundation
import SwiftProtobuf

/// Reads ONNX model files: bounded size, protobuf decoding with a depth limit, external data
/// resolved next to the model.
enum ONNXModelReader {
    /// The largest model file read (2 GiB, protobuf's own limit for one message).
    static let byteLimit = 1 << 31

    /// The plan of the model at `path`.
    static func plan(contentsOf path: String) throws(ONNXError) -> ONNXPlan {
        let url = URL(fileURLWithPath: path)
        let data: Data
        do {
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            if attributes[.type] as? FileAttributeType == .typeDirectory { throw ONNXError.unreadable(path: path, reason: "it is a folder; give the .onnx file") }
            if let size = attributes[.size] as? Int, size > byteLimit {
                throw ONNXError.unreadable(path: path, reason: "it has \(size) bytes; a model larger than 2 GiB must keep its weights in external data")
            }
            data = try Data(contentsOf: url)
        } catch let error as ONNXError {
            throw error
        } catch {
            throw .unreadable(path: path, reason: (error as NSError).localizedDescription)
        }
        return try plan(data: data, name: path, folder: url.deletingLastPathComponent())
    }

    /// The plan of a serialized model; external data is read from `folder`.
    static func plan(data: Data, name: String, folder: URL?) throws(ONNXError) -> ONNXPlan {
        guard !data.isEmpty else { throw .notAModel(path: name, reason: "the file is empty") }
        let model: Onnx_ModelProto
        do {
            var options = BinaryDecodingOptions()
            options.messageDepthLimit = 64
            model = try Onnx_ModelProto(serializedBytes: data, options: options)
        } catch {
            throw .notAModel(path: name, reason: "its protobuf cannot be decoded (\(error)); the file is truncated, corrupt or not .onnx")
        }
        guard model.hasGraph, model.hasIrVersion else {
            throw .notAModel(path: name, reason: "it has no graph or no IR version")
        }
        return try GraphCompiler(model: model, folder: folder).compile()
    }
}
