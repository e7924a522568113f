@testable import Dynamics
import DynamicsTestSupport
import PropertyBased
import XCTest

/// The one bracketing root finder, against closed-form zeros.
final class RegulaFalsiTests: XCTestCase {
    /// f(t) = (t − r)·(1 + (t − r)²)·s on a random bracket around r: one simple zero at r, convex on one
    /// side, so that plain regula falsi would keep one end and crawl. Illinois reaches a bracket of 1e-13
    /// of the interval in far fewer evaluations than bisection's 44, and its end `high` stays on the
    /// side `fHigh` was on.
    func testNarrowsOntoASimpleZeroSuperlinearly() {
        forAllCases(200) { rng in
            let root = Gen.double(in: -10...10).run(using: &rng)
            let (below, above) = (Gen.double(in: 0.01...5).run(using: &rng), Gen.double(in: 0.01...5).run(using: &rng))
            let scale = Gen.bool.run(using: &rng) ? 1.0 : -1.0
            let f = { (t: Double) in scale * (t - root) * (1 + (t - root) * (t - root)) }
            let (low, high) = (root - below, root + above)
            var evaluations = 0
            let narrowed = RegulaFalsi.narrow(low: low, high: high, fLow: f(low), fHigh: f(high), width: 1e-13 * (high - low)) { t in
                evaluations += 1
                return (f(t), [t])
            }
            XCTAssertLessThanOrEqual(abs(narrowed.high - root), 2e-13 * (below + above) + 1e-15, "root \(root), bracket \(low)...\(high)")
            XCTAssertLessThanOrEqual(evaluations, 20, "root \(root), bracket \(low)...\(high)")
            XCTAssertEqual(narrowed.highPayload ?? [high], [narrowed.high])
            XCTAssertTrue(f(narrowed.high) == 0 || (f(narrowed.high) > 0) == (f(high) > 0), "high left its side")
        }
    }

    /// An exact zero at a trial ends the search there; a trial that cannot be evaluated ends it with
    /// the bracket reached and the last trial that could.
    func testExactZerosAndFailedEvaluationsEndTheSearch() {
        // The secant through (0, −1) and (2, 1) hits the zero of t − 1 at once.
        let exact = RegulaFalsi.narrow(low: 0, high: 2, fLow: -1, fHigh: 1, width: 1e-12) { t in (t - 1, [t, 2 * t]) }
        XCTAssertEqual(exact.high, 1)
        XCTAssertEqual(exact.highPayload, [1, 2])
        XCTAssertEqual(exact.last?.at, 1)

        var trials: [Double] = []
        let failed = RegulaFalsi.narrow(low: 0, high: 3, fLow: -1, fHigh: 8, width: 1e-12) { t -> (value: Double, payload: [Double])? in
            trials.append(t)
            return trials.count < 3 ? (t * t * t - 1, [t]) : nil
        }
        XCTAssertEqual(trials.count, 3)
        XCTAssertEqual(failed.last?.at, trials[1])
        // Both finite trials fell below the zero at 1, so `high` is still the initial end.
        XCTAssertEqual(failed.high, 3)
        XCTAssertNil(failed.highPayload)
    }
}
