import Dynamics
import DynamicsTestSupport
import Foundation
import XCTest

@testable import DynamicsONNX

/// Files the reader must refuse with a clear error, and hostile bytes it must survive.
final class ONNXMalformedFileTests: XCTestCase {
    func testMalformedFilesAreRefusedWithTheirReason() throws {
        let cases = try Fixtures.json("malformed.json", as: [String: [String]].self)
        XCTAssertGreaterThanOrEqual(cases.count, 17)
        for (name, words) in cases.sorted(by: { $0.key < $1.key }) {
            do {
                _ = try ONNXStep(contentsOf: Fixtures.path(name))
                XCTFail("\(name) was accepted")
            } catch {
                for word in words where !error.description.contains(word) {
                    XCTFail("\(name): the error '\(error)' does not say '\(word)'")
                }
            }
        }
    }

    func testExternalDataNextToTheModelIsRead() throws {
        struct Expected: Decodable { var state: [Double]; var output: [Double] }
        let expected = try Fixtures.json("external/expected.json", as: Expected.self)
        let step = try ONNXStep(contentsOf: Fixtures.path("external/model.onnx"))
        assertClose(step.step(expected.state, parameters: []), expected.output, tolerance: 1e-12)
    }

    func testMissingFilesAndFoldersAreRefused() {
        XCTAssertThrowsError(try ONNXStep(contentsOf: "/no/such/model.onnx")) { XCTAssertTrue("\($0)".contains("cannot read")) }
        XCTAssertThrowsError(try ONNXStep(contentsOf: Fixtures.path("operators"))) { XCTAssertTrue("\($0)".contains("folder")) }
    }

    /// Truncations, bit flips and byte insertions of valid models: every one is read or refused with
    /// an ``ONNXError``, none crashes (the libFuzzer harness in Fuzz/ runs the same at 10⁶ inputs).
    func testMutatedModelsNeverCrashTheReader() throws {
        let names = ["operators/gru.onnx", "operators/lstm-peepholes.onnx", "operators/slice-2d.onnx", "families/keras-style-gru.onnx"]
        let originals = try names.map { try Data(contentsOf: URL(fileURLWithPath: Fixtures.path($0))) }
        forAllCases(60) { rng in
            var bytes = [UInt8](originals[Int(rng.next() % UInt64(originals.count))])
            for _ in 0..<(1 + Int(rng.next() % 4)) {
                let position = Int(rng.next() % UInt64(bytes.count))
                switch rng.next() % 3 {
                case 0: bytes = Array(bytes[..<position])
                case 1: bytes[position] ^= UInt8(1 << (rng.next() % 8))
                default: bytes.insert(UInt8(truncatingIfNeeded: rng.next()), at: position)
                }
                if bytes.isEmpty { break }
            }
            do {
                let step = try ONNXStep(serialized: Data(bytes))
                let x = [Double](repeating: 0.1, count: step.dimension), u = [Double](repeating: 0.2, count: step.parameterCount)
                _ = step.step(x, parameters: u)
                _ = step.jointJacobian(at: x, parameters: u)
            } catch {
                XCTAssertTrue(error is ONNXError, "\(error)")
            }
        }
    }
}

/// Inputs the fuzzer found or that sit at integer edges: refused, never an overflow trap.
final class ONNXIntegerEdgeTests: XCTestCase {
    /// A model of `nodes` on a 4-value state `x` with integer initializers (1-D unless `shapes` gives
    /// their dims), output `y`.
    private func model(_ nodes: Onnx_NodeProto..., initializers: [String: [Int64]], shapes: [String: [Int64]] = [:]) throws -> Data {
        var graph = Onnx_GraphProto()
        graph.node = nodes
        var state = Onnx_ValueInfoProto()
        state.name = "x"
        var tensorType = Onnx_TypeProto.Tensor()
        tensorType.elemType = 11
        var dim = Onnx_TensorShapeProto.Dimension()
        dim.dimValue = 4
        tensorType.shape.dim = [dim]
        state.type.tensorType = tensorType
        graph.input = [state]
        var output = Onnx_ValueInfoProto()
        output.name = "y"
        graph.output = [output]
        graph.initializer = initializers.map { name, values in
            var tensor = Onnx_TensorProto()
            tensor.name = name
            tensor.dataType = 7
            tensor.dims = shapes[name] ?? [Int64(values.count)]
            tensor.int64Data = values
            return tensor
        }
        var model = Onnx_ModelProto()
        model.irVersion = 8
        var opset = Onnx_OperatorSetIdProto()
        opset.version = 17
        model.opsetImport = [opset]
        model.graph = graph
        return try model.serializedData()
    }

    func testHugeReshapeTargetsAndAttributesAreRefused() throws {
        var reshape = Onnx_NodeProto()
        (reshape.opType, reshape.input, reshape.output) = ("Reshape", ["x", "shape"], ["y"])
        for target: [Int64] in [[1 << 40, 1 << 40], [Int64.max, 2], [-1, 1 << 62], [4, 0, 1 << 30, 1 << 30]] {
            XCTAssertThrowsError(try ONNXStep(serialized: model(reshape, initializers: ["shape": target]))) {
                XCTAssertTrue("\($0)".contains("Reshape"), "\($0)")
            }
        }
        var transpose = Onnx_NodeProto()
        (transpose.opType, transpose.input, transpose.output) = ("Transpose", ["x"], ["y"])
        var perm = Onnx_AttributeProto()
        (perm.name, perm.type, perm.ints) = ("perm", .ints, [Int64.min])
        transpose.attribute = [perm]
        XCTAssertThrowsError(try ONNXStep(serialized: model(transpose, initializers: [:])))
        var split = Onnx_NodeProto()
        (split.opType, split.input, split.output) = ("Split", ["x", "sizes"], ["a", "y"])
        XCTAssertThrowsError(try ONNXStep(serialized: model(split, initializers: ["sizes": [Int64.max, Int64.min + 4]])))
    }

    /// An input the fuzzer found, kept in Fuzz/Regressions.
    private func fuzzRegression(_ name: String) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Fuzz/Regressions/\(name)"))
    }

    /// Fuzz/Regressions/onnx-empty-huge-extent.onnx (193 bytes): an empty int8 initializer of shape
    /// [2, 0, 14591, 0, 268369915, 0, …] split along axis 0; the split's index lists for the other axes
    /// asked for 2 GB. Empty values whose other dimensions multiply past 2²⁴ are refused, from a file
    /// or made by an operator (Expand, Reshape with allowzero).
    func testEmptyValuesWithHugeDimensionsAreRefused() throws {
        var split = Onnx_NodeProto()
        (split.opType, split.input, split.output) = ("Split", ["big"], ["a", "b"])
        XCTAssertThrowsError(try ONNXStep(serialized: model(split, initializers: ["big": []], shapes: ["big": [2, 0, 1 << 20, 1 << 20]]))) {
            XCTAssertTrue("\($0)".contains("'big'") && "\($0)".contains("no elements"), "\($0)")
        }
        var expand = Onnx_NodeProto()
        (expand.name, expand.opType, expand.input, expand.output) = ("wide", "Expand", ["x", "shape"], ["e"])
        var slice = Onnx_NodeProto()
        (slice.opType, slice.input, slice.output) = ("Slice", ["e", "starts", "ends"], ["y"])
        let initializers: [String: [Int64]] = ["shape": [0, 1 << 40, 4], "starts": [0], "ends": [1]]
        XCTAssertThrowsError(try ONNXStep(serialized: model(expand, slice, initializers: initializers))) {
            XCTAssertTrue("\($0)".contains("node 'wide' (Expand)") && "\($0)".contains("no elements"), "\($0)")
        }
        // An empty value of modest dimensions is still a value: concatenated with the state, it changes nothing.
        var concat = Onnx_NodeProto()
        (concat.opType, concat.input, concat.output) = ("Concat", ["x", "none"], ["y"])
        var axis = Onnx_AttributeProto()
        (axis.name, axis.type, axis.i) = ("axis", .int, 0)
        concat.attribute = [axis]
        let empty = try ONNXStep(serialized: model(concat, initializers: ["none": []], shapes: ["none": [0]]))
        XCTAssertEqual(empty.step([1, 2, 3, 4], parameters: []), [1, 2, 3, 4])
        XCTAssertThrowsError(try ONNXStep(serialized: fuzzRegression("onnx-empty-huge-extent.onnx"))) { XCTAssertTrue("\($0)".contains("no elements"), "\($0)") }
    }

    /// Fuzz/Regressions/onnx-uncomputed-output.onnx (257 bytes, one bit flipped in a fixture): a
    /// ReduceSum listing two outputs, the second read by the next node. The operator computes one, so
    /// the second had no value and reading it trapped; now refused with both nodes named.
    func testReadingAnOutputTheOperatorDoesNotComputeIsRefused() throws {
        var sum = Onnx_NodeProto()
        (sum.name, sum.opType, sum.input, sum.output) = ("sum", "ReduceSum", ["x"], ["total", "extra"])
        var scale = Onnx_NodeProto()
        (scale.name, scale.opType, scale.input, scale.output) = ("scale", "Mul", ["x", "extra"], ["y"])
        XCTAssertThrowsError(try ONNXStep(serialized: model(sum, scale, initializers: [:]))) {
            XCTAssertTrue("\($0)".contains("node 'scale' (Mul) reads 'extra', which node 'sum' lists as output 2, but ReduceSum computes 1"), "\($0)")
        }
        // The same model with the extra output unread is a valid step.
        scale.input = ["x", "total"]
        let step = try ONNXStep(serialized: model(sum, scale, initializers: [:]))
        XCTAssertEqual(step.step([1, 2, 3, 4], parameters: []), [10, 20, 30, 40])
        XCTAssertThrowsError(try ONNXStep(serialized: fuzzRegression("onnx-uncomputed-output.onnx"))) { XCTAssertTrue("\($0)".contains("lists as output 2, but ReduceSum computes 1"), "\($0)") }
    }
}
