import Dynamics
import DynamicsTestSupport
import PropertyBased
import ToySystems
import XCTest

/// Attractors, basins, boundaries and manifolds against closed forms: a bistable map whose basin
/// boundary is a known line, parabolic invariant curves of maps and flows, a symmetric double well,
/// the logistic 2-cycle, Hénon's chaotic attractor, and a fold that gives birth to an attractor.
final class GlobalDynamicsOracleTests: XCTestCase {
    let u = RotatedBistableMap.attractorCoordinate

    func axis(_ range: ClosedRange<Double>, _ count: Int) -> [Double] {
        (0..<count).map { range.lowerBound + (range.upperBound - range.lowerBound) * Double($0) / Double(count - 1) }
    }

    /// Two certified attractors ±(u*/2, u*/2), every grid point labelled by its side of x + y = 0,
    /// the saddle on the line never reported, fractions within 3 standard errors of the areas, and
    /// the same labels on one thread and on two.
    func testBistableMapBasinsAndFractions() throws {
        let mapper = try AttractorMapper(RotatedBistableMap(), box: [-2...3, -2...2], cellsPerDimension: 200)
        let basins = try mapper.basins(grid: [axis(-2...3, 41), axis(-2...2, 33)])
        XCTAssertEqual(basins.attractors.count, 2, "\(basins.attractors)")
        XCTAssertEqual(basins.attractors.map(\.kind), [.fixedPoint, .fixedPoint])
        assertClose(basins.attractors[0].states[0], [-u / 2, -u / 2], tolerance: 1e-10, "id 1 is the lower attractor")
        assertClose(basins.attractors[1].states[0], [u / 2, u / 2], tolerance: 1e-10)
        for (index, label) in basins.labels.enumerated() {
            var x = [0.0, 0.0]
            basins.grid.state(at: index, into: &x)
            if x[0] + x[1] < -1e-12 { XCTAssertEqual(label, 1, "\(x)") }
            if x[0] + x[1] > 1e-12 { XCTAssertEqual(label, 2, "\(x)") }
            XCTAssertNotEqual(label, 0, "\(x): on the line the saddle is left, not reported")
        }
        var options = AttractorMapperOptions()
        options.parallel = false
        let sequential = try AttractorMapper(RotatedBistableMap(), box: [-2...3, -2...2], cellsPerDimension: 200, options: options)
        XCTAssertEqual(try sequential.basins(grid: [axis(-2...3, 41), axis(-2...2, 33)]).labels, basins.labels, "labels do not depend on threads")
        // Areas: x + y < 0 covers 8 of the box's 20.
        let fractions = try AttractorMapper(RotatedBistableMap(), box: [-2...3, -2...2], cellsPerDimension: 200).basinFractions(samples: 2_000, seed: 7)
        XCTAssertEqual(fractions.map(\.id), [1, 2])
        for (fraction, exact) in zip(fractions, [0.4, 0.6]) {
            XCTAssertLessThanOrEqual(abs(fraction.fraction - exact), 3 * fraction.standardError, "\(fraction) vs \(exact)")
        }
        XCTAssertEqual(try mapper.label(from: [2.5, 1]), 2)
        XCTAssertEqual(try mapper.label(from: [-1.9, 0.3]), 1)
    }

    /// Boundary points lie on x + y = 0 to 1e-10 from random pairs across it, with known attractors
    /// (proximity) and with recurrences alike; edge tracking finds the saddle at the origin.
    func testBoundaryPointsOnTheKnownSeparatrix() throws {
        let system = RotatedBistableMap()
        let known = try AttractorMapper(system, attractors: [[[-u / 2, -u / 2]], [[u / 2, u / 2]]], radius: 1e-6)
        let recurrent = try AttractorMapper(system, box: [-3...3, -3...3], cellsPerDimension: 300)
        try forAllCases(10) { rng in
            var a = Arbitrary.vector(2, in: -2.5...2.5, using: &rng)
            var b = Arbitrary.vector(2, in: -2.5...2.5, using: &rng)
            if a[0] + a[1] > 0 { a = a.map { -$0 } }
            if b[0] + b[1] < 0 { b = b.map { -$0 } }
            guard abs(a[0] + a[1]) > 0.05, abs(b[0] + b[1]) > 0.05 else { return }
            for mapper in [known, recurrent] {
                let edge = try mapper.boundaryPoint(between: a, and: b, tolerance: 1e-11)
                XCTAssertLessThanOrEqual(abs(edge.state[0] + edge.state[1]) / 2.0.squareRoot(), 1e-10, "\(a) → \(b): \(edge.state)")
                XCTAssertEqual([edge.firstLabel, edge.secondLabel].sorted(), [1, 2])
            }
        }
        let saddle = try known.edgeState(between: [-1, 0.5], and: [1, -0.2])
        XCTAssertTrue(saddle.isCertified)
        assertClose(saddle.state, [0, 0], tolerance: 1e-10)
        assertClose(saddle.eigenvalues.map(\.real), [2, 0.5], tolerance: 1e-12)
        XCTAssertThrowsError(try known.boundaryPoint(between: [1, 1], and: [2, 0.5], tolerance: 1e-10)) {
            XCTAssertEqual($0 as? GlobalDynamicsError, .sameBasin(label: 2))
        }
    }

    /// Every point of the grown manifolds lies within 1e-8 of the closed-form curve, both sides reach
    /// the length asked for, and curved stable manifolds of maps come out of the corrector's inverse.
    func testManifoldsAgainstClosedForms() throws {
        func check(_ sides: [[[Double]]], length: Double, _ curve: ([Double]) -> Double, _ name: String) {
            XCTAssertEqual(sides.count, 2, name)
            for (k, side) in sides.enumerated() {
                let arclength = zip(side, side.dropFirst()).reduce(0) { $0 + hypot($1.1[0] - $1.0[0], $1.1[1] - $1.0[1]) }
                XCTAssertGreaterThanOrEqual(arclength, length, "\(name) side \(k)")
                let worst = side.map { abs(curve($0)) }.max()!
                XCTAssertLessThanOrEqual(worst, 1e-8, "\(name) side \(k): worst distance \(worst) over \(side.count) points")
            }
        }
        let map = ParabolicSaddleMap()
        check(try InvariantManifold.unstable(of: [0, 0], in: map, length: 3), length: 3, { $0[1] - 2 * $0[0] * $0[0] / 7 }, "map unstable y = 2x²/7")
        check(try InvariantManifold.stable(of: [0, 0], in: map, length: 3), length: 3, { $0[0] }, "map stable x = 0")
        check(try InvariantManifold.stable(of: [0, 0], in: ParabolicStableSaddleMap(), length: 3), length: 3, { $0[1] + 4 * $0[0] * $0[0] / 7 }, "map stable y = −4x²/7")
        check(try InvariantManifold.unstable(of: [0, 0], in: ParabolicSaddleFlow(), length: 3), length: 3, { $0[1] - $0[0] * $0[0] / 3 }, "flow unstable y = x²/3")
        check(try InvariantManifold.stable(of: [0, 0], in: ParabolicSaddleFlow(reversed: true), length: 3), length: 3, { $0[1] + $0[0] * $0[0] / 3 }, "flow stable y = −x²/3")
        XCTAssertThrowsError(try InvariantManifold.unstable(of: [1, 0], in: DampedDoubleWell(), length: 1)) { XCTAssertTrue("\($0)".contains("0 dimension"), "\($0)") }
        XCTAssertThrowsError(try InvariantManifold.unstable(of: [0.3, 0], in: DampedDoubleWell(), length: 1)) { XCTAssertTrue("\($0)".contains("not a fixed point"), "\($0)") }
    }

    /// The double well's wells are certified equilibria, the saddle is never an attractor, and by
    /// odd symmetry opposite grid points reach opposite wells.
    func testDoubleWellFlowBasinsAreOddSymmetric() throws {
        let mapper = try AttractorMapper(DampedDoubleWell(), box: [-2.5...2.5, -2.5...2.5], cellsPerDimension: 100)
        let basins = try mapper.basins(grid: [axis(-2...2, 15), axis(-2...2, 15)])
        XCTAssertEqual(basins.attractors.count, 2, "\(basins.attractors)")
        XCTAssertEqual(basins.attractors.map(\.kind), [.fixedPoint, .fixedPoint])
        assertClose(basins.attractors[0].states[0], [-1, 0], tolerance: 1e-10)
        assertClose(basins.attractors[1].states[0], [1, 0], tolerance: 1e-10)
        let count = basins.labels.count
        for index in 0..<count where index != count - 1 - index {
            XCTAssertEqual(basins.labels[index] + basins.labels[count - 1 - index], 3, "point \(index) and its mirror")
        }
        // Edge tracking from a bracket across a spiral arm of the boundary ends on the saddle at the
        // origin, eigenvalues (−γ ± √(γ² + 4))/2.
        let edge = try mapper.edgeState(between: [-2, 0], and: [-2, 2.5])
        XCTAssertTrue(edge.isCertified)
        assertClose(edge.state, [0, 0], tolerance: 1e-12)
        let root = (0.25 + 4.0).squareRoot()
        assertClose(edge.eigenvalues.map(\.real).sorted(), [(-0.5 - root) / 2, (-0.5 + root) / 2], tolerance: 1e-12)
    }

    /// A flow's limit cycle identified and certified (CycleFinder), beside an equilibrium: the origin
    /// attracts r < 1, the cycle r = 2 of period 2π attracts r > 1 (NestedCyclesFlow).
    func testFlowLimitCycleAndEquilibriumBasins() throws {
        let mapper = try AttractorMapper(NestedCyclesFlow(), box: [-3...3, -3...3], cellsPerDimension: 120)
        let (xs, ys) = (axis(-2.8...2.8, 12), axis(-2.8...2.8, 12))
        let basins = try mapper.basins(grid: [xs, ys])
        XCTAssertEqual(Set(basins.attractors.map(\.kind.description)), ["fixed point", "limit cycle"], "\(basins.attractors)")
        let cycle = try XCTUnwrap(basins.attractors.first { $0.kind == .limitCycle })
        let point = try XCTUnwrap(basins.attractors.first { $0.kind == .fixedPoint })
        XCTAssertEqual(try XCTUnwrap(cycle.period), 2 * Double.pi, accuracy: 1e-8)
        XCTAssertEqual(cycle.eigenvalues.first?.real ?? 0, 1, accuracy: 1e-7, "the trivial multiplier")
        XCTAssertLessThan(cycle.eigenvalues[1].length, 1e-12, "e^(−12π) ≈ 4e-17")
        for state in cycle.states { XCTAssertEqual((state[0] * state[0] + state[1] * state[1]).squareRoot(), 2, accuracy: 1e-7) }
        assertClose(point.states[0], [0, 0], tolerance: 1e-10)
        for (k, label) in basins.labels.enumerated() {
            let (x, y) = (xs[k % xs.count], ys[k / xs.count])
            let r = (x * x + y * y).squareRoot()
            guard Swift.abs(r - 1) > 0.05 else { continue }
            XCTAssertEqual(label, r < 1 ? point.id : cycle.id, "(\(x), \(y)), r = \(r)")
        }
    }

    /// The logistic map at r = 3.2: a certified 2-cycle at ((r + 1) ± √((r − 3)(r + 1)))/(2r).
    func testLogisticTwoCycle() throws {
        let r = 3.2
        let mapper = try AttractorMapper(LogisticMap().fixing(parameters: [r]), box: [0...1], cellsPerDimension: 1000)
        let basins = try mapper.basins(grid: [axis(0.01...0.99, 50)])
        XCTAssertEqual(basins.attractors.map(\.kind), [.periodic(period: 2)])
        let root = ((r - 3) * (r + 1)).squareRoot()
        let exact = [(r + 1 - root) / (2 * r), (r + 1 + root) / (2 * r)]
        assertClose(basins.attractors[0].states.map { $0[0] }.sorted(), exact, tolerance: 1e-12)
        XCTAssertTrue(basins.labels.allSatisfy { $0 == 1 }, "\(basins.labels)")
    }

    /// Hénon (1.4, 0.3): one attractor, not a point or cycle, with leading exponent ≈ 0.419; states
    /// far out diverge.
    func testHenonChaoticAttractor() throws {
        let henon = HenonFamily().fixing(parameters: [1.4, 0.3])
        let mapper = try AttractorMapper(henon, box: [-3...3, -3...3], cellsPerDimension: 300)
        let basins = try mapper.basins(grid: [axis(-3...3, 30), axis(-3...3, 30)])
        XCTAssertEqual(basins.attractors.count, 1)
        XCTAssertEqual(basins.attractors[0].kind, .other)
        XCTAssertEqual(basins.attractors[0].leadingLyapunovExponent ?? 0, 0.419, accuracy: 0.02)
        XCTAssertEqual(try mapper.label(from: [0, 0]), 1)
        XCTAssertEqual(try mapper.label(from: [3, 3]), 0)
        XCTAssertTrue(basins.labels.contains(0) && basins.labels.contains(1))
        // 180 × 180 points: four levels, the last in two chunks, each followed in parallel; the labels
        // are those of one thread.
        var serial = AttractorMapperOptions()
        serial.parallel = false
        let (xs, ys) = (axis(-3...3, 180), axis(-3...3, 180))
        let both = try AttractorMapper(henon, box: [-3...3, -3...3], cellsPerDimension: 300).basins(grid: [xs, ys]).labels
        let one = try AttractorMapper(henon, box: [-3...3, -3...3], cellsPerDimension: 300, options: serial).basins(grid: [xs, ys]).labels
        XCTAssertEqual(one, both, "labels do not depend on threads")
    }

    /// ẋ = μ − x²: no attractor for μ < 0, then one born in the fold at μ = 0 whose basin in [−2, 2]
    /// is x > −√μ: fraction (2 + √μ)/4.
    func testAttractorBornInAFold() throws {
        var options = AttractorMapperOptions()
        options.timeStep = 0.05
        let sweep = try AttractorContinuation(
            SaddleNodeNormalForm(), box: [-2...2], cellsPerDimension: 400, parameters: [0], varying: 0,
            values: [-0.5, -0.25, 0.25, 0.5, 1], samples: 1_000, seed: 3, options: options)
        XCTAssertEqual(sweep.steps.map(\.attractors.count), [0, 0, 1, 1, 1])
        XCTAssertEqual(sweep.steps[0].fractions, [0: 1])
        XCTAssertEqual(sweep.events.count, 1)
        XCTAssertEqual(sweep.events.first?.kind, .born)
        XCTAssertEqual(sweep.events.first?.parameter, 0.25)
        XCTAssertEqual(sweep.events.first?.bifurcation?.kind, .fold)
        XCTAssertEqual(sweep.events.first?.bifurcation?.parameter ?? 1, 0, accuracy: 1e-8)
        for step in sweep.steps.dropFirst(2) {
            XCTAssertEqual(step.attractors.map(\.id), [1], "the id stays with the attractor")
            let exact = (2 + step.parameter.squareRoot()) / 4
            let error = (exact * (1 - exact) / 1_000).squareRoot()
            XCTAssertLessThanOrEqual(abs((step.fractions[1] ?? 0) - exact), 3 * error, "μ = \(step.parameter): \(step.fractions)")
        }
    }

    /// Bad arguments are thrown errors naming the argument; nothing traps.
    func testBadArgumentsAreClearErrors() throws {
        let system = RotatedBistableMap()
        func expect(_ fragment: String, _ body: () throws -> Void) {
            XCTAssertThrowsError(try body(), fragment) { XCTAssertTrue("\($0)".contains(fragment), "expected “\(fragment)” in “\($0)”") }
        }
        expect("box[0]") { _ = try AttractorMapper(system, box: [1...1, 0...1], cellsPerDimension: 10) }
        expect("box[1]") { _ = try AttractorMapper(system, box: [0...1, -.infinity...1], cellsPerDimension: 10) }
        expect("one range per state variable") { _ = try AttractorMapper(system, box: [0...1], cellsPerDimension: 10) }
        expect("cellsPerDimension[0]") { _ = try AttractorMapper(system, box: [0...1, 0...1], cellsPerDimension: 0) }
        expect("MiB") { _ = try AttractorMapper(system, box: [0...1, 0...1], cellsPerDimension: 1 << 20) }
        let mapper = try AttractorMapper(system, box: [-1...1, -1...1], cellsPerDimension: 10)
        expect("state is not finite") { _ = try mapper.label(from: [.nan, 0]) }
        expect("3 values") { _ = try mapper.label(from: [0, 0, 0]) }
        expect("states[1]") { _ = try mapper.labels(of: [[0, 0], [0, .infinity]]) }
        expect("axes[1]") { _ = try mapper.basins(grid: [[0, 1], []]) }
        expect("system has 2 variables") { _ = try mapper.basins(grid: [[0, 1]]) }
        expect("samples") { _ = try mapper.basinFractions(samples: 0, seed: 1) }
        expect("options.radius") { _ = try AttractorMapper(system, attractors: [[[0, 0]]], radius: 0) }
        expect("attractors[0]") { _ = try AttractorMapper(system, attractors: [[[0]]], radius: 1e-3) }
        expect("needs a box") { _ = try AttractorMapper(system, attractors: [[[1, 1]]], radius: 1e-3).basinFractions(samples: 10, seed: 1) }
        expect("tolerance") { _ = try mapper.boundaryPoint(between: [-1, -1], and: [1, 1], tolerance: 0) }
        expect("length") { _ = try InvariantManifold.unstable(of: [0, 0], in: system, length: -1) }
        var options = AttractorMapperOptions()
        options.timeStep = .nan
        expect("options.timeStep") { _ = try AttractorMapper(DampedDoubleWell(), box: [-1...1, -1...1], cellsPerDimension: 10, options: options) }
        // A map that diverges from everywhere, and one whose step is NaN: every label 0, no attractor.
        let expanding = LinearMap(matrix: Matrix(rows: 2, columns: 2, elements: [10, 0, 0, 10]), offset: [1, 1])
        XCTAssertTrue(try AttractorMapper(expanding, box: [-1...1, -1...1], cellsPerDimension: 50).basins(grid: [axis(-1...1, 20), axis(-1...1, 20)]).attractors.isEmpty)
        for diverging in [try AttractorMapper(expanding, box: [-1...1, -1...1], cellsPerDimension: 50),
                          try AttractorMapper(expanding, attractors: [[[-1.0 / 9, -1.0 / 9]]], radius: 1e-9)] {
            let basins = try diverging.basins(grid: [axis(-1...1, 20), axis(-1...1, 20)])
            XCTAssertTrue(basins.labels.allSatisfy { $0 == 0 }, "every grid point leaves the box")
        }
        let poisoned = try AttractorMapper(NaNMap(), box: [-1...1, -1...1], cellsPerDimension: 50)
        let poisonedBasins = try poisoned.basins(grid: [axis(-1...1, 10), axis(-1...1, 10)])
        XCTAssertTrue(poisonedBasins.attractors.isEmpty && poisonedBasins.labels.allSatisfy { $0 == 0 }, "\(poisonedBasins.attractors)")
    }

    /// A map whose every step is NaN.
    struct NaNMap: DiscreteMap {
        var dimension: Int { 2 }
        func step<T: DynamicsScalar>(_ x: [T]) -> [T] { x.map { _ in T(Double.nan) } }
    }
}

/// Boundary measures: a straight boundary is smooth (α ≈ 1, S_bb < log 2); Newton's cube-root
/// basins are fractal (α < 1, S_bb > log 2).
final class BasinBoundaryMeasureTests: XCTestCase {
    func axis(_ range: ClosedRange<Double>, _ count: Int) -> [Double] {
        (0..<count).map { range.lowerBound + (range.upperBound - range.lowerBound) * Double($0) / Double(count - 1) }
    }

    func testSmoothAndFractalBoundaries() throws {
        let line = try AttractorMapper(RotatedBistableMap(), box: [-2...2, -2...2], cellsPerDimension: 200)
            .basins(grid: [axis(-1.9...1.9, 80), axis(-1.3...1.7, 80)])
        let smooth = try BasinBoundaryMeasures(line)
        XCTAssertFalse(smooth.hasFractalBoundary, "S_bb \(smooth.boundaryBasinEntropy)")
        XCTAssertEqual(smooth.uncertaintyExponent ?? 0, 1, accuracy: 0.15, "α of a straight line")
        var options = AttractorMapperOptions()
        options.stepsOutsideToGiveUp = 200
        let newton = try AttractorMapper(NewtonCubeRoots(), box: [-2...2, -2...2], cellsPerDimension: 200, options: options)
            .basins(grid: [axis(-1.5...1.5, 90), axis(-1.5...1.5, 90)])
        XCTAssertEqual(newton.attractors.map(\.kind), [.fixedPoint, .fixedPoint, .fixedPoint])
        XCTAssertFalse(newton.labels.contains(0), "every point reaches a root")
        let fractal = try BasinBoundaryMeasures(newton)
        XCTAssertTrue(fractal.hasFractalBoundary, "S_bb \(fractal.boundaryBasinEntropy)")
        XCTAssertLessThan(fractal.uncertaintyExponent ?? 1, 0.9)
        XCTAssertThrowsError(try BasinBoundaryMeasures(newton, boxSize: 1))
    }
}
