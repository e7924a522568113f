import Dynamics
import DynamicsTestSupport
import NeuronModels
import XCTest

/// FitzHugh–Nagumo against its closed forms: both nullclines, the equilibrium, the Hopf currents where
/// 1 − v² = b/τ, and the limit cycle past the lower one.
final class FitzHughNagumoTests: XCTestCase {
    let model = FitzHughNagumo()

    func testNullclinesMatchTheirClosedForms() throws {
        for current in [0.0, 0.5] {
            let plane = try PhasePlane(model.fixing(parameters: [current]), x: -2.5...2.5, y: -1...2.5)
            let nullclines = plane.nullclines(resolution: 200)
            let rough = plane.nullclines(resolution: 200, refinementSteps: 0)
            // Distances to first order, |g|/|∇g|: the cubic w = v − v³/3 + I has g = v − v³/3 + I − w.
            func cubic(_ p: [Double]) -> Double { abs(p[0] - p[0] * p[0] * p[0] / 3 + current - p[1]) / (1 + (1 - p[0] * p[0]) * (1 - p[0] * p[0])).squareRoot() }
            func line(_ p: [Double]) -> Double { abs(p[1] - (p[0] + model.a) / model.b) / (1 + 1 / (model.b * model.b)).squareRoot() }
            XCTAssertEqual(nullclines[0].segments.count, 1, "I = \(current): the cubic is one branch in the box")
            XCTAssertEqual(nullclines[1].segments.count, 1, "I = \(current): the line is one branch")
            XCTAssertLessThanOrEqual(nullclines[0].segments.flatMap { $0 }.map(cubic).max()!, 1e-9, "I = \(current): v-nullcline refined")
            XCTAssertLessThanOrEqual(nullclines[1].segments.flatMap { $0 }.map(line).max()!, 1e-9, "I = \(current): w-nullcline refined")
            XCTAssertLessThanOrEqual(rough[0].segments.flatMap { $0 }.map(cubic).max()!, 2e-3, "I = \(current): v-nullcline before refinement")
            XCTAssertLessThanOrEqual(rough[1].segments.flatMap { $0 }.map(line).max()!, 2e-3, "I = \(current): w-nullcline before refinement")
            XCTAssertGreaterThan(nullclines[0].segments[0].count, 200, "the cubic is sampled along its whole length")
        }
    }

    func testEquilibriumAndHopfCurrentsInClosedForm() throws {
        let hopf = model.hopfCurrents
        // v_H = ∓√(1 − b/τ), I_H = (v + a)/b − v + v³/3.
        XCTAssertEqual(hopf[0], 0.3312808, accuracy: 1e-6)
        for (current, stable) in [(0.0, true), (0.5, false), (1.6, true)] {
            let plane = try PhasePlane(model.fixing(parameters: [current]), x: -2.5...2.5, y: -1...3)
            let equilibria = try plane.equilibria()
            XCTAssertEqual(equilibria.count, 1, "I = \(current): one equilibrium (b < 1)")
            let v = model.equilibriumVoltage(current: current)
            assertClose(equilibria[0].point.state, [v, (v + model.a) / model.b], tolerance: 1e-12, "I = \(current): equilibrium")
            XCTAssertEqual(equilibria[0].stability.isStable, stable, "I = \(current): stable outside (I_H1, I_H2)")
        }
        let start = [model.equilibriumVoltage(current: 0), (model.equilibriumVoltage(current: 0) + model.a) / model.b]
        let branch = try FixedPointContinuation(model).branch(from: start, parameters: [0], varying: 0, to: 1.5)
        let found = branch.bifurcations.filter { $0.kind == .hopf }.map(\.parameter)
        // Exactly the two Hopf points: where the unstable focus turns into a node and back, no event.
        XCTAssertEqual(found.count, 2, "Hopf points found: \(found); all events: \(branch.bifurcations.map { "\($0.kind) \($0.parameter)" })")
        for (located, expected) in zip(found, hopf) { XCTAssertEqual(located, expected, accuracy: 1e-8, "Hopf current") }
    }

    func testLimitCyclePastTheHopfCurrentIsStable() throws {
        let plane = try PhasePlane(model.fixing(parameters: [0.5]), x: -2.5...2.5, y: -1...2.5)
        let equilibrium = try XCTUnwrap(plane.fixedPoints().first).state
        let cycle = try XCTUnwrap(plane.limitCycle(from: [equilibrium[0] + 0.01, equilibrium[1]], transient: 300, window: 300))
        XCTAssertTrue(cycle.isStable)
        XCTAssertEqual(cycle.multipliers[0].real, 1, accuracy: 1e-6)
        XCTAssertGreaterThan(cycle.period, 30)
        XCTAssertLessThan(cycle.period, 50)
        // Excitable at I = 0: every trajectory returns to rest, there is no cycle.
        let rest = try PhasePlane(model.fixing(parameters: [0]), x: -2.5...2.5, y: -1...2.5)
        XCTAssertNil(rest.limitCycle(from: [1, 0], transient: 300, window: 300))
    }
}

/// FitzHugh–Nagumo's cycles: born unstable in the subcritical Hopf at I_H1, folding into the stable
/// relaxation oscillation, which lives until it meets the other branch near I_H2.
final class FitzHughNagumoCycleTests: XCTestCase {
    func testCyclesFromTheLowerHopfFoldIntoTheStableOscillation() throws {
        let model = FitzHughNagumo()
        let equilibria = try FixedPointContinuation(model).branch(from: [-1.2, -0.6], parameters: [0], varying: 0, to: 1.5)
        let hopf = try XCTUnwrap(equilibria.bifurcations.first { $0.kind == .hopf })
        XCTAssertGreaterThan(try XCTUnwrap(hopf.firstLyapunovCoefficient), 0, "subcritical")
        let start = ContinuousClock.now
        let cycles = try CycleContinuation(model).branch(fromHopf: hopf, on: equilibria, to: 0.45)
        print("FitzHugh–Nagumo cycle branch: \(cycles.points.count) points, \(cycles.bifurcations.map { "\($0.kind) at \($0.parameter)" }), \(cycles.termination), \(ContinuousClock.now - start)")
        let folds = cycles.bifurcations.filter { $0.kind == .fold }
        XCTAssertEqual(folds.count, 1)
        XCTAssertEqual(cycles.bifurcations.count, 1, "a planar flow has no period doubling or torus: \(cycles.bifurcations.map(\.kind))")
        XCTAssertLessThan(folds.first?.parameter ?? .nan, hopf.parameter, "the unstable cycles exist below I_H1 and fold there")
        let last = try XCTUnwrap(cycles.points.last)
        XCTAssertTrue(last.isStable)
        XCTAssertGreaterThan(last.amplitude, 3, "a relaxation oscillation spans the cubic's outer branches")
        // At I = 0.5 the phase plane's cycle has the branch's period.
        let plane = try PhasePlane(model.fixing(parameters: [0.5]), x: -2.5...2.5, y: -1...3)
        let reference = try XCTUnwrap(plane.limitCycle(from: [0, 0]))
        let near = try XCTUnwrap(cycles.points.min { abs($0.parameter - 0.5) < abs($1.parameter - 0.5) })
        let found = try CycleFinder(model.fixing(parameters: [0.5])).find(from: near.nodes[0], period: near.period)
        XCTAssertEqual(found.period, reference.period, accuracy: 1e-6)
    }
}
