import Dynamics
import DynamicsTestSupport
import PropertyBased
import ToySystems
import XCTest

/// SlowPointFinder and LinearStability against analytic fixed points and spectra.
final class SlowPointFinderOracleTests: XCTestCase {
    /// Matches each expected eigenvalue to a computed one within `tolerance` relative.
    func assertSpectrum(_ computed: [Complex<Double>], _ expected: [Complex<Double>], tolerance: Double, _ label: String) {
        var remaining = computed
        for lambda in expected {
            guard let k = remaining.indices.min(by: { (remaining[$0] - lambda).length < (remaining[$1] - lambda).length }) else { return XCTFail(label) }
            XCTAssertLessThan((remaining[k] - lambda).length, tolerance * max(1, lambda.length), "\(label): eigenvalue \(lambda), nearest \(remaining[k])")
            remaining.remove(at: k)
        }
    }

    func testLinearMapsAndFlowsWithPrescribedSpectra() throws {
        try forAllCases(12) { rng in
            let n = Arbitrary.int(in: 1...10, using: &rng)
            // Spectra avoiding 1 (maps) and 0 (flows) so the fixed point is unique; some unstable.
            let spectrum = RandomMatrices.spectrum(count: n, radius: 1.6, using: &rng).map { $0.length < 0.05 ? $0 + Complex(0.1, 0) : $0 }
            let a = RandomMatrices.withSpectrum(spectrum, using: &rng)
            let candidates = (0..<5).map { _ in Arbitrary.vector(n, in: -3...3, using: &rng) }
            var options = SlowPointOptions()
            options.warmStartSteps = 20
            let flowMatrix = a - 2 * Matrix.identity(n)   // spectrum − 2: no eigenvalue 0
            let map = LinearMap(matrix: a, offset: Arbitrary.vector(n, using: &rng))
            let flow = LinearFlow(matrix: flowMatrix, offset: Arbitrary.vector(n, using: &rng))
            try checkUniqueFixedPoint(map, expected: map.fixedPoint(), candidates: candidates, options: options, spectrum: spectrum, label: "map n = \(n)")
            try checkUniqueFixedPoint(flow, expected: flow.fixedPoint(), candidates: candidates, options: options, spectrum: spectrum.map { $0 - Complex(2, 0) }, label: "flow n = \(n)")
        }
    }

    func checkUniqueFixedPoint<S: DynamicalSystem>(_ system: S, expected: [Double], candidates: [[Double]], options: SlowPointOptions, spectrum: [Complex<Double>], label: String) throws {
        let result = try SlowPointFinder(system, options: options).find(from: candidates)
        XCTAssertEqual(result.fixedPoints.count, 1, "\(label): one distinct fixed point, got \(result.points.map(\.state))")
        XCTAssertTrue(result.slowPoints.isEmpty, "\(label): no slow points")
        guard let point = result.fixedPoints.first else { return }
        XCTAssertEqual(point.candidateIndices, Array(0..<candidates.count), "\(label): every candidate merged")
        assertClose(point.state, expected, tolerance: 1e-9, "\(label): fixed point")
        let stability = try LinearStability(system, at: point.state)
        assertSpectrum(stability.eigenvalues, spectrum, tolerance: 1e-9, label)
        let stable = S.timeDomain == .discrete ? spectrum.allSatisfy { $0.length < 1 } : spectrum.allSatisfy { $0.real < 0 }
        XCTAssertEqual(stability.isStable, stable, "\(label): isStable")
    }

    /// Every refined point of a line attractor lies on the line, with exactly one marginal eigenvalue
    /// (1 for the map, 0 for the flow) whose eigenvector is the line; the verdict reads "line".
    func testLineAttractor() throws {
        try forAllCases(8) { rng in
            let n = Arbitrary.int(in: 2...8, using: &rng)
            let map = LineAttractorMap(dimension: n, inputScale: 1, using: &rng)
            let flow = LineAttractorFlow(dimension: n, inputScale: 1, using: &rng)
            let candidates = (0..<12).map { _ in Arbitrary.vector(n, in: -3...3, using: &rng) }
            try checkLine(map, geometry: map.geometry, x0: map.fixedPoint(along: 0), marginal: Complex(1, 0), candidates: candidates, label: "map n = \(n)")
            try checkLine(flow, geometry: flow.geometry, x0: flow.fixedPoint(along: 0), marginal: .zero, candidates: candidates, label: "flow n = \(n)")
        }
    }

    func checkLine<S: DynamicalSystem>(_ system: S, geometry: LineAttractorGeometry, x0: [Double], marginal: Complex<Double>, candidates: [[Double]], label: String) throws {
        var options = SlowPointOptions()
        options.warmStartSteps = 10
        let result = try SlowPointFinder(system, options: options).find(from: candidates)
        XCTAssertEqual(result.refined.filter(\.isFixedPoint).count, candidates.count, "\(label): every candidate refines to a fixed point")
        let d = geometry.direction
        var stabilities: [LinearStability] = []
        for point in result.fixedPoints {
            let offset = zip(point.state, x0).map { $0 - $1 }
            let along = zip(offset, d).reduce(0) { $0 + $1.0 * $1.1 }
            let distanceToLine = zip(offset, d).map { $0 - along * $1 }.reduce(0) { $0 + $1 * $1 }.squareRoot()
            // G is linear and vanishes on the line, so the offset w off the line has ∂G/∂x·w = G and
            // ‖w‖ ≤ ‖G‖/σ, σ the smallest nonzero singular value of ∂G/∂x: certification bounds the
            // distance through the residual, not by a fixed number (a weakly contracting direction,
            // σ ≈ 0.1, takes a residual of 1e-10 to 1e-9).
            let singularValues = try SingularValueDecomposition(of: system.fixedPointResidualJacobian(at: point.state)).singularValues.sorted()
            let bound = point.residual / singularValues[1] + 1e-12 * Swift.max(1, point.state.map(abs).max()!)
            XCTAssertLessThanOrEqual(distanceToLine, bound, "\(label): point off the line (residual \(point.residual), σ \(singularValues[1]))")
            XCTAssertLessThan(distanceToLine, 1e-7, "\(label): point off the line")
            let stability = try LinearStability(system, at: point.state)
            XCTAssertEqual(stability.classification(tolerance: 1e-6).marginalDirections, 1, "\(label): one marginal eigenvalue")
            let closest = stability.eigenvalues.min { ($0 - marginal).length < ($1 - marginal).length }!
            XCTAssertLessThan((closest - marginal).length, 1e-12, "\(label): marginal eigenvalue \(closest)")
            XCTAssertEqual(abs(zip(stability.slowDirection, d).reduce(0) { $0 + $1.0 * $1.1 }), 1, accuracy: 1e-9, "\(label): slow direction is the line")
            stabilities.append(stability)
        }
        let verdict = AttractorVerdict(points: result.fixedPoints.map(\.state), stabilities: stabilities)
        XCTAssertEqual(verdict.kind, .lineAttractor, "\(label): \(verdict)")
    }

    /// The Hopfield network: ±m*·ξ found, with the stated spectrum, stable; the origin unstable; the
    /// stable memories read as isolated points.
    func testHopfieldNetwork() throws {
        try forAllCases(6) { rng in
            let log2Size = Arbitrary.int(in: 2...4, using: &rng)
            let n = 1 << log2Size
            let p = Arbitrary.int(in: 1...min(3, n), using: &rng)
            let beta = Gen.double(in: 1.01...3).run(using: &rng)
            let network = HopfieldNetwork(log2Size: log2Size, patternCount: p, beta: beta, using: &rng)
            let m = HopfieldNetwork.overlap(beta: beta)
            var candidates = [Array(repeating: 0.0, count: n)]
            for ξ in network.patterns {
                for sign in [1.0, -1.0] { candidates.append(ξ.map { sign * $0 * (m + Gen.double(in: -0.05...0.05).run(using: &rng)) }) }
            }
            var options = SlowPointOptions()
            options.warmStartSteps = 0
            let result = try SlowPointFinder(network, options: options).find(from: candidates)
            var stable: [(state: [Double], stability: LinearStability)] = []
            for ξ in network.patterns {
                for sign in [1.0, -1.0] {
                    let expected = ξ.map { sign * m * $0 }
                    guard let found = result.fixedPoints.first(where: { zip($0.state, expected).allSatisfy { abs($0 - $1) < 1e-9 } }) else {
                        XCTFail("N = \(n), P = \(p), β = \(beta): memory \(sign > 0 ? "+" : "-")m*ξ not found among \(result.fixedPoints.map(\.state))")
                        continue
                    }
                    let stability = try LinearStability(network, at: found.state)
                    XCTAssertTrue(stability.isStable)
                    assertSpectrum(stability.eigenvalues, Array(repeating: Complex(-1 + beta * (1 - m * m), 0), count: p) + Array(repeating: Complex(-1, 0), count: n - p), tolerance: 1e-9, "memory spectrum")
                    stable.append((found.state, stability))
                }
            }
            let origin = try XCTUnwrap(result.fixedPoints.first { $0.state.allSatisfy { abs($0) < 1e-12 } }, "origin found")
            let originStability = try LinearStability(network, at: origin.state)
            XCTAssertFalse(originStability.isStable, "origin unstable for β > 1")
            XCTAssertEqual(originStability.classification(tolerance: 1e-6).kind, .saddle)
            XCTAssertEqual(originStability.classification(tolerance: 1e-6).unstableDirections, p)
            let verdict = AttractorVerdict(points: stable.map(\.state), stabilities: stable.map(\.stability))
            XCTAssertEqual(verdict.kind, .isolatedPoints, "\(verdict)")
        }
    }

    /// x' = x + 1 + sin(x)/2 has no fixed point (the step is ≥ 1/2): none is certified, every candidate
    /// ends at a local minimum of q = (1 + sin(x)/2)² ≥ 1/4, i.e. at sin x = −1.
    func testMapWithoutFixedPointReportsNone() throws {
        struct Drift: DiscreteMap {
            var dimension: Int { 1 }
            func step<T: DynamicsScalar>(_ x: [T]) -> [T] { [x[0] + 1 + T.sin(x[0]) / 2] }
        }
        try forAllCases(5) { rng in
            let candidates = (0..<6).map { _ in [Gen.double(in: -10...10).run(using: &rng)] }
            let result = try SlowPointFinder(Drift()).find(from: candidates)
            XCTAssertTrue(result.fixedPoints.isEmpty, "no fixed point exists, found \(result.fixedPoints.map(\.state))")
            XCTAssertFalse(result.slowPoints.isEmpty)
            for point in result.slowPoints {
                // q ≥ 1/4 everywhere; refinement stops once ‖G‖ falls by < 1 % over 10 iterations, which
                // near this smooth minimum (q ≈ 1/4 + (x − x*)²/4) leaves q within 1e-6 of it.
                XCTAssertGreaterThanOrEqual(point.loss, 0.25 - 1e-15)
                XCTAssertLessThan(point.loss, 0.25 + 1e-6, "slow point at \(point.state) has q = \(point.loss)")
                XCTAssertEqual(Double.sin(point.state[0]), -1, accuracy: 1e-5, "at a minimum of q, sin x = −1")
                XCTAssertNotEqual(point.outcome, .certified)
            }
        }
    }

    /// On a ReLU map refinement ends in finitely many Newton steps: a certified point has residual at
    /// rounding level and solves its activation pattern's affine system (I − diag(m)·W)·x = diag(m)·b.
    func testReluRefinementTerminatesExactly() throws {
        var certified = 0
        try forAllCases(10) { rng in
            let n = Arbitrary.int(in: 2...24, using: &rng)
            let system = ReluNetworkMap(dimension: n, gain: 0.8, using: &rng)
            var options = SlowPointOptions()
            options.warmStartSteps = 0
            let candidates = (0..<8).map { _ in Arbitrary.vector(n, in: 0...1, using: &rng) }
            for point in try SlowPointFinder(system, options: options).refine(candidates) where point.isFixedPoint {
                certified += 1
                XCTAssertLessThanOrEqual(point.iterations, 25, "n = \(n): \(point.iterations) iterations")
                XCTAssertLessThan(point.residual, 1e-12)
                let pre = zip(system.weights * point.state, system.bias).map { $0 + $1 }
                let pattern = pre.map { $0 > 0 ? 1.0 : 0.0 }
                var a = Matrix.identity(n)
                for i in 0..<n { for j in 0..<n { a[i, j] -= pattern[i] * system.weights[i, j] } }
                let exact = try a.solve(zip(pattern, system.bias).map { $0 * $1 })
                assertClose(point.state, exact, tolerance: 1e-12, "n = \(n): the pattern's affine fixed point")
            }
        }
        XCTAssertGreaterThan(certified, 0, "some candidates must certify for the test to mean anything")
    }

    /// Parallel refinement gives the same bits as serial refinement.
    func testResultsIndependentOfThreading() throws {
        var rng = SeededGenerator(seed: 3)
        let system = ReluNetworkMap(dimension: 16, using: &rng)
        let candidates = (0..<40).map { _ in (0..<16).map { _ in Double.random(in: 0...1, using: &rng) } }
        var serial = SlowPointOptions()
        serial.parallel = false
        serial.warmStartSteps = 30
        var parallel = serial
        parallel.parallel = true
        let a = try SlowPointFinder(system, options: serial).find(from: candidates)
        let b = try SlowPointFinder(system, options: parallel).find(from: candidates)
        XCTAssertEqual(a.refined.map(\.state), b.refined.map(\.state))
        XCTAssertEqual(a.points.map(\.candidateIndices), b.points.map(\.candidateIndices))
    }
}
