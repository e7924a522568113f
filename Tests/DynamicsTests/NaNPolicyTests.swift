import Dynamics
import DynamicsTestSupport
import XCTest

/// The error-and-NaN policy of Docs/ConformingYourModel.md, section 7: data is refused with a typed
/// error before any work; NaN the model produces during a run is an outcome (thrown or uncertified),
/// never a certificate and never a crash.
final class NaNPolicyTests: XCTestCase {
    /// A map that is NaN outside the unit disc and a contraction inside it.
    private struct HoleyMap: DiscreteMap {
        var dimension: Int { 2 }
        func step<T: DynamicsScalar>(_ x: [T]) -> [T] {
            let radius: T = x[0] * x[0] + x[1] * x[1]
            if radius.primalValue > 1 { return [T(Double.nan), T(Double.nan)] }
            return [T(0.5) * x[0] + T(0.1), T(0.5) * x[1]]
        }
    }

    func testDataIsRefusedBeforeAnyWork() throws {
        let finder = SlowPointFinder(HoleyMap())
        XCTAssertThrowsError(try finder.find(from: [[0.1, 0.1], [.nan, 0]])) { error in
            XCTAssertEqual(error as? SlowPointError, .nonFinite(row: 1))
            XCTAssertTrue("\(error)".contains("row 1"))
        }
        XCTAssertThrowsError(try finder.find(from: [[0.1, 0.1, 0.1]])) { error in
            guard case .wrongDimension = error as? SlowPointError else { return XCTFail("\(error)") }
        }
        XCTAssertThrowsError(try PCAProjector(fitting: [[1, 2], [.infinity, 0], [3, 1]], components: 1))
        var options = SlowPointOptions()
        options.stepsPerChunk = 0
        XCTAssertNotNil(options.validationError)
        XCTAssertThrowsError(try SlowPointFinder(HoleyMap(), options: options).find(from: [[0.1, 0.1]])) { XCTAssertTrue("\($0)".contains("stepsPerChunk")) }
    }

    func testNaNFromTheModelIsAnOutcomeNeverACertificate() throws {
        let finder = SlowPointFinder(HoleyMap())
        // From (0.9, 0.4) Newton's first step may leave the disc; from (3, 3) the residual is NaN at once.
        let refined = try finder.refine([[0.9, 0.4], [3, 3], [0.1, 0]])
        XCTAssertFalse(refined[1].isFixedPoint, "a NaN residual is never certified")
        XCTAssertNotEqual(refined[1].outcome, .certified)
        XCTAssertTrue(refined[2].isFixedPoint, "the fixed point (0.2, 0) inside the disc")
        XCTAssertEqual(refined[2].state[0], 0.2, accuracy: 1e-12)
        for point in refined where point.isFixedPoint { XCTAssertTrue(point.residual.isFinite) }
        XCTAssertTrue(relu(Double.nan).isNaN, "relu(NaN) is NaN")
        XCTAssertThrowsError(try LyapunovSpectrum(HoleyMap(), from: [3, 3], steps: 10)) { error in
            guard case .diverged = error as? LyapunovError else { return XCTFail("\(error)") }
        }
    }
}
