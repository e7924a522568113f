import Dynamics
import DynamicsTestSupport
import PropertyBased
import ToySystems
import XCTest

/// Matrix-free (Newton–Krylov) refinement against the same analytic oracles as the dense path, and
/// against the dense path itself.
final class MatrixFreeRefinementOracleTests: XCTestCase {
    func matrixFree() -> SlowPointOptions {
        var options = SlowPointOptions()
        options.refinement = .matrixFree
        return options
    }

    /// Linear maps and flows with a unique fixed point: every candidate certified at −A⁻¹c (for a map
    /// (I − A)⁻¹c), to the certification tolerance.
    func testUniqueFixedPointOfAffineSystems() throws {
        try forAllCases(10) { rng in
            let n = Arbitrary.int(in: 1...30, using: &rng)
            let spectrum = RandomMatrices.spectrum(count: n, radius: 1.6, using: &rng).map { $0.length < 0.05 ? $0 + Complex(0.1, 0) : $0 }
            let a = RandomMatrices.withSpectrum(spectrum, using: &rng)
            let candidates = (0..<4).map { _ in Arbitrary.vector(n, in: -3...3, using: &rng) }
            let map = LinearMap(matrix: a, offset: Arbitrary.vector(n, using: &rng))
            let flow = LinearFlow(matrix: a - 2 * Matrix.identity(n), offset: Arbitrary.vector(n, using: &rng))
            for (label, result, expected) in [
                ("map n = \(n)", try SlowPointFinder(map, options: matrixFree()).find(from: candidates), try map.fixedPoint()),
                ("flow n = \(n)", try SlowPointFinder(flow, options: matrixFree()).find(from: candidates), try flow.fixedPoint()),
            ] {
                XCTAssertEqual(result.refined.filter(\.isFixedPoint).count, candidates.count, "\(label): every candidate certified")
                XCTAssertEqual(result.fixedPoints.count, 1, "\(label): one distinct point")
                let scale = Swift.max(1, expected.map(abs).max()!)
                for point in result.fixedPoints { assertClose(point.state, expected, tolerance: 1e-8 * scale, "\(label): fixed point") }
            }
        }
    }

    /// On a line attractor ∂G/∂x is singular along the line: minimum-norm steps land every candidate
    /// on the line, certified, and the verdict from leading spectra reads "line attractor".
    func testLineAttractorLandsOnTheLine() throws {
        try forAllCases(6) { rng in
            let n = Arbitrary.int(in: 2...12, using: &rng)
            let flow = LineAttractorFlow(dimension: n, inputScale: 1, using: &rng)
            let candidates = (0..<10).map { _ in Arbitrary.vector(n, in: -3...3, using: &rng) }
            let result = try SlowPointFinder(flow, options: matrixFree()).find(from: candidates)
            XCTAssertEqual(result.refined.filter(\.isFixedPoint).count, candidates.count, "n = \(n): every candidate certified")
            let d = flow.geometry.direction, x0 = flow.fixedPoint(along: 0)
            var spectra: [LeadingSpectrum] = []
            for point in result.fixedPoints {
                let offset = zip(point.state, x0).map { $0 - $1 }
                let along = zip(offset, d).reduce(0) { $0 + $1.0 * $1.1 }
                let distanceToLine = zip(offset, d).map { $0 - along * $1 }.reduce(0) { $0 + $1 * $1 }.squareRoot()
                XCTAssertLessThan(distanceToLine, 1e-7, "n = \(n): point off the line")
                XCTAssertEqual(point.conditionNumber, .infinity, "n = \(n): singular along the line")
                let spectrum = try LeadingSpectrum(flow, at: point.state, count: 1)
                XCTAssertTrue(spectrum.isConverged)
                XCTAssertLessThan(spectrum.eigenvalues[0].length, 1e-10, "n = \(n): the marginal eigenvalue 0 leads")
                spectra.append(spectrum)
            }
            if result.fixedPoints.count >= 2 {
                let verdict = AttractorVerdict(points: result.fixedPoints.map(\.state), spectra: spectra)
                XCTAssertEqual(verdict.kind, .lineAttractor, "n = \(n): \(verdict)")
            }
        }
    }

    /// The Hopfield network: dense and matrix-free refinement certify the same points.
    func testAgreesWithDenseRefinement() throws {
        try forAllCases(4) { rng in
            let log2Size = Arbitrary.int(in: 2...4, using: &rng)
            let network = HopfieldNetwork(log2Size: log2Size, patternCount: 2, beta: Gen.double(in: 1.2...3).run(using: &rng), using: &rng)
            let n = network.dimension
            let candidates = (0..<8).map { _ in Arbitrary.vector(n, in: -1...1, using: &rng) }
            var dense = SlowPointOptions()
            dense.refinement = .dense
            let a = try SlowPointFinder(network, options: dense).refine(candidates)
            let b = try SlowPointFinder(network, options: matrixFree()).refine(candidates)
            for (p, q) in zip(a, b) where p.isFixedPoint && q.isFixedPoint {
                // Both are exact; from the same start they may reach different fixed points, which
                // must then both be fixed points: check each residual independently.
                XCTAssertLessThan(euclidean(network.fixedPointResidual(q.state)), 1e-10 * Swift.max(1, euclidean(q.state)))
            }
            XCTAssertEqual(b.filter(\.isFixedPoint).count, b.count, "N = \(n): every candidate certified (every start reaches a memory or the origin)")
        }
    }

    /// No fixed point exists: nothing is certified; points stop as stalled with q ≥ 1/4.
    func testNoFixedPointIsNeverCertified() throws {
        struct Drift: DiscreteMap {
            var dimension: Int { 3 }
            func step<T: DynamicsScalar>(_ x: [T]) -> [T] { x.map { $0 + 1 + T.sin($0) / 2 } }
        }
        try forAllCases(4) { rng in
            let candidates = (0..<5).map { _ in Arbitrary.vector(3, in: -10...10, using: &rng) }
            let refined = try SlowPointFinder(Drift(), options: matrixFree()).refine(candidates)
            for point in refined {
                XCTAssertFalse(point.isFixedPoint, "certified \(point.state) with residual \(point.residual)")
                XCTAssertGreaterThanOrEqual(point.loss, 0.25 - 1e-12)
            }
        }
    }

    /// States so large that ‖x‖² overflows certify nothing (they used to: ∞ ≤ tol·∞).
    func testOverflowCertifiesNothing() throws {
        struct Constant: ContinuousFlow {
            var dimension: Int { 2 }
            func step<T: DynamicsScalar>(_ x: [T]) -> [T] { [T(1e150), T(1e150)] }
        }
        struct Doubling: DiscreteMap {
            var dimension: Int { 2 }
            func step<T: DynamicsScalar>(_ x: [T]) -> [T] { x.map { 2 * $0 + 1 } }
        }
        for method in [RefinementMethod.dense, .matrixFree] {
            var options = SlowPointOptions()
            options.refinement = method
            options.maxIterations = 5
            let flat = try SlowPointFinder(Constant(), options: options).refine([[1e155, 0]])
            XCTAssertFalse(flat[0].isFixedPoint, "\(method): f = (1e150, 1e150) has no fixed point, residual \(flat[0].residual)")
            let doubling = try SlowPointFinder(Doubling(), options: options).refine([[1e155, 1e155], [1e300, -1e300]])
            for point in doubling where point.isFixedPoint {
                assertClose(point.state, [-1, -1], tolerance: 1e-9, "\(method): the only fixed point is −1")
            }
        }
    }

    func euclidean(_ v: [Double]) -> Double { v.reduce(0) { $0 + $1 * $1 }.squareRoot() }
}
