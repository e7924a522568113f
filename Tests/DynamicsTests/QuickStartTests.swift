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
