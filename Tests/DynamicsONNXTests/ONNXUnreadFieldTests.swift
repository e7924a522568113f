import Dynamics
import DynamicsTestSupport
import Foundation
import XCTest

@testable import DynamicsONNX

/// The reader's schema (scripts/onnx/onnx.proto) holds only the fields it reads. Every other ONNX field
/// (functions, training info, doc strings, metadata, device configuration, value info, quantization
/// annotations) must be skipped without changing the step.
final class ONNXUnreadFieldTests: XCTestCase {
    /// A protobuf field: its key (number and wire type) and, for wire type 2, the length-prefixed bytes.
    private func field(_ number: Int, _ payload: [UInt8]) -> [UInt8] { varint(number << 3 | 2) + varint(payload.count) + payload }
    private func field(_ number: Int, _ text: String) -> [UInt8] { field(number, Array(text.utf8)) }
    private func varintField(_ number: Int, _ value: Int) -> [UInt8] { varint(number << 3) + varint(value) }
    private func varint(_ value: Int) -> [UInt8] {
        var (rest, bytes) = (UInt64(value), [UInt8]())
        repeat {
            bytes.append(UInt8(rest & 0x7f) | (rest >= 0x80 ? 0x80 : 0))
            rest >>= 7
        } while rest > 0
        return bytes
    }

    func testFieldsOutsideTheReadersSchemaChangeNothing() throws {
        for name in ["operators/gru.onnx", "families/keras-style-gru.onnx"] {
            let original = try Data(contentsOf: URL(fileURLWithPath: Fixtures.path(name)))
            // A node of an operator the reader does not know, inside places it must not look.
            let foreignNode = field(4, "NoSuchOperator") + field(1, "x") + field(2, "y")
            let stringEntry = field(1, "key") + field(2, "value")
            let model: [UInt8] =
                field(2, "exporter") + field(6, "a model") + field(14, stringEntry)  // producer, doc, metadata
                + field(25, field(1, "local_function") + field(7, foreignNode))  // FunctionProto
                + field(20, field(1, field(1, foreignNode)))  // TrainingInfoProto.initialization.node
                + field(26, field(1, "devices") + varintField(2, 2))  // DeviceConfigurationProto
                // GraphProto, merged into the model's graph: doc string, value info, quantization annotation.
                + field(7, field(10, "the graph") + field(13, field(1, "hidden")) + field(14, field(1, "w")))
            let extended = original + Data(model)
            let reference = try ONNXStep(serialized: original), step = try ONNXStep(serialized: extended)
            XCTAssertEqual(step.dimension, reference.dimension, name)
            XCTAssertEqual(step.parameterCount, reference.parameterCount, name)
            forAllCases(5) { rng in
                let x = Arbitrary.vector(step.dimension, using: &rng), u = Arbitrary.vector(step.parameterCount, using: &rng)
                XCTAssertEqual(step.step(x, parameters: u), reference.step(x, parameters: u), name)
            }
        }
    }
}
