import Dynamics
import DynamicsTestSupport
import PropertyBased
import XCTest
import Yang2020

/// The network's parametric maps: analytic [∂F/∂h | ∂F/∂u] against dual numbers, the coherence map
/// against the network's own step, the input linearisation against the map, and a coherence sweep whose
/// every point is certified.
final class InputDrivenMapTests: XCTestCase {
    func testAnalyticJointJacobianMatchesDualNumbers() {
        forAllCases(8) { rng in
            var seeded = SeededGenerator(seed: rng.next())
            let network = RecurrentNetwork(hidden: Arbitrary.int(in: 2...12, using: &rng), alpha: [1, 0.5].randomElement(using: &rng)!, using: &seeded)
            let map = InputDrivenMap(network: network)
            let h = Arbitrary.vector(network.hiddenCount, in: -1...1, using: &rng), u = Arbitrary.vector(3, in: 0...1, using: &rng)
            assertClose(map.jointJacobian(at: h, parameters: u), map.dualNumberJointJacobian(at: h, parameters: u), tolerance: 1e-13, "input map")
            let coherence = CoherenceMap(network: network, fixation: 1)
            let c = Gen.double(in: -51.2...51.2).run(using: &rng)
            assertClose(coherence.jointJacobian(at: h, parameters: [c]), coherence.dualNumberJointJacobian(at: h, parameters: [c]), tolerance: 1e-13, "coherence map")
            assertClose(coherence.step(h, parameters: [c]), network.nextHidden(h, input: [1, 0.5 + c / 200, 0.5 - c / 200]), tolerance: 1e-13, "u(c)")
        }
    }

    /// On a piecewise-affine map the one-step linear prediction is exact while no unit switches.
    func testLinearizationPredictsWithinTheRegion() throws {
        var rng = SeededGenerator(seed: 5)
        let network = RecurrentNetwork(hidden: 10, using: &rng)
        let map = InputDrivenMap(network: network)
        let h = (0..<10).map { _ in Double.random(in: 0...1, using: &rng) }
        let u = [1, 0.5, 0.5]
        let linear = try InputLinearization(map, at: h, parameters: u)
        let (dh, du) = ((0..<10).map { _ in Double.random(in: -1e-6...1e-6, using: &rng) }, [0.0, 1e-6, -1e-6])
        let moved = zip(h, dh).map { $0 + $1 }, input = zip(u, du).map { $0 + $1 }
        // F(h; u) = h is not assumed here: predict from the map value at (h, u) instead of from h.
        let exact = map.step(moved, parameters: input)
        let base = map.step(h, parameters: u)
        let predicted = zip(zip(base, linear.stateJacobian * dh), linear.inputJacobian * du).map { $0.0 + $0.1 + $1 }
        assertClose(predicted, exact, tolerance: 1e-13, "first order is exact inside the activation region")
        let selection = linear.selection(modes: 2)
        XCTAssertEqual(selection.count, 2)
        XCTAssertEqual(selection[0].count, 3, "one projection per input channel")
    }

    /// Continuation across coherence on a small trained network: every point certified.
    func testCoherenceSweepPointsAreCertified() throws {
        var rng = SeededGenerator(seed: 8)
        var network = RecurrentNetwork(hidden: 8, using: &rng)
        var options = TrainingOptions()
        options.epochs = 1
        options.batchesPerEpoch = 8
        _ = try Trainer.train(&network, task: DecisionMakingTask(), options: options, using: &rng)
        let map = CoherenceMap(network: network)
        let fixed = try SlowPointFinder(map.fixing(parameters: [0])).find(from: (0..<20).map { _ in (0..<8).map { _ in Double.random(in: 0...2, using: &rng) } })
        guard let seed = fixed.fixedPoints.first else { throw XCTSkip("this network has no fixed point at zero coherence") }
        let branch = try FixedPointContinuation(map).branch(from: seed.state, parameters: [0], varying: 0, to: 51.2)
        XCTAssertEqual(branch.termination, .reachedEnd)
        for point in branch.points {
            let g = zip(map.step(point.state, parameters: [point.parameter]), point.state).map { $0 - $1 }
            XCTAssertLessThanOrEqual(g.reduce(0) { $0 + $1 * $1 }.squareRoot(), 1e-10 * Swift.max(1, point.state.reduce(0) { $0 + $1 * $1 }.squareRoot()))
        }
        for event in branch.bifurcations where event.kind == .borderCollision {
            XCTAssertLessThan(map.switchingFunctions(at: event.state, parameters: [event.parameter]).map(abs).min()!, 1e-9)
        }
    }
}
