import Dynamics
import XCTest

/// The README's quick-start model, exactly as written there.
struct Henon: DiscreteMap {
    var a = 1.4, b = 0.3
    var dimension: Int { 2 }
    func step<T: DynamicsScalar>(_ x: [T]) -> [T] {
        [1 - T(a) * x[0] * x[0] + x[1], T(b) * x[0]]
    }
}

final class QuickStartTests: XCTestCase {
    /// `jacobian(at:)` and `trajectory(from:steps:)` give the values the quick-start states.
    func testJacobianAndTrajectoryLines() {
        let henon = Henon()
        let J = henon.jacobian(at: [0.6, 0.2])
        XCTAssertEqual(J[0, 0], -1.68)
        XCTAssertEqual(J[0, 1], 1)
        XCTAssertEqual(J[1, 0], 0.3)
        XCTAssertEqual(J[1, 1], 0)
        let orbit = henon.trajectory(from: [0, 0], steps: 1_000)
        XCTAssertEqual(orbit.count, 1_001)
        XCTAssertEqual(orbit[0], [0, 0])
        XCTAssertEqual(orbit[1], [1, 0])
        XCTAssertEqual(orbit[2], [1 - 1.4 + 0, 0.3])
        // The Hénon attractor is bounded: |x| < 1.3, |y| < 0.4.
        XCTAssertTrue(orbit.allSatisfy { abs($0[0]) < 1.3 && abs($0[1]) < 0.4 })
    }
}

final class QuickStartFullTests: XCTestCase {
    /// DESIGN section 2's quick-start, line for line, with its values checked: the two Hénon fixed
    /// points x* = (−0.7 ± √(0.49 + 5.6))/2.8 are found and certified, both saddles.
    func testQuickStartRunsInFull() throws {
        let henon = Henon()
        let J = henon.jacobian(at: [0.6, 0.2])            // exact, from dual numbers; J[0, 0] == -1.68
        XCTAssertEqual(J[0, 0], -1.68)
        let finder = SlowPointFinder(henon)
        let result = try finder.find(from: [[0.5, 0.1], [-1.0, -0.4]])
        var found: [[Double]] = []
        for point in result.points where point.isFixedPoint {
            let stability = try LinearStability(henon, at: point.state)
            print(point.state, stability.eigenvalues, stability.isStable)
            XCTAssertFalse(stability.isStable, "both Hénon fixed points are saddles")
            found.append(point.state)
        }
        let roots = [(-0.7 + (0.49 + 5.6).squareRoot()) / 2.8, (-0.7 - (0.49 + 5.6).squareRoot()) / 2.8]
        XCTAssertEqual(found.count, 2)
        for root in roots {
            XCTAssertTrue(found.contains { abs($0[0] - root) < 1e-12 && abs($0[1] - 0.3 * root) < 1e-12 }, "fixed point x = \(root)")
        }
        let orbit = henon.trajectory(from: [0, 0], steps: 1_000)   // [[Double]], one row per step
        let pca = try PCAProjector(fitting: orbit, components: 2)
        print(pca.explainedVarianceRatio, pca.transform(orbit[10]))
        XCTAssertEqual(pca.explainedVarianceRatio.reduce(0, +), 1, accuracy: 1e-12, "two components span 2-D data")
        XCTAssertGreaterThan(pca.explainedVarianceRatio[0], pca.explainedVarianceRatio[1])
    }
}
