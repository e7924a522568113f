import Foundation
import NeuronModelsApp
import XCTest

/// `neuron-models` end to end at a coarse grid (Wilson–Cowan, the fastest in a debug build; the
/// example runs all three in release): every file, an equilibrium at rest at the first input, a
/// stable limit cycle around an unstable focus at the second, and the two folds of its branch.
final class NeuronModelsCommandTests: XCTestCase {
    func testWritesEveryFigureAndTheReport() throws {
        let output = NSTemporaryDirectory() + "neuron-models-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: output) }
        var command = try NeuronModelsCommand.parseAsRoot(["--model", "wilson-cowan", "--resolution", "40", "--output", output, "--quiet", "--no-cycle-branches"])
        try command.run()
        let files = try FileManager.default.contentsOfDirectory(atPath: output)
        XCTAssertEqual(Set(files), ["wilson-cowan-portrait-1.svg", "wilson-cowan-portrait-2.svg", "wilson-cowan-bifurcation.svg", "report.json", "report.md"])
        let report = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: output + "/report.json"))) as? [String: Any])
        let models = try XCTUnwrap(report["models"] as? [[String: Any]])
        XCTAssertEqual(models.count, 1)
        for model in models {
            let name = model["name"] as? String ?? "?"
            let portraits = try XCTUnwrap(model["portraits"] as? [[String: Any]])
            XCTAssertNil(portraits[0]["limitCycle"], "\(name): at rest, no cycle")
            let cycle = try XCTUnwrap(portraits[1]["limitCycle"] as? [String: Any], "\(name): oscillating")
            XCTAssertEqual(cycle["isStable"] as? Bool, true, "\(name)")
            let kinds = (portraits[1]["equilibria"] as? [[String: Any]])?.compactMap { $0["kind"] as? String }
            XCTAssertEqual(kinds, ["unstable focus"], "\(name): the cycle surrounds an unstable focus")
        }
        // S-shaped: the low branch folds back at P ≈ 1.045 and forward again at P ≈ 0.781; the focus
        // turning into a node along the way is no Hopf point.
        XCTAssertEqual((models[0]["bifurcations"] as? [[String: Any]])?.compactMap { $0["kind"] as? String }, ["fold", "fold"])
        XCTAssertThrowsError(try NeuronModelsCommand.parseAsRoot(["--resolution", "5"]))
        XCTAssertThrowsError(try NeuronModelsCommand.parseAsRoot(["--model", "hodgkin-huxley"]))
    }
}
