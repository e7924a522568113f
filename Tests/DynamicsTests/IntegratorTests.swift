import Dynamics
import DynamicsTestSupport
import PropertyBased
import XCTest

/// The harmonic oscillator dx/dt = v, dv/dt = −ω²·x with damping γ: closed form known.
private struct DampedOscillator: ContinuousFlow {
    var omega: Double
    var damping: Double
    var dimension: Int { 2 }
    func step<T: DynamicsScalar>(_ x: [T]) -> [T] {
        [x[1], -T(omega * omega) * x[0] - T(2 * damping) * x[1]]
    }
    /// The exact solution for an underdamped oscillator (γ < ω) from (x₀, 0).
    func exact(x0: Double, at t: Double) -> [Double] {
        let w = (omega * omega - damping * damping).squareRoot()
        let e = Double.exp(-damping * t)
        let x = x0 * e * (Double.cos(w * t) + damping / w * Double.sin(w * t))
        let v = -x0 * e * (omega * omega / w) * Double.sin(w * t)
        return [x, v]
    }
}

/// The logistic flow dx/dt = x(1 − x): a nonlinear closed form x(t) = 1 / (1 + (1/x₀ − 1)e^{−t}).
private struct Logistic: ContinuousFlow {
    var dimension: Int { 1 }
    func step<T: DynamicsScalar>(_ x: [T]) -> [T] { [x[0] * (1 - x[0])] }
}

final class IntegratorTests: XCTestCase {
    /// RK4 is 4th order: halving dt divides the error at t = 5 by about 16.
    func testRungeKuttaOrder() {
        forAllCases(10) { rng in
            let system = DampedOscillator(omega: Gen.double(in: 0.5...2).run(using: &rng), damping: Gen.double(in: 0...0.3).run(using: &rng))
            let x0 = Gen.double(in: 0.5...2).run(using: &rng)
            let exact = system.exact(x0: x0, at: 5)
            func error(_ dt: Double) -> Double {
                let final = system.trajectory(from: [x0, 0], duration: 5, dt: dt).finalState
                return max(abs(final[0] - exact[0]), abs(final[1] - exact[1]))
            }
            let ratio = error(0.05) / error(0.025)
            XCTAssertEqual(ratio, 16, accuracy: 1.5, "RK4 error ratio when dt halves, \(system)")
        }
    }

    func testRungeKuttaGrid() {
        let solution = DampedOscillator(omega: 1, damping: 0).trajectory(from: [1, 0], duration: 1, dt: 0.3)
        XCTAssertEqual(solution.times, [0, 1 * 0.3, 2 * 0.3, 3 * 0.3, 1])
        XCTAssertEqual(solution.states.count, 5)
    }

    /// Dormand-Prince meets the requested tolerance on closed-form solutions, linear and nonlinear.
    func testDormandPrinceAgainstClosedForms() throws {
        try forAllCases(10) { rng in
            let system = DampedOscillator(omega: Gen.double(in: 0.5...3).run(using: &rng), damping: Gen.double(in: 0...0.4).run(using: &rng))
            let x0 = Gen.double(in: 0.5...2).run(using: &rng)
            for tolerance in [1e-6, 1e-9] {
                let options = DormandPrinceOptions(absoluteTolerance: tolerance, relativeTolerance: tolerance)
                let solution = try system.integrate(from: [x0, 0], duration: 10, options: options)
                XCTAssertEqual(solution.times.last, 10)
                // Global error stays within a small multiple of the local tolerance over 10 time units.
                for (t, state) in zip(solution.times, solution.states) {
                    let exact = system.exact(x0: x0, at: t)
                    XCTAssertLessThan(abs(state[0] - exact[0]), 100 * tolerance, "x at t = \(t), tol \(tolerance), \(system)")
                }
            }
            let logisticStart = Gen.double(in: 0.05...0.95).run(using: &rng)
            let logistic = try Logistic().integrate(from: [logisticStart], duration: 8, options: DormandPrinceOptions(absoluteTolerance: 1e-10, relativeTolerance: 1e-10))
            let exact = 1 / (1 + (1 / logisticStart - 1) * Double.exp(-8))
            XCTAssertEqual(logistic.finalState[0], exact, accuracy: 1e-8, "logistic from \(logisticStart)")
        }
    }

    /// A tighter tolerance takes more steps: the controller adapts.
    func testDormandPrinceAdaptsStepCount() throws {
        let system = DampedOscillator(omega: 2, damping: 0.1)
        let loose = try system.integrate(from: [1, 0], duration: 10, options: DormandPrinceOptions(absoluteTolerance: 1e-4, relativeTolerance: 1e-4))
        let tight = try system.integrate(from: [1, 0], duration: 10, options: DormandPrinceOptions(absoluteTolerance: 1e-10, relativeTolerance: 1e-10))
        XCTAssertGreaterThan(tight.times.count, 3 * loose.times.count)
    }

    /// dx/dt = x² blows up at t = 1/x₀: the integrator reports it instead of returning garbage.
    func testBlowUpIsReported() {
        struct Blowup: ContinuousFlow {
            var dimension: Int { 1 }
            func step<T: DynamicsScalar>(_ x: [T]) -> [T] { [x[0] * x[0]] }
        }
        XCTAssertThrowsError(try Blowup().integrate(from: [1], duration: 2, options: DormandPrinceOptions(maxSteps: 5_000))) { error in
            XCTAssertNotNil(error as? IntegrationError, "\(error)")
        }
    }
}
