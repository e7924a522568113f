import Dynamics
import DynamicsNN
import Foundation
import XCTest
import ZIPFoundation

/// The weight readers on hand-built files: safetensors in every dtype, lying headers, .npz stored and
/// deflated, folders of .npy, prefixes, missing and misshapen tensors.
final class WeightLoadingTests: XCTestCase {
    var scratch = ""

    override func setUpWithError() throws {
        scratch = NSTemporaryDirectory() + "dynamics-nn-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
    }

    override func tearDown() { try? FileManager.default.removeItem(atPath: scratch) }

    /// A safetensors file from (name, dtype, shape, raw bytes).
    func safetensors(_ entries: [(String, String, [Int], [UInt8])], header override: String? = nil) -> [UInt8] {
        var offset = 0
        var parts: [String] = []
        var data: [UInt8] = []
        for (name, dtype, shape, bytes) in entries {
            parts.append("\"\(name)\": {\"dtype\": \"\(dtype)\", \"shape\": \(shape), \"data_offsets\": [\(offset), \(offset + bytes.count)]}")
            offset += bytes.count
            data += bytes
        }
        let header = Array((override ?? "{\"__metadata__\": {\"format\": \"pt\"}, " + parts.joined(separator: ", ") + "}").utf8)
        var length = UInt64(header.count)
        let lengthBytes = withUnsafeBytes(of: &length) { Array($0) }
        return lengthBytes + header + data
    }

    func littleEndian<T>(_ values: [T]) -> [UInt8] { values.withUnsafeBytes { Array($0) } }

    func write(_ bytes: [UInt8], _ name: String) throws -> String {
        let path = scratch + "/" + name
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    func testSafetensorsEveryDType() throws {
        let values: [Float] = [1.5, -2.25, 0.125, 3]
        let half: [UInt16] = [0x3E00, 0xC080, 0x3000, 0x4200]          // 1.5, −2.25, 0.125, 3 in binary16
        let bfloat: [UInt16] = values.map { UInt16($0.bitPattern >> 16) }  // exact in bfloat16
        let file = safetensors([
            ("rnn.f32", "F32", [2, 2], littleEndian(values)), ("rnn.f64", "F64", [4], littleEndian(values.map(Double.init))),
            ("rnn.f16", "F16", [1, 4], littleEndian(half)), ("rnn.bf16", "BF16", [4], littleEndian(bfloat)),
        ])
        let dict = try StateDict(contentsOf: try write(file, "model.safetensors"))
        for name in ["f32", "f64", "f16", "bf16"] {
            XCTAssertEqual(try dict.tensor(name).values, [1.5, -2.25, 0.125, 3], name)
        }
        XCTAssertEqual(try dict.tensor("f32").shape, [2, 2])
    }

    func testSafetensorsLiesAreErrors() throws {
        let good = safetensors([("w", "F32", [2], littleEndian([Float(1), 2]))])
        let cases: [([UInt8], String)] = [
            (Array(good.prefix(5)), "header length alone"),
            (Array(good.dropLast(3)), "outside"),
            (safetensors([], header: "{\"w\": {\"dtype\": \"F32\", \"shape\": [3], \"data_offsets\": [0, 8]}}") + [0, 0, 0, 0, 0, 0, 0, 0], "data_offsets span"),
            (safetensors([], header: "{\"w\": {\"dtype\": \"I8\", \"shape\": [1], \"data_offsets\": [0, 1]}}") + [0], "dtype I8"),
            (safetensors([], header: "[1, 2]"), "JSON object"),
            ([255, 255, 255, 255, 255, 255, 255, 127, 0], "header claims"),
            (safetensors([], header: "{\"w\": {\"dtype\": \"F32\", \"shape\": [9223372036854775807, 4], \"data_offsets\": [0, 0]}}"), "needs more bytes"),
        ]
        for (bytes, fragment) in cases {
            let path = try write(bytes, "bad.safetensors")
            XCTAssertThrowsError(try StateDict(contentsOf: path), fragment) { XCTAssertTrue("\($0)".contains(fragment), "\(fragment): \($0)") }
        }
    }

    func testNPZStoredAndDeflatedAndFolders() throws {
        let w = try NumPyArray(shape: [2, 3], values: [1, 2, 3, 4, 5, 6])
        let b = try NumPyArray(shape: [2], values: [0.5, -0.5])
        let folder = scratch + "/weights"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try w.write(to: folder + "/weight_hh_l0.npy")
        try b.write(to: folder + "/bias_hh_l0.npy")
        for method in [CompressionMethod.none, .deflate] {
            let path = scratch + "/model-\(method).npz"
            let archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .create)
            for name in ["weight_hh_l0", "bias_hh_l0"] {
                try archive.addEntry(with: "gru." + name + ".npy", fileURL: URL(fileURLWithPath: folder + "/" + name + ".npy"), compressionMethod: method)
            }
            let dict = try StateDict(contentsOf: path)
            XCTAssertEqual(try dict.tensor("weight_hh_l0"), w, "\(method)")
            XCTAssertEqual(try dict.tensor("bias_hh_l0"), b, "\(method)")
        }
        let fromFolder = try StateDict(contentsOf: folder)
        XCTAssertEqual(try fromFolder.tensor("weight_hh_l0"), w)
        XCTAssertThrowsError(try StateDict(contentsOf: try write(Array("not a zip".utf8), "bad.npz"))) { XCTAssertTrue("\($0)".contains("zip archive"), "\($0)") }
        XCTAssertThrowsError(try StateDict(contentsOf: scratch + "/missing.npz")) { XCTAssertTrue("\($0)".contains("no such file")) }
        XCTAssertThrowsError(try StateDict(contentsOf: try write([1], "model.bin"))) { XCTAssertTrue("\($0)".contains("not a .safetensors")) }
    }

    func testCellShapesAndNamesAreChecked() throws {
        let n = 3
        func dict(_ shapes: [String: [Int]]) throws -> StateDict {
            var tensors: [String: NumPyArray] = [:]
            for (name, shape) in shapes { tensors[name] = try NumPyArray(shape: shape, values: Array(repeating: 0.1, count: shape.reduce(1, *))) }
            return StateDict(tensors: tensors)
        }
        let good = try dict(["gru.weight_ih_l0": [3 * n, 2], "gru.weight_hh_l0": [3 * n, n], "gru.bias_ih_l0": [3 * n], "gru.bias_hh_l0": [3 * n]])
        let weights = try RecurrentCellKind.gru.weights(from: good)
        XCTAssertEqual(weights.hidden, n)
        XCTAssertEqual(weights.inputs, 2)
        XCTAssertThrowsError(try RecurrentCellKind.lstm.weights(from: good)) { XCTAssertTrue("\($0)".contains("weight_hh_l0 has shape [9, 3]"), "\($0)") }
        let wrongBias = try dict(["weight_ih_l0": [3 * n, 2], "weight_hh_l0": [3 * n, n], "bias_ih_l0": [n], "bias_hh_l0": [3 * n]])
        XCTAssertThrowsError(try RecurrentCellKind.gru.weights(from: wrongBias)) { XCTAssertTrue("\($0)".contains("bias_ih_l0 has shape [3]; the cell needs [9] (3·H, H = 3)"), "\($0)") }
        let missing = try dict(["weight_ih_l0": [n, 2]])
        XCTAssertThrowsError(try RecurrentCellKind.rnnTanh.weights(from: missing)) { XCTAssertTrue("\($0)".contains("no tensor named weight_hh_l0"), "\($0)") }
        let twoModels = try dict(["a.weight_hh_l0": [n, n], "b.weight_hh_l0": [n, n], "weight_ih_l0": [n, 1]])
        XCTAssertThrowsError(try RecurrentCellKind.rnnTanh.weights(from: twoModels)) { XCTAssertTrue("\($0)".contains("2 tensors end in weight_hh_l0"), "\($0)") }
        let noBias = try dict(["weight_ih_l0": [n, 1], "weight_hh_l0": [n, n]])
        XCTAssertEqual(try RecurrentCellKind.rnnTanh.weights(from: noBias).inputBias, [0, 0, 0], "bias=False reads as zero biases")
    }

    /// Inputs the fuzzers (Fuzz/run.sh) found crashing a reader, kept as regression tests: each must
    /// now be read or refused with a `WeightLoadingError`, from memory and from a file alike.
    func testFuzzFoundArchivesDoNotTrap() throws {
        // Fuzz/Regressions/npz-memory-archive-overread.npz: ZIPFoundation's in-memory archive read past
        // its buffer and trapped.
        let overread = [
        "UEsDBC0AAAAAAAAAIQDgFnaj//////////8QABQAd2VpZ2h0X2loX2wwLm5weQEAEACwAAAAAAAAALAAAAAAAAAAk05VTVBZ",
        "AQB2AHsnZGVzY3InOiAnPGY4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsIDMpLCB9ICAgICAgICAg",
        "ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAADwPwAAAAAAAPA/AAAAAAAA",
        "8D8AAAAAAADwPwAAAAAAAPA/AAAAAAAA8D9QSwMELQAAAAAAAAAhAG6Zsij//////////w4AFABiaW5weVBLAQItAy0AAAAA",
        "AAAAIQBumbIokAAAAJAAAAAOAAAAAAAAAAAAAACAAfIAAABiaWFzX2loX2wwLm5weVBLBQYAAAAAAgACAHoAAADCAQAAAAA=",
        ].joined()
        let data = try XCTUnwrap(Data(base64Encoded: overread))
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("overread-\(UUID().uuidString).npz")
        try data.write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        func outcome(_ read: () throws -> StateDict) -> String {
            do { return try "read " + read().tensors.keys.sorted().joined(separator: ",") } catch {
                XCTAssertTrue(error is WeightLoadingError, "\(error)")
                return "refused"
            }
        }
        XCTAssertEqual(outcome { try StateDict(npzData: data) }, outcome { try StateDict(contentsOf: file.path) })
        // Fuzz/Regressions/npz-zip64-offset-beyond-int64.npz (102 bytes): a zip64 directory offset
        // beyond Int64.max trapped in ZIPFoundation's conversion to off_t.
        let zip64 = try XCTUnwrap(Data(base64Encoded: "SwMELVBLBgYAX1RSlJgXn1+UkgoACAcFS1AAAAAhowAAIABJdGVyYXRvclByAAAAAAByYXRvclCO///2UEsGB3dlSGFzaGFibGVssC5ucHlQSwUGAAAAAAEAAQA+AAAAkwAAAAAA"))
        XCTAssertThrowsError(try StateDict(npzData: zip64)) { XCTAssertTrue("\($0)".contains("not a readable zip archive"), "\($0)") }
    }
}
