import Dynamics
import DynamicsTestSupport
import PropertyBased
import XCTest

/// Phase planes against closed forms: straight nullclines (horizontal and vertical, also on grid
/// lines), a nullcline of three branches, the Hopf normal form's limit cycle and multiplier, the
/// Hénon map's fixed points, a slice of a three-variable flow, and bad arguments.
final class PhasePlaneOracleTests: XCTestCase {
    /// ẋ = y − c (its nullcline is the horizontal line y = c), ẏ = x − d (the vertical line x = d).
    struct Straight: ContinuousFlow {
        var c: Double, d: Double
        var dimension: Int { 2 }
        func step<T: DynamicsScalar>(_ x: [T]) -> [T] { [x[1] - T(c), x[0] - T(d)] }
    }

    /// ẋ = (y − x²)(y − x² + 1)(y − x² − 1): three parabolas; ẏ = 1 (no y-nullcline).
    struct Parabolas: ContinuousFlow {
        var dimension: Int { 2 }
        func step<T: DynamicsScalar>(_ x: [T]) -> [T] {
            let p = x[1] - x[0] * x[0]
            return [p * (p + 1) * (p - 1), T(1)]
        }
    }

    /// The Hopf normal form ẋ = μx − y − x(x² + y²), ẏ = x + μy − y(x² + y²): for μ > 0 a cycle of
    /// radius √μ and period 2π whose nontrivial multiplier is exp(−4πμ).
    struct HopfNormalForm: ContinuousFlow {
        var mu: Double
        var dimension: Int { 2 }
        func step<T: DynamicsScalar>(_ x: [T]) -> [T] {
            let r2 = x[0] * x[0] + x[1] * x[1]
            return [T(mu) * x[0] - x[1] - x[0] * r2, x[0] + T(mu) * x[1] - x[1] * r2]
        }
    }

    struct Henon: DiscreteMap {
        var a = 1.4, b = 0.3
        var dimension: Int { 2 }
        func step<T: DynamicsScalar>(_ x: [T]) -> [T] { [1 - T(a) * x[0] * x[0] + x[1], T(b) * x[0]] }
    }

    /// ẋ = A·x + b in three variables.
    struct Linear3: ContinuousFlow {
        var a: Matrix, b: [Double]
        var dimension: Int { 3 }
        func step<T: DynamicsScalar>(_ x: [T]) -> [T] {
            (0..<3).map { i in (0..<3).reduce(T(b[i])) { $0 + T(a[i, $1]) * x[$1] } }
        }
    }

    func testStraightNullclinesAreExactAndSpanTheBox() throws {
        try forAllCases(12) { rng in
            // Half the cases put the lines on grid lines of the 100-cell grid (multiples of 0.04).
            let onGrid = Arbitrary.int(in: 0...1, using: &rng) == 0
            let c = onGrid ? Double(Arbitrary.int(in: -45...45, using: &rng)) * 0.04 : Gen.double(in: -1.9...1.9).run(using: &rng)
            let d = onGrid ? Double(Arbitrary.int(in: -45...45, using: &rng)) * 0.04 : Gen.double(in: -1.9...1.9).run(using: &rng)
            let plane = try PhasePlane(Straight(c: c, d: d), x: -2...2, y: -2...2)
            let nullclines = plane.nullclines(resolution: 100)
            for (variable, coordinate, value) in [(0, 1, c), (1, 0, d)] {
                let segments = nullclines[variable].segments
                XCTAssertEqual(segments.count, 1, "variable \(variable), line at \(value): one branch")
                let vertices = segments.flatMap { $0 }
                XCTAssertTrue(vertices.allSatisfy { abs($0[coordinate] - value) <= 1e-12 }, "variable \(variable): on the line \(value)")
                let along = vertices.map { $0[1 - coordinate] }
                XCTAssertLessThanOrEqual(along.min()!, -2 + 1e-9, "variable \(variable): from one side")
                XCTAssertGreaterThanOrEqual(along.max()!, 2 - 1e-9, "variable \(variable): to the other")
            }
            let equilibria = try plane.equilibria()
            XCTAssertEqual(equilibria.count, 1)
            assertClose(equilibria[0].point.state, [d, c], tolerance: 1e-12, "equilibrium (d, c)")
            XCTAssertEqual(equilibria[0].classification.kind, .saddle, "eigenvalues ±1")
        }
    }

    func testThreeBranchesAreFoundAndRefinedOntoTheCurves() throws {
        let plane = try PhasePlane(Parabolas(), x: -2...2, y: -2...3.5)
        // Distance to the nearest parabola, to first order: |g|/|∇g| with g = y − x² − k.
        func offset(_ p: [Double]) -> Double { [0.0, -1, 1].map { abs(p[1] - p[0] * p[0] - $0) / (1 + 4 * p[0] * p[0]).squareRoot() }.min()! }
        let rough = plane.nullclines(resolution: 200, refinementSteps: 0)[0]
        let refined = plane.nullclines(resolution: 200)
        XCTAssertEqual(refined[0].segments.count, 3, "three parabolas, three branches")
        XCTAssertTrue(refined[1].segments.isEmpty, "ẏ = 1 has no nullcline")
        XCTAssertLessThanOrEqual(rough.segments.flatMap { $0 }.map(offset).max()!, 2e-3, "interpolated vertices")
        XCTAssertLessThanOrEqual(refined[0].segments.flatMap { $0 }.map(offset).max()!, 1e-9, "refined vertices")
        for k in [0.0, -1, 1] {
            let onBranch = refined[0].segments.filter { $0.allSatisfy { abs($0[1] - $0[0] * $0[0] - k) < 1e-6 } }
            XCTAssertEqual(onBranch.count, 1, "y = x² + \(k): one polyline holds it whole")
        }
    }

    func testHopfNormalFormCycleRadiusPeriodAndMultiplier() throws {
        try forAllCases(2) { rng in
            // Up to μ = 3: exp(−4πμ) reaches 4e-17, below the monodromy matrix's rounding; it must
            // still come out to relative 1e-8.
            let mu = Gen.double(in: 0.1...3).run(using: &rng)
            let plane = try PhasePlane(HopfNormalForm(mu: mu), x: -2...2, y: -2...2)
            let cycle = try XCTUnwrap(plane.limitCycle(from: [0.05, 0], transient: 60, window: 40), "μ = \(mu): a cycle")
            for point in cycle.points {
                XCTAssertEqual((point[0] * point[0] + point[1] * point[1]).squareRoot(), mu.squareRoot(), accuracy: 1e-8, "μ = \(mu): radius √μ")
            }
            XCTAssertEqual(cycle.period, 2 * Double.pi, accuracy: 1e-8, "μ = \(mu): period 2π")
            XCTAssertEqual(cycle.multipliers[0].real, 1, accuracy: 1e-8, "μ = \(mu): trivial multiplier")
            XCTAssertEqual(cycle.multipliers[1].real, Double.exp(-4 * Double.pi * mu), accuracy: 1e-8 * Double.exp(-4 * Double.pi * mu), "μ = \(mu): exp(−4πμ) to relative 1e-8")
            XCTAssertTrue(cycle.isStable)
            let origin = try XCTUnwrap(plane.equilibria().first)
            XCTAssertEqual(origin.classification.kind, .unstableFocus, "μ = \(mu): eigenvalues μ ± i")
            XCTAssertNil(try PhasePlane(HopfNormalForm(mu: -mu), x: -2...2, y: -2...2).limitCycle(from: [0.5, 0], transient: 60, window: 40), "μ < 0: the orbit settles")
        }
    }

    func testHenonFixedPointsInClosedForm() throws {
        let henon = Henon()
        let plane = try PhasePlane(henon, x: -2...2, y: -2...2)
        let (a, b) = (henon.a, henon.b)
        let roots = [-1.0, 1].map { ((b - 1) + $0 * ((1 - b) * (1 - b) + 4 * a).squareRoot()) / (2 * a) }
        let found = try plane.equilibria()
        XCTAssertEqual(found.count, 2)
        for (point, root) in zip(found, roots) {
            assertClose(point.point.state, [root, b * root], tolerance: 1e-12, "Hénon fixed point")
            XCTAssertEqual(point.classification.kind, .saddle, "both Hénon fixed points are saddles at a = 1.4, b = 0.3")
        }
        XCTAssertEqual(plane.orbit(from: [0, 0], steps: 3).count, 4)
    }

    func testSliceOfAThreeVariableFlow() throws {
        try forAllCases(6) { rng in
            var a = Arbitrary.matrix(3, 3, using: &rng)
            for i in 0..<3 { a[i, i] -= 3 }
            let b = Arbitrary.vector(3, using: &rng)
            let z = Gen.double(in: -0.5...0.5).run(using: &rng)
            let plane = try PhasePlane(Linear3(a: a, b: b), x: -10...10, y: -10...10, variables: (0, 2), heldAt: [0, z, 0])
            // The slice's equilibrium: rows 0 and 2 of A·x + b = 0 with x₁ = z.
            let m = Matrix(rows: 2, columns: 2, elements: [a[0, 0], a[0, 2], a[2, 0], a[2, 2]])
            let expected = try m.solve([-(b[0] + a[0, 1] * z), -(b[2] + a[2, 1] * z)])
            let found = try plane.fixedPoints()
            XCTAssertEqual(found.count, 1)
            assertClose(found[0].state, expected, tolerance: 1e-10, "slice equilibrium")
        }
    }

    func testBadArgumentsAreRejected() {
        XCTAssertThrowsError(try PhasePlane(Straight(c: 0, d: 0), x: 1...1, y: 0...1)) { XCTAssertTrue("\($0)".contains("x range")) }
        XCTAssertThrowsError(try PhasePlane(Straight(c: 0, d: 0), x: 0...1, y: 0...1, variables: (1, 1))) { XCTAssertTrue("\($0)".contains("two different")) }
        XCTAssertThrowsError(try PhasePlane(Straight(c: 0, d: 0), x: 0...1, y: 0...(.infinity))) { XCTAssertTrue("\($0)".contains("finite")) }
        XCTAssertThrowsError(try PhasePlane(Straight(c: 0, d: 0), x: 0...1, y: 0...1, heldAt: [0])) { XCTAssertTrue("\($0)".contains("heldAt")) }
    }
}
