import Dynamics
import DynamicsTestSupport
import PropertyBased
import ToySystems
import XCTest

/// Periodic orbits against closed forms: the Hénon 2-cycle (product of multipliers b²), the logistic
/// map's 2-cycle for r > 3 (multiplier −r² + 2r + 4), minimal period only, one orbit per cyclic shift.
final class PeriodicOrbitOracleTests: XCTestCase {
    func testLogisticTwoCycle() throws {
        try forAllCases(5) { rng in
            let r = Gen.double(in: 3.1...3.9).run(using: &rng)
            let map = LogisticMap().fixing(parameters: [r])
            let root = ((r - 3) * (r + 1)).squareRoot()
            let expected = [(r + 1 - root) / (2 * r), (r + 1 + root) / (2 * r)]
            let starts = (0..<6).map { _ in [Gen.double(in: 0.05...0.95).run(using: &rng)] }
            let orbits = try PeriodicOrbitFinder(map).find(period: 2, from: starts + [expected.map { $0 + 1e-3 }].map { [$0[0]] })
            XCTAssertEqual(orbits.count, 1, "r = \(r): one 2-cycle, the fixed points excluded: \(orbits.map(\.states))")
            guard let orbit = orbits.first else { return }
            assertClose(orbit.states.map { $0[0] }, expected.sorted(), tolerance: 1e-10, "r = \(r): the 2-cycle")
            XCTAssertEqual(orbit.multipliers[0].real, -r * r + 2 * r + 4, accuracy: 1e-8)
            XCTAssertEqual(orbit.isStable, abs(-r * r + 2 * r + 4) < 1)
        }
        // Below r = 3 there is no 2-cycle: Newton finds only fixed points, which are not 2-cycles.
        let below = try PeriodicOrbitFinder(LogisticMap().fixing(parameters: [2.8])).find(period: 2, from: [[0.2], [0.5], [0.9]])
        XCTAssertTrue(below.isEmpty, "\(below.map(\.states))")
    }

    func testHenonTwoCycle() throws {
        let (a, b) = (1.4, 0.3)
        let henon = HenonFamily().fixing(parameters: [a, b])
        // The 2-cycle: x satisfies a x² − (1 − b) x − (1 − b)²/a... solve numerically from the closed
        // form: x± = ((1 − b) ± √(4a − 3(1 − b)²)) / (2a), y± = b x∓.
        let root = (4 * a - 3 * (1 - b) * (1 - b)).squareRoot()
        let xs = [((1 - b) - root) / (2 * a), ((1 - b) + root) / (2 * a)]
        let expected = [[xs[0], b * xs[1]], [xs[1], b * xs[0]]]
        let orbits = try PeriodicOrbitFinder(henon).find(period: 2, from: [[0.9, -0.1], [-0.4, 0.3], expected[1].map { $0 + 0.01 }])
        let orbit = try XCTUnwrap(orbits.first { o in o.states.contains { abs($0[0] - xs[0]) < 1e-8 } }, "\(orbits.map(\.states))")
        for state in expected { XCTAssertTrue(orbit.states.contains { abs($0[0] - state[0]) < 1e-10 && abs($0[1] - state[1]) < 1e-10 }, "\(state) in \(orbit.states)") }
        let product = orbit.multipliers.reduce(Complex<Double>(1, 0)) { $0 * $1 }
        XCTAssertEqual(product.real, b * b, accuracy: 1e-10, "det of the product = (−b)² = b²")
        XCTAssertEqual(orbits.filter { $0.period == 2 }.count, orbits.count)
        XCTAssertThrowsError(try PeriodicOrbitFinder(henon).find(period: 0, from: [[0, 0]]))
        XCTAssertThrowsError(try PeriodicOrbitFinder(henon).find(period: 2, from: [[0]])) { XCTAssertTrue("\($0)".contains("dimension is 2")) }
        // Hardening round 3: a negative iteration count trapped in a range; bad tolerances likewise.
        XCTAssertThrowsError(try PeriodicOrbitFinder(henon, maxIterations: -1).find(period: 2, from: [[0, 0]])) { XCTAssertTrue("\($0)".contains("maxIterations"), "\($0)") }
        XCTAssertThrowsError(try PeriodicOrbitFinder(henon, certificationTolerance: .nan).find(period: 2, from: [[0, 0]])) { XCTAssertTrue("\($0)".contains("certificationTolerance"), "\($0)") }
        XCTAssertThrowsError(try PeriodicOrbitFinder(henon, deduplicationTolerance: -1).find(period: 2, from: [[0, 0]])) { XCTAssertTrue("\($0)".contains("deduplicationTolerance"), "\($0)") }
    }
}
