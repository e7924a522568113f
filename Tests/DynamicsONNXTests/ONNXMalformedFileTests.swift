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
