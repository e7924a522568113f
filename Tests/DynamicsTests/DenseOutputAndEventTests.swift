import Dynamics
import DynamicsTestSupport
import PropertyBased
import XCTest

/// x' = −ω·y, y' = ω·x from (r, 0): x = r·cos ωt, y = r·sin ωt.
private struct Rotation: ContinuousFlow {
    var omega: Double
    var dimension: Int { 2 }
    func step<T: DynamicsScalar>(_ x: [T]) -> [T] { [-T(omega) * x[1], T(omega) * x[0]] }
}

/// Dense output and event location of the shared Dormand–Prince integrator against closed forms.
final class DenseOutputAndEventTests: XCTestCase {
    let tight = DormandPrinceOptions(absoluteTolerance: 1e-11, relativeTolerance: 1e-11)

    /// The continuous extension between steps is as accurate as the steps (order 4 at 1e-11: 1e-8 here).
    func testDenseOutputBetweenSteps() throws {
        try forAllCases(6) { rng in
            let flow = Rotation(omega: Gen.double(in: 0.5...3).run(using: &rng))
            let radius = Gen.double(in: 0.5...2).run(using: &rng)
            let solution = try flow.integrate(from: [radius, 0], duration: 20, options: tight)
            for _ in 0..<200 {
                let t = Gen.double(in: 0...20).run(using: &rng)
                let state = try XCTUnwrap(solution.state(at: t))
                XCTAssertEqual(state[0], radius * Double.cos(flow.omega * t), accuracy: 1e-8 * radius, "t = \(t), ω = \(flow.omega)")
                XCTAssertEqual(state[1], radius * Double.sin(flow.omega * t), accuracy: 1e-8 * radius, "t = \(t), ω = \(flow.omega)")
            }
            // At the steps themselves the extension gives the steps.
            for k in stride(from: 0, to: solution.times.count, by: 7) {
                XCTAssertEqual(try XCTUnwrap(solution.state(at: solution.times[k])), solution.states[k])
            }
            XCTAssertNil(solution.state(at: -1))
            XCTAssertNil(solution.state(at: 20.5))
        }
        XCTAssertNil(Rotation(omega: 1).trajectory(from: [1, 0], duration: 1, dt: 0.1).state(at: 0.5), "fixed-step solutions have no dense output")
    }

    /// y = 0 upward (a Poincaré section) at t = 2πk/ω, downward at (2k + 1)π/ω; x = ±r there.
    func testPoincareSectionCrossings() throws {
        try forAllCases(6) { rng in
            let flow = Rotation(omega: Gen.double(in: 0.5...3).run(using: &rng))
            let radius = Gen.double(in: 0.5...2).run(using: &rng)
            // Start just past the section so that every crossing is an interior zero.
            let start = [radius * Double.cos(0.1), radius * Double.sin(0.1)]
            let events = [EventFunction(direction: .rising) { $0[1] }, EventFunction(direction: .falling) { $0[1] }, EventFunction { $0[1] }]
            let (_, crossings) = try flow.integrate(from: start, duration: 30, options: tight, events: events)
            let period = 2 * Double.pi / flow.omega
            let rising = crossings.filter { $0.event == 0 }, falling = crossings.filter { $0.event == 1 }, both = crossings.filter { $0.event == 2 }
            XCTAssertEqual(both.count, rising.count + falling.count)
            for (k, crossing) in rising.enumerated() {
                XCTAssertEqual(crossing.time, Double(k + 1) * period - 0.1 / flow.omega, accuracy: 1e-8, "rising \(k), ω = \(flow.omega)")
                XCTAssertEqual(crossing.state[0], radius, accuracy: 1e-8)
                XCTAssertTrue(crossing.rising)
            }
            for (k, crossing) in falling.enumerated() {
                XCTAssertEqual(crossing.time, (Double(k) + 0.5) * period - 0.1 / flow.omega, accuracy: 1e-8, "falling \(k), ω = \(flow.omega)")
                XCTAssertEqual(crossing.state[0], -radius, accuracy: 1e-8)
                XCTAssertFalse(crossing.rising)
            }
            XCTAssertEqual(rising.count, Int((30 + 0.1 / flow.omega) / period), "ω = \(flow.omega)")
            XCTAssertEqual(crossings.map(\.time), crossings.map(\.time).sorted())
        }
    }

    /// Return times to a section give the period of a limit cycle: Van der Pol (μ = 1) against CycleFinder.
    func testPeriodFromReturnTimes() throws {
        struct VanDerPol: ContinuousFlow {
            var dimension: Int { 2 }
            func step<T: DynamicsScalar>(_ x: [T]) -> [T] { [x[1], (1 - x[0] * x[0]) * x[1] - x[0]] }
        }
        let (_, crossings) = try VanDerPol().integrate(from: [2, 0], duration: 100, options: tight, events: [EventFunction(direction: .falling) { $0[0] }])
        let returns = zip(crossings, crossings.dropFirst()).map { $1.time - $0.time }
        let cycle = try CycleFinder(VanDerPol()).find(from: crossings.last!.state, period: returns.last!)
        XCTAssertEqual(returns.last!, cycle.period, accuracy: 1e-7)
        XCTAssertEqual(cycle.period, 6.6632868593, accuracy: 1e-8, "the published period of Van der Pol at μ = 1")
    }

    /// Crossings found after the fact on a solution equal those recorded during the integration.
    func testCrossingsAfterTheFactEqualThoseDuringIntegration() throws {
        let section = EventFunction(direction: .rising) { $0[1] - 0.3 }
        let (solution, during) = try Rotation(omega: 1.7).integrate(from: [1, 0.1], duration: 25, options: tight, events: [section])
        XCTAssertEqual(solution.crossings(of: section), during)
        XCTAssertEqual(during.count, 7)
        XCTAssertTrue(Rotation(omega: 1).trajectory(from: [1, 0], duration: 10, dt: 0.1).crossings(of: section).isEmpty, "no dense output")
    }

    func testEventsThatAreNotFiniteAreSkipped() throws {
        let (_, crossings) = try Rotation(omega: 1).integrate(from: [1, 0.01], duration: 10, options: tight, events: [EventFunction { x in x[1] > 0.5 ? .nan : x[1] }])
        XCTAssertTrue(crossings.allSatisfy { abs($0.state[1]) < 1e-8 })
        XCTAssertFalse(crossings.isEmpty)
    }
}
