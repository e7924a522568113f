@testable import Dynamics
import DynamicsTestSupport
import PropertyBased
import XCTest

/// The two Dormand–Prince pairs of the one stepper, checked against a closed form: their orders by
/// fixed steps (a wrong coefficient drops the order), their error control by tolerance.
final class EmbeddedPairTests: XCTestCase {
    /// dx/dt = v, dv/dt = −ω²x − 2γv from (x₀, 0), underdamped: x(t) in closed form.
    private static func exact(omega: Double, damping: Double, x0: Double, at t: Double) -> [Double] {
        let w = (omega * omega - damping * damping).squareRoot()
        let e = Double.exp(-damping * t)
        return [x0 * e * (Double.cos(w * t) + damping / w * Double.sin(w * t)), -x0 * e * (omega * omega / w) * Double.sin(w * t)]
    }

    /// Counts its evaluations.
    private final class Counter: @unchecked Sendable { var evaluations = 0 }

    private static func integrate<Pair: EmbeddedRungeKuttaPair>(
        omega: Double, damping: Double, x0: Double, duration: Double, tolerance: Double, fixedStep: Double?, pair: Pair.Type
    ) throws -> (end: [Double], evaluations: Int) {
        let counter = Counter()
        let field = ClosureField { x in
            counter.evaluations += 1
            return [x[1], -omega * omega * x[0] - 2 * damping * x[1]]
        }
        var stepper = EmbeddedRungeKuttaStepper<Double, Pair>(dimension: 2, tolerance: tolerance, initialStep: fixedStep ?? 1e-3)
        if let fixedStep { stepper.maxStep = fixedStep }
        stepper.load(state: [x0, 0])
        try stepper.advance(by: duration, field: field)
        return (stepper.y, counter.evaluations)
    }

    /// With every step accepted (a huge tolerance) and the step fixed, halving it divides the error by
    /// 2^order: 32 for 5(4), 256 for 8(5,3).
    func testOrders() throws {
        try forAllCases(8) { rng in
            let omega = Gen.double(in: 0.5...2).run(using: &rng), damping = Gen.double(in: 0...0.3).run(using: &rng)
            let x0 = Gen.double(in: 0.5...2).run(using: &rng)
            let exact = Self.exact(omega: omega, damping: damping, x0: x0, at: 8)
            func observedOrder<Pair: EmbeddedRungeKuttaPair>(_ pair: Pair.Type, step: Double) throws -> Double {
                func error(_ h: Double) throws -> Double {
                    let end = try Self.integrate(omega: omega, damping: damping, x0: x0, duration: 8, tolerance: 1e6, fixedStep: h, pair: pair).end
                    return max(abs(end[0] - exact[0]), abs(end[1] - exact[1]))
                }
                return Double.log2(try error(step) / error(step / 2))
            }
            XCTAssertEqual(try observedOrder(DormandPrince54.self, step: 0.1), 5, accuracy: 0.35, "order of the 5(4) pair, ω = \(omega), γ = \(damping)")
            XCTAssertEqual(try observedOrder(DormandPrince853.self, step: 0.8), 8, accuracy: 0.35, "order of the 8(5,3) pair, ω = \(omega), γ = \(damping)")
        }
    }

    /// At tight tolerances the 8(5,3) pair meets the tolerance with fewer evaluations than 5(4).
    func testHighOrderPairMeetsTightTolerancesWithFewerEvaluations() throws {
        try forAllCases(6) { rng in
            let omega = Gen.double(in: 0.5...3).run(using: &rng), damping = Gen.double(in: 0...0.4).run(using: &rng)
            let x0 = Gen.double(in: 0.5...2).run(using: &rng)
            let exact = Self.exact(omega: omega, damping: damping, x0: x0, at: 10)
            for tolerance in [1e-9, 1e-12] {
                let low = try Self.integrate(omega: omega, damping: damping, x0: x0, duration: 10, tolerance: tolerance, fixedStep: nil, pair: DormandPrince54.self)
                let high = try Self.integrate(omega: omega, damping: damping, x0: x0, duration: 10, tolerance: tolerance, fixedStep: nil, pair: DormandPrince853.self)
                let error = max(abs(high.end[0] - exact[0]), abs(high.end[1] - exact[1]))
                XCTAssertLessThan(error, 100 * tolerance * (1 + abs(x0) * omega), "8(5,3) at tolerance \(tolerance)")
                XCTAssertLessThan(high.evaluations, low.evaluations, "evaluations at tolerance \(tolerance)")
            }
        }
    }
}
