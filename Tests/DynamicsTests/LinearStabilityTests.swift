import Dynamics
import DynamicsTestSupport
import XCTest

final class LinearStabilityTests: XCTestCase {
    func testCriteriaForMapsAndFlows() throws {
        // Eigenvalues 0.5 and −2: a saddle for a map (|−2| > 1), a saddle for a flow too (0.5 > 0).
        let j = Matrix.diagonal([0.5, -2])
        let map = try LinearStability(jacobian: j, timeDomain: .discrete)
        XCTAssertFalse(map.isStable)
        XCTAssertEqual(map.classification.kind, .saddle)
        XCTAssertEqual(map.classification.unstableDirections, 1)
        XCTAssertEqual(map.eigenvalues.map(\.real), [-2, 0.5])
        // Eigenvalues −0.5, −0.2: stable for both; 0.9: stable map, unstable flow.
        XCTAssertTrue(try LinearStability(jacobian: Matrix.diagonal([-0.5, -0.2]), timeDomain: .continuous).isStable)
        XCTAssertTrue(try LinearStability(jacobian: Matrix.diagonal([0.9, 0.2]), timeDomain: .discrete).isStable)
        let flow = try LinearStability(jacobian: Matrix.diagonal([0.9, 0.2]), timeDomain: .continuous)
        XCTAssertFalse(flow.isStable)
        XCTAssertEqual(flow.classification.kind, .unstableNode)
    }

    func testFociMarginalAndTimeConstants() throws {
        // A rotation scaled by 0.8: stable focus of a map, time constant −1/ln 0.8 steps.
        let focus = try LinearStability(jacobian: Matrix([[0, -0.8], [0.8, 0]]), timeDomain: .discrete, timeStep: 100)
        XCTAssertEqual(focus.classification.kind, .stableFocus)
        XCTAssertEqual(focus.timeConstants[0], -100 / Double.log(0.8), accuracy: 1e-9)
        // Flow with −3 and a marginal 0: one marginal direction; time constants 1/3 and ∞.
        let marginal = try LinearStability(jacobian: Matrix.diagonal([-3, 0]), timeDomain: .continuous)
        XCTAssertEqual(marginal.classification.kind, .marginal)
        XCTAssertEqual(marginal.classification.marginalDirections, 1)
        XCTAssertEqual(marginal.timeConstants, [1.0 / 3, .infinity])
        XCTAssertEqual(marginal.slowDirection, [0, 1])
        // Explicit ε: a map eigenvalue 0.9995 is marginal at ε = 1e-3, stable at ε = 1e-4.
        let nearUnit = try LinearStability(jacobian: Matrix.diagonal([0.9995, 0.1]), timeDomain: .discrete)
        XCTAssertEqual(nearUnit.classification(tolerance: 1e-3).kind, .marginal)
        XCTAssertEqual(nearUnit.classification(tolerance: 1e-4).kind, .stableNode)
        XCTAssertEqual("\(try LinearStability(jacobian: Matrix.diagonal([2, 3, 0.1]), timeDomain: .discrete).classification)", "saddle (index 2)")
    }

    /// The slow direction is the eigenvector of the least stable eigenvalue, for flows by real part.
    func testSlowDirection() throws {
        // Flow eigenvalues −5 (along e0) and −0.1 (along (1, 1)/√2): slow direction (1, 1)/√2.
        let v = Matrix([[1, 1 / 2.0.squareRoot()], [0, 1 / 2.0.squareRoot()]])
        let a = v * Matrix.diagonal([-5, -0.1]) * (try v.solve(Matrix.identity(2)))
        let stability = try LinearStability(jacobian: a, timeDomain: .continuous)
        XCTAssertEqual(stability.slowEigenvalue.real, -0.1, accuracy: 1e-12)
        assertClose(stability.slowDirection, [1 / 2.0.squareRoot(), 1 / 2.0.squareRoot()], tolerance: 1e-12)
    }

    /// `atEach` on all cores gives, in order, exactly what the initializer gives point by point, and
    /// reports the first failing point's error.
    func testAtEachEqualsPointByPoint() {
        forAllCases(10) { rng in
            let henon = Henon(a: Arbitrary.vector(1, in: 0.5...1.5, using: &rng)[0], b: 0.3)
            let states = (0..<Arbitrary.int(in: 1...12, using: &rng)).map { _ in Arbitrary.vector(2, using: &rng) }
            let timeStep = Arbitrary.vector(1, in: 0.1...2, using: &rng)[0]
            let batch = try? LinearStability.atEach(henon, states: states, timeStep: timeStep)
            let single = try? states.map { try LinearStability(henon, at: $0, timeStep: timeStep) }
            XCTAssertEqual(batch?.map(\.eigenvalues), single?.map(\.eigenvalues), "\(states.count) points")
            XCTAssertEqual(batch?.map(\.jacobian), single?.map(\.jacobian), "\(states.count) points")
            XCTAssertEqual(batch?.map(\.timeConstants), single?.map(\.timeConstants), "\(states.count) points")
        }
        var expected: LinearAlgebraError?
        do { _ = try LinearStability(Henon(), at: [.nan, 0]) } catch { expected = error }
        XCTAssertNotNil(expected, "a NaN state has a non-finite Jacobian")
        XCTAssertThrowsError(try LinearStability.atEach(Henon(), states: [[0, 0], [.nan, 0], [.infinity, 0]])) {
            XCTAssertEqual($0 as? LinearAlgebraError, expected, "the failing point's error")
        }
    }
}
