import Dynamics
import DynamicsTestSupport
import PropertyBased
import XCTest

@testable import DynamicsONNX

/// Recurrent models of the kinds people analyse, exported with float32 weights: their fixed points
/// found by the slow-point finder on the ONNX step, certified in float64, with the spectra of a
/// float64 NumPy truth (Newton's method from many starts and finite-difference Jacobians).
final class ONNXFamilyTests: XCTestCase {
    func testFixedPointsAndSpectraMatchTheNumPyTruth() throws {
        let families = try Fixtures.json("families.json", as: [String: Fixtures.Family].self)
        XCTAssertEqual(families.count, 5)
        for (name, truth) in families.sorted(by: { $0.key < $1.key }) {
            let graph = try ONNXStep(contentsOf: Fixtures.path(name))
            XCTAssertEqual(graph.dimension, truth.dimension, name)
            if truth.flow {
                try check(ONNXFlow(graph).flow(input: truth.input), truth: truth, name: name) { x, f in zip(x, f).map { $0 + 0.2 * $1 } }
            } else {
                try check(graph.map(input: truth.input), truth: truth, name: name) { _, next in next }
            }
        }
    }

    /// Candidates from seeded random states and short trajectories (`advance` makes one step from the
    /// state and its `step`), refined; every certified point is a truth point with its spectrum, and
    /// every stable truth point is found.
    private func check<S: DynamicalSystem>(_ system: S, truth: Fixtures.Family, name: String, advance: ([Double], [Double]) -> [Double]) throws {
        var rng = Xoshiro(seed: (7, 11, 13, 17))
        var candidates: [[Double]] = []
        for trajectory in 0..<160 {
            var x = Arbitrary.vector(system.dimension, using: &rng)
            // A quarter stay random (they reach unstable points); the others run onto attractors.
            if trajectory % 4 != 0 {
                for _ in 0..<100 { x = advance(x, system.step(x)) }
            }
            // Trajectories that ended together are one candidate.
            if !candidates.contains(where: { zip($0, x).allSatisfy { abs($0 - $1) < 1e-4 } }) { candidates.append(x) }
        }
        // As `dynamics analyze` does: Newton on the plan's Jacobians from every candidate.
        var options = SlowPointOptions()
        options.warmStartSteps = 0
        options.refinement = .dense
        options.sharesCertifiedJacobians = true
        let found = try SlowPointFinder(system, options: options).find(from: candidates).fixedPoints
        XCTAssertFalse(found.isEmpty, "\(name): no fixed point found")
        var matched = 0, unmatched = 0
        for point in found {
            // NumPy's Newton from 120 starts (half of them after 40 steps toward an attractor) may miss
            // unstable points these candidates reach, never a stable one: such a point must be unstable,
            // and a root of the step itself (checked here, not taken from the finder's certificate).
            guard let match = truth.fixedPoints.first(where: { zip($0.state, point.state).allSatisfy { isClose($0, $1, tolerance: 1e-7) } }) else {
                let step = system.step(point.state)
                let residual = (truth.flow ? step : zip(step, point.state).map { $0 - $1 }).map { $0 * $0 }.reduce(0, +).squareRoot()
                XCTAssertLessThanOrEqual(residual, 1e-10 * max(1, point.state.map { $0 * $0 }.reduce(0, +).squareRoot()), "\(name): not a root of the step")
                XCTAssertFalse(try LinearStability(system, at: point.state).isStable, "\(name): a stable fixed point NumPy did not find")
                unmatched += 1
                continue
            }
            matched += 1
            let stability = try LinearStability(system, at: point.state)
            XCTAssertEqual(stability.isStable, match.stable, "\(name): stability")
            let eigenvalues = stability.eigenvalues.sorted { ($0.length, $0.imaginary) > ($1.length, $1.imaginary) }
            for (computed, expected) in zip(eigenvalues, match.eigenvalues) {
                XCTAssertEqual(computed.real, expected[0], accuracy: 1e-6, "\(name): eigenvalue")
                XCTAssertEqual(abs(computed.imaginary), abs(expected[1]), accuracy: 1e-6, "\(name): eigenvalue")
            }
        }
        XCTAssertGreaterThanOrEqual(matched, truth.fixedPoints.filter(\.stable).count, name)
        XCTAssertLessThanOrEqual(unmatched, matched, "\(name): most certified points should be NumPy's")
        for expected in truth.fixedPoints where expected.stable {
            XCTAssertTrue(
                found.contains { zip($0.state, expected.state).allSatisfy { isClose($0, $1, tolerance: 1e-7) } },
                "\(name): a stable fixed point of NumPy's was not found")
        }
    }
}
