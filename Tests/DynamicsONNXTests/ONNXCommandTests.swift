import DynamicsCommand
import Foundation
import XCTest

/// `dynamics analyze --onnx`: a map and a flow end to end, and the option errors.
final class ONNXCommandTests: XCTestCase {
    private var scratch = ""

    override func setUpWithError() throws {
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("onnx-command-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
    }

    override func tearDown() { try? FileManager.default.removeItem(atPath: scratch) }

    private func analyze(_ arguments: [String]) throws -> [String: Any] {
        let output = scratch + "/out-\(UUID().uuidString)"
        var command = try DynamicsCommand.parseAsRoot(["analyze", "--quiet", "--output", output] + arguments)
        try command.run()
        let data = try Data(contentsOf: URL(fileURLWithPath: output + "/report.json"))
        return try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    func testAMapAndAFlowFromONNXWriteTheReport() throws {
        let map = try analyze(["--onnx", Fixtures.path("families/keras-style-gru.onnx"), "--input", "0.4", "--samples", "200"])
        let mapPoints = try XCTUnwrap(map["fixedPoints"] as? [[String: Any]])
        XCTAssertGreaterThanOrEqual(mapPoints.count, 3, "the Keras-style GRU has at least three stable fixed points")
        XCTAssertEqual((map["settings"] as? [String: Any])?["cell"] as? String, "onnx")
        let flow = try analyze(["--onnx", Fixtures.path("families/low-rank-flow.onnx"), "--flow", "--input", "0.3", "--samples", "200"])
        let flowPoints = try XCTUnwrap(flow["fixedPoints"] as? [[String: Any]])
        XCTAssertEqual(flowPoints.count, 5, "NumPy finds five fixed points of the low-rank flow")
        XCTAssertEqual((flow["settings"] as? [String: Any])?["cell"] as? String, "onnx-flow")
    }

    func testBadONNXRequestsAreOneClearError() throws {
        let model = Fixtures.path("families/low-rank-flow.onnx")
        for (arguments, words) in [
            (["--onnx", model, "--input", "0.3,1"], "takes 1 input"),
            (["--onnx", model, "--cell", "gru", "--input", "0.3"], "replaces --cell"),
            (["--onnx", Fixtures.path("malformed/cycle.onnx")], "cycle"),
            (["--onnx", model, "--flow", "--basins", "20", "--input", "0.3"], "--basins"),
            (["--cell", "gru", "--flow", "--weights", model, "--input", "1"], "--flow"),
        ] {
            XCTAssertThrowsError(try analyze(arguments), "\(arguments)") { error in
                let message = "\(error)" + ((error as? LocalizedError)?.errorDescription ?? "") + DynamicsCommand.message(for: error)
                XCTAssertTrue(message.contains(words), "\(arguments): \(message)")
            }
        }
    }
}
