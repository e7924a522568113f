import Dynamics
import DynamicsTestSupport
import Yang2020
@testable import Yang2020App
import XCTest

/// Decision basins of a two-unit network whose go-cue map h' = relu(diag(0.999, 0.5)·h + (0.001, 0.5))
/// has one stable fixed point h* = (1, 1), slow along h₁ (e-folding in 1000 steps). The readout chooses
/// 1 where h₁ ≥ h₂ + 0.5, so h* chooses 2. States far out along h₁ do not reach h*'s certified ball
/// within the mapper's 500 steps: they take the readout's choice after 50 steps (1 while h₁ is still
/// large), are counted, and the check then simulates 200 steps; states that arrive take h*'s choice.
final class DecisionBasinsTests: XCTestCase {
    func testStatesThatReachNoAttractorTakeTheReadoutAndAreCounted() throws {
        let network = try RecurrentNetwork(
            inputWeights: Matrix(rows: 3, columns: 2), recurrentWeights: Matrix([[0.999, 0], [0, 0.5]]), recurrentBias: [0.001, 0.5],
            readoutWeights: Matrix([[0, 1, 0], [0, 0, 1]]), readoutBias: [0, 0, 0.5])
        let activity: [[Double]] = (0..<200).map { (k: Int) -> [Double] in
            let (i, j) = (Double(k % 20), Double(k / 20))
            return [0.5 + 9.5 * i / 19, 0.5 + 1.5 * j / 9]
        }
        let pca = try PCAProjector(fitting: activity, components: 2)
        for block in [0, 8] {
            var basins = DecisionBasins(network: network, pca: pca, activity: activity, resolution: 24)
            basins.tracingBlock = block
            let result = try basins.run()
            XCTAssertEqual(result.mode, .attractors, "block \(block)")
            XCTAssertEqual(result.attractors.map { $0.choice }, [2])
            assertClose(result.attractors[0].state, [1, 1], tolerance: 1e-10)
            XCTAssertFalse(result.choices.contains(0), "block \(block): every state gets a choice")
            XCTAssertGreaterThan(result.readoutLabelled, 0, "block \(block)")
            XCTAssertLessThan(result.readoutLabelled, result.followed, "block \(block): some states reach h*")
            XCTAssertTrue(result.choices.contains(1) && result.choices.contains(2), "block \(block)")
            XCTAssertEqual(result.agreement, 1, accuracy: 0.02, "block \(block): the choice had settled by 50 steps")
            if block == 0 { XCTAssertEqual(result.followed, 24 * 24) }
        }
    }
}
