import CommandSupport
import Foundation

/// The models of `dynamics sweep`: a JSON file
///
///     {"models": [{"name": "seed-0", "cell": "gru", "weights": "seed-0.safetensors", "input": [1, 0.5, 0.5]},
///                 {"name": "rate", "onnx": "rate.onnx", "flow": true, "input": [0.2]}]}
///
/// or a CSV file with the header `name,cell,weights,onnx,flow,input,candidates` (any subset that names
/// a model; `input` values separated by spaces or semicolons). Relative paths are relative to the
/// manifest's folder.
struct SweepManifest {
    /// One model of the sweep.
    struct Model: Codable, Equatable {
        var name: String
        var cell: String?
        var weights: String?
        var onnx: String?
        var flow: Bool?
        var input: [Double]?
        var candidates: String?

        /// The options of `dynamics analyze` for this model (without the shared ones).
        var arguments: [String] {
            var arguments: [String] = []
            if let onnx { arguments += ["--onnx", onnx] + (flow == true ? ["--flow"] : []) }
            if let cell { arguments += ["--cell", cell] }
            if let weights { arguments += ["--weights", weights] }
            if let input, !input.isEmpty { arguments += ["--input", input.map { "\($0)" }.joined(separator: ",")] }
            if let candidates { arguments += ["--candidates", candidates] }
            return arguments
        }

        /// The model and candidate files, for the settings digest.
        var files: [String] { [weights, onnx, candidates].compactMap { $0 } }
    }

    var models: [Model]

    /// Reads `path` (.json or .csv) and resolves relative paths against its folder.
    init(contentsOf path: String) throws {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch { throw CommandError("cannot read the sweep manifest \(path)") }
        if path.lowercased().hasSuffix(".csv") {
            models = try Self.csv(String(decoding: data, as: UTF8.self), path: path)
        } else {
            struct File: Decodable { var models: [Model] }
            do { models = try JSONDecoder().decode(File.self, from: data).models } catch {
                throw CommandError("\(path) is not a sweep manifest: it must be JSON {\"models\": [{\"name\": ..., \"cell\": ..., \"weights\": ..., \"input\": [...]}, ...]} or a .csv (\(error))")
            }
        }
        guard !models.isEmpty else { throw CommandError("\(path) lists no model") }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        func resolved(_ file: String?) -> String? { file.map { $0.hasPrefix("/") ? $0 : folder.appendingPathComponent($0).path } }
        var names = Set<String>()
        for k in models.indices {
            let model = models[k]
            guard !model.name.isEmpty, !model.name.contains("/"), model.name != ".", model.name != ".." else {
                throw CommandError("\(path), model \(k + 1): a name must be non-empty and a plain file name, got '\(model.name)'")
            }
            guard names.insert(model.name).inserted else { throw CommandError("\(path): two models are called '\(model.name)'") }
            guard (model.onnx != nil) != (model.cell != nil && model.weights != nil) else {
                throw CommandError("\(path), model '\(model.name)': give either cell and weights, or onnx")
            }
            models[k].weights = resolved(model.weights)
            models[k].onnx = resolved(model.onnx)
            models[k].candidates = resolved(model.candidates)
        }
    }

    /// Rows of a CSV manifest.
    private static func csv(_ text: String, path: String) throws -> [Model] {
        let lines = text.split(whereSeparator: \.isNewline).map { String($0) }.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        guard let header = lines.first?.split(separator: ",", omittingEmptySubsequences: false).map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }),
            header.contains("name") else {
            throw CommandError("\(path): a CSV manifest starts with a header naming its columns: name,cell,weights,onnx,flow,input,candidates")
        }
        return try lines.dropFirst().enumerated().map { row, line in
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count == header.count else { throw CommandError("\(path), line \(row + 2): \(cells.count) columns, the header has \(header.count)") }
            var values: [String: String] = [:]
            for (key, value) in zip(header, cells) where !value.isEmpty { values[key] = value }
            var input: [Double]?
            if let text = values["input"] {
                let parts = text.split(whereSeparator: { $0 == " " || $0 == ";" }).map { Double($0) }
                guard parts.allSatisfy({ $0?.isFinite == true }) else { throw CommandError("\(path), line \(row + 2): input '\(text)' is not numbers") }
                input = parts.map { $0! }
            }
            return Model(
                name: values["name"] ?? "", cell: values["cell"], weights: values["weights"], onnx: values["onnx"],
                flow: values["flow"].map { ["1", "true", "yes"].contains($0.lowercased()) }, input: input, candidates: values["candidates"])
        }
    }
}
