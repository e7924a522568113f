import Dynamics
import DynamicsTestSupport
import PropertyBased
import ToySystems
import XCTest

/// Refinement that shares certified attractors' Jacobians (`sharesCertifiedJacobians`) finds every
/// attractor that refinement of each candidate on its own finds, certifies everything it reports, and
/// does not depend on the thread count.
final class SharedJacobianRefinementTests: XCTestCase {
    /// The distinct certified states of `result`.
    private func fixedStates(_ result: SlowPointResult) -> [[Double]] { result.fixedPoints.map(\.state) }

    /// Every attractor that at least 3 candidates reach alone is found again, and every point reported
    /// certified is certified. (Points that only one or two candidates reach are not promised: such a
    /// candidate may converge onto another attractor by the chord iteration instead, as the option's
    /// documentation says; measured, 1 stable point in 240 random Hopfield networks.)
    private func assertSameAttractors<S: DynamicalSystem>(_ system: S, _ shared: SlowPointResult, _ alone: SlowPointResult, _ label: String) throws {
        for point in alone.fixedPoints where try point.candidateIndices.count >= 3 && LinearStability(system, at: point.state).isStable {
            XCTAssertTrue(
                fixedStates(shared).contains { zip($0, point.state).allSatisfy { abs($0 - $1) < 1e-8 } },
                "\(label): an attractor found alone is missing with shared Jacobians")
        }
        for point in shared.refined where point.isFixedPoint {
            XCTAssertLessThanOrEqual(point.residual, 1e-10 * max(1, point.state.reduce(0) { $0 + $1 * $1 }.squareRoot()), "\(label): certified")
        }
    }

    /// Hopfield networks: many noisy copies of each memory and random states; every memory and its
    /// negative found alone are found again.
    func testHopfieldMemoriesAreAllFound() throws {
        try forAllCases(6) { rng in
            let log2Size = Arbitrary.int(in: 3...4, using: &rng)
            let n = 1 << log2Size
            let network = HopfieldNetwork(log2Size: log2Size, patternCount: Arbitrary.int(in: 2...3, using: &rng), beta: Gen.double(in: 1.5...3).run(using: &rng), using: &rng)
            let m = HopfieldNetwork.overlap(beta: network.beta)
            var candidates: [[Double]] = []
            for ξ in network.patterns {
                for sign in [1.0, -1.0] {
                    for _ in 0..<20 { candidates.append(ξ.map { sign * $0 * (m + Gen.double(in: -0.3...0.3).run(using: &rng)) }) }
                }
            }
            candidates += (0..<40).map { _ in Arbitrary.vector(n, using: &rng) }
            var options = SlowPointOptions()
            options.warmStartSteps = 0
            // Both refinement paths share: dense, and matrix-free (the path above 256 units).
            options.refinement = Arbitrary.int(in: 0...1, using: &rng) == 0 ? .dense : .matrixFree
            let alone = try SlowPointFinder(network, options: options).find(from: candidates)
            options.sharesCertifiedJacobians = true
            let shared = try SlowPointFinder(network, options: options).find(from: candidates)
            options.parallel = false
            let serial = try SlowPointFinder(network, options: options).find(from: candidates)
            try assertSameAttractors(network, shared, alone, "Hopfield N = \(n), P = \(network.patterns.count), \(options.refinement)")
            XCTAssertEqual(shared.refined.map(\.state), serial.refined.map(\.state), "same results on one thread")
            XCTAssertLessThan(
                shared.refined.reduce(0) { $0 + $1.iterations }, alone.refined.reduce(0) { $0 + $1.iterations } * 4,
                "iterations stay comparable")
        }
    }

    /// Random ReLU networks with gain above 1 (several fixed points in different activation regions):
    /// the chord iteration does not carry away the candidates of any attractor found alone.
    func testReLUNetworksLoseNoFixedPoint() throws {
        try forAllCases(8) { rng in
            let n = Arbitrary.int(in: 4...12, using: &rng)
            let network = ReluNetworkMap(dimension: n, gain: Gen.double(in: 1.2...2.5).run(using: &rng), using: &rng)
            let candidates = (0..<150).map { _ in Arbitrary.vector(n, in: 0...2, using: &rng) }
            var options = SlowPointOptions()
            options.warmStartSteps = 0
            let alone = try SlowPointFinder(network, options: options).find(from: candidates)
            options.sharesCertifiedJacobians = true
            let shared = try SlowPointFinder(network, options: options).find(from: candidates)
            try assertSameAttractors(network, shared, alone, "ReLU n = \(n)")
        }
    }
}
