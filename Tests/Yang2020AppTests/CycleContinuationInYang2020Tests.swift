import Dynamics
import DynamicsNN
import Yang2020
@testable import Yang2020App
import XCTest

/// The command continues every cycle its network has across coherence. A one-unit network
/// h' = relu(1 + c·10⁻⁴ − 1.5·h) has the super-stable 2-cycle {0, 1 + c·10⁻⁴} at every coherence c: the
/// search finds it, and its branch covers ±51.2 with the cycle's closed form at every point.
final class CycleContinuationInYang2020Tests: XCTestCase {
    func testACycleIsFollowedAcrossCoherence() throws {
        let network = try RecurrentNetwork(
            inputWeights: Matrix([[0], [0.01], [-0.01]]), recurrentWeights: Matrix([[-1.5]]), recurrentBias: [1],
            readoutWeights: Matrix([[1, 0, 0]]), readoutBias: [0, 0, 0])
        let input = [1, 0.5, 0.5]
        let found = try ReLURegionSearch(network.map(input: input).layer).cycles(period: 2, seeds: [[0.3], [0.9]])
        XCTAssertEqual(found.cycles.count, 1)
        let entries = OrbitAnalysis.continueCycles(found.cycles, network: network, input: input)
        XCTAssertEqual(entries.count, 1)
        let entry = try XCTUnwrap(entries.first)
        XCTAssertEqual(entry.period, 2)
        XCTAssertEqual(entry.branches.map(\.termination), [.reachedEnd, .reachedEnd])
        let report = Report.CycleBranchReport(entry)
        XCTAssertEqual(report.coherenceRange, [-51.2, 51.2])
        XCTAssertTrue(report.events.isEmpty, "\(report.events)")
        for point in entry.branches.flatMap(\.points) {
            let a = 1 + point.parameter * 1e-4
            XCTAssertEqual(point.nodes.map { $0[0] }.sorted(), [0, a], accuracy: 1e-12)
            XCTAssertTrue(point.isStable)
        }
        // An input that is not a coherence input: nothing to follow.
        XCTAssertTrue(OrbitAnalysis.continueCycles(found.cycles, network: network, input: [1, 0.2, 0.2]).isEmpty)
    }
}

private func XCTAssertEqual(_ a: [Double], _ b: [Double], accuracy: Double, file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(a.count, b.count, file: file, line: line)
    for (x, y) in zip(a, b) { XCTAssertEqual(x, y, accuracy: accuracy, file: file, line: line) }
}
