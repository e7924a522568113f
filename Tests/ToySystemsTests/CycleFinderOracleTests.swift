import ComplexModule
import Dynamics
import DynamicsTestSupport
import PropertyBased
import ToySystems
import XCTest

/// `CycleFinder` against limit cycles whose period and Floquet multipliers are known exactly, in 2 to
/// 6 dimensions, stable and unstable, with 3 to 20 shooting segments.
final class CycleFinderOracleTests: XCTestCase {
    func randomCycle(dimension n: Int, reversed: Bool, using rng: inout Xoshiro) -> RotatedLimitCycleFlow {
        let decays = (0..<(n - 2)).map { _ in Double.random(in: 0.2...1.5, using: &rng) }
        return RotatedLimitCycleFlow(mu: Double.random(in: 0.3...1.2, using: &rng), omega: Double.random(in: 0.8...2.5, using: &rng),
                                     decays: decays, rotation: RandomMatrices.orthogonal(n, using: &rng), reversed: reversed)
    }

    /// From a perturbed point and a period 10 % off: the exact period, the trivial multiplier 1 first
    /// and the others e^(−2μT), e^(−λₖT) (reciprocals for the unstable, time-reversed cycle).
    func testPeriodAndMultipliersInAnyDimension() throws {
        try forAllCases(8) { rng in
            let n = Int.random(in: 2...6, using: &rng)
            let reversed = Bool.random(using: &rng)
            let flow = randomCycle(dimension: n, reversed: reversed, using: &rng)
            // A stable cycle from one perturbed state; an unstable one from perturbed states along it.
            let phase = Double.random(in: 0...6, using: &rng)
            let orbit = (0..<(reversed ? 24 : 1)).map { k in
                flow.point(at: phase + 2 * Double.pi * Double(k) / 24 * (reversed ? -1.0 : 1.0)).map { $0 + Double.random(in: -0.05...0.05, using: &rng) }
            }
            let cycle = try CycleFinder(flow).find(along: orbit, period: flow.period * Double.random(in: 0.9...1.1, using: &rng))
            XCTAssertEqual(cycle.period, flow.period, accuracy: 1e-8 * flow.period, "n \(n), reversed \(reversed)")
            XCTAssertEqual(cycle.multipliers.count, n)
            XCTAssertEqual(cycle.multipliers[0].real, 1, accuracy: 1e-7)
            XCTAssertEqual(cycle.multipliers[0].imaginary, 0, accuracy: 1e-7)
            for (found, exact) in zip(cycle.multipliers.dropFirst(), flow.nontrivialMultipliers) {
                XCTAssertEqual(found.length, exact, accuracy: 1e-6 * Swift.max(1, exact), "n \(n), reversed \(reversed)")
            }
            XCTAssertEqual(cycle.isStable, !reversed)
            for node in cycle.nodes {
                let u0 = (0..<n).reduce(0.0) { $0 + flow.rotation[$1, 0] * node[$1] }, u1 = (0..<n).reduce(0.0) { $0 + flow.rotation[$1, 1] * node[$1] }
                XCTAssertEqual((u0 * u0 + u1 * u1).squareRoot(), flow.mu.squareRoot(), accuracy: 1e-8, "the nodes lie on the circle")
            }
            XCTAssertEqual(cycle.amplitude, 2 * flow.mu.squareRoot() * (flow.rotation[0, 0] * flow.rotation[0, 0] + flow.rotation[0, 1] * flow.rotation[0, 1]).squareRoot(), accuracy: 0.02)
        }
    }

    /// The multipliers do not depend on the number of segments (BifurcationKit users saw stability
    /// flip between 3 and 5): the same to 1e-8 for every m in 3...20, here on an unstable cycle whose
    /// multipliers span eight orders of magnitude (to 1e-8, the goal).
    func testMultipliersDoNotDependOnTheSegments() throws {
        var rng = SeededGenerator(seed: 7)
        let flow = RotatedLimitCycleFlow(mu: 0.5, omega: 1, decays: [1.2], rotation: RandomMatrices.orthogonal(3, using: &rng), reversed: true)
        var reference: [Double]?
        for segments in 3...20 {
            var options = CycleFinderOptions()
            options.segments = segments
            let cycle = try CycleFinder(flow, options: options).find(from: flow.point(at: 1), period: 6)
            let moduli = cycle.multipliers.map { $0.length }
            XCTAssertFalse(cycle.isStable, "m = \(segments)")
            if let reference {
                for (a, b) in zip(moduli, reference) { XCTAssertEqual(a, b, accuracy: 1e-8 * Swift.max(1, b), "m = \(segments)") }
            } else {
                reference = moduli
                XCTAssertEqual(moduli[1], flow.nontrivialMultipliers[0], accuracy: 1e-6 * flow.nontrivialMultipliers[0])
            }
        }
    }

    /// The Möbius and torus oracles' multipliers in closed form (−e^{2πλ}, −e^{−2π}, e^{−4π}; and
    /// e^{2πλ ± 2.6πi}) for every m in 3...20: the sign of a flip and the angle of a torus pair, not only
    /// moduli, are independent of the segments.
    func testSignedAndComplexMultipliersForEverySegmentCount() throws {
        let lambda = -0.2
        let cases: [(String, any ContinuousFlow, [Complex<Double>])] = [
            ("Möbius", MoebiusCycleFlow().fixing(parameters: [lambda]),
             [Complex(-Double.exp(2 * .pi * lambda), 0), Complex(-Double.exp(-2 * .pi), 0), Complex(Double.exp(-4 * .pi), 0)]),
            ("torus", TorusCycleFlow().fixing(parameters: [lambda]),
             [Complex(length: Double.exp(2 * .pi * lambda), phase: 2.6 * .pi), Complex(length: Double.exp(2 * .pi * lambda), phase: -2.6 * .pi), Complex(Double.exp(-4 * .pi), 0)]),
        ]
        for (name, flow, exact) in cases {
            func find<F: ContinuousFlow>(_ flow: F, segments: Int) throws -> FlowCycle {
                var options = CycleFinderOptions()
                options.segments = segments
                return try CycleFinder(flow, options: options).find(from: [1, 0, 0, 0], period: 6.3)
            }
            for segments in 3...20 {
                let cycle = try find(flow, segments: segments)
                XCTAssertEqual(cycle.period, 2 * .pi, accuracy: 1e-9, "\(name), m = \(segments)")
                // The trivial multiplier is only as exact as the shots' tangents (local error 1e-12 per step,
                // accumulated over a period: about 1e-8 here), as in the other cycle tests; the goal is
                // about the multipliers that decide stability.
                XCTAssertEqual(cycle.multipliers[0].real, 1, accuracy: 1e-7)
                for expected in exact {
                    let nearest = cycle.multipliers.dropFirst().map { ($0 - expected).length }.min() ?? .infinity
                    XCTAssertLessThan(nearest, 1e-8, "\(name), m = \(segments): \(expected) in \(cycle.multipliers)")
                }
            }
        }
    }

    func testAnEquilibriumIsNotACycle() {
        let flow = RotatedLimitCycleFlow(mu: 0.5, omega: 1, decays: [], rotation: .identity(2))
        // Started at the unstable focus at the origin: no cycle may be reported there.
        XCTAssertThrowsError(try CycleFinder(flow).find(from: [0, 0], period: 6)) { error in
            guard let error = error as? CycleError else { return XCTFail("\(error)") }
            switch error {
            case .equilibrium, .notConverged: break
            default: XCTFail("\(error)")
            }
        }
    }

    /// A shot through a state where the model is stiff (here a variable decaying at rate 10⁹, which an
    /// explicit step resolves only below 10⁻⁸: about 10⁸ steps a segment) is refused after the step
    /// limit as diverged, instead of integrating for hours; a corrector's far trials meet such states.
    func testAShotTooStiffToIntegrateIsRefused() {
        struct StiffBeside: ContinuousFlow {
            var dimension: Int { 3 }
            func step<T: DynamicsScalar>(_ x: [T]) -> [T] {
                let r2 = x[0] * x[0] + x[1] * x[1]
                return [x[0] - x[1] - x[0] * r2, x[0] + x[1] - x[1] * r2, T(-1e9) * x[2]]
            }
        }
        XCTAssertThrowsError(try CycleFinder(StiffBeside()).find(from: [1, 0, 1], period: 2 * Double.pi)) { error in
            guard case .diverged = error as? CycleError else { return XCTFail("\(error)") }
            XCTAssertTrue("\(error)".contains("needed more than 100000 steps"), "\(error)")
        }
    }

    func testBadArgumentsAreNamed() {
        let flow = RotatedLimitCycleFlow(mu: 0.5, omega: 1, decays: [], rotation: .identity(2))
        var options = CycleFinderOptions()
        options.segments = 0
        for (call, fragment) in [({ _ = try CycleFinder(flow).find(from: [1, 0, 0], period: 6) }, "start"),
                                 ({ _ = try CycleFinder(flow).find(from: [1, 0], period: -1) }, "period"),
                                 ({ _ = try CycleFinder(flow, options: options).find(from: [1, 0], period: 6) }, "segments")] as [(() throws -> Void, String)] {
            XCTAssertThrowsError(try call()) { XCTAssertTrue("\($0)".contains(fragment), "\($0)") }
        }
    }
}
