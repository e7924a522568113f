import Dynamics
import DynamicsTestSupport
import PropertyBased
import XCTest

final class PCAProjectorTests: XCTestCase {
    /// Data mean ± sₖ·qₖ along orthonormal qₖ have sample covariance Σ 2sₖ²/(n−1)·qₖqₖᵀ exactly: PCA
    /// must return the qₖ (up to the sign convention) and those variances.
    func testKnownCovariance() throws {
        try forAllCases(20) { rng in
            let d = Arbitrary.int(in: 2...8, using: &rng)
            var q = Matrix.identity(d)
            // A random rotation from the SVD of a random matrix.
            q = try SingularValueDecomposition(of: Arbitrary.matrix(d, d, using: &rng)).u
            let scales = (0..<d).map { Double(d - $0) + Gen.double(in: 0...0.5).run(using: &rng) }
            let mean = Arbitrary.vector(d, in: -5...5, using: &rng)
            var data: [[Double]] = []
            for k in 0..<d {
                for sign in [1.0, -1.0] { data.append((0..<d).map { mean[$0] + sign * scales[k] * q[$0, k] }) }
            }
            let k = Arbitrary.int(in: 1...d, using: &rng)
            let pca = try PCAProjector(fitting: data, components: k)
            let n = Double(data.count)
            let variances = scales.map { 2 * $0 * $0 / (n - 1) }
            assertClose(pca.mean, mean, tolerance: 1e-12, "mean")
            assertClose(pca.explainedVariance, Array(variances.prefix(k)), tolerance: 1e-10, "variances, d = \(d)")
            let total = variances.reduce(0, +)
            assertClose(pca.explainedVarianceRatio, variances.prefix(k).map { $0 / total }, tolerance: 1e-10, "ratios")
            for c in 0..<k {
                let axis = pca.components.row(c)
                let alignment = abs(zip(axis, q.column(c)).reduce(0) { $0 + $1.0 * $1.1 })
                XCTAssertEqual(alignment, 1, accuracy: 1e-9, "component \(c) is q\(c)")
                let pivot = axis.indices.max { abs(axis[$0]) < abs(axis[$1]) }!
                XCTAssertGreaterThan(axis[pivot], 0, "sign convention: largest entry positive")
            }
            // Round trip: with all components, inverse(transform(x)) = x.
            let full = try PCAProjector(fitting: data, components: d)
            for row in data { assertClose(full.inverseTransform(full.transform(row)), row, tolerance: 1e-10, "round trip") }
        }
    }

    func testErrors() {
        XCTAssertThrowsError(try PCAProjector(fitting: [[1, 2]], components: 1)) { XCTAssertEqual($0 as? PCAError, .tooFewRows(1)) }
        XCTAssertThrowsError(try PCAProjector(fitting: [[1, 2], [3, 4]], components: 3)) { XCTAssertEqual($0 as? PCAError, .badComponentCount(3, rows: 2, columns: 2)) }
        XCTAssertThrowsError(try PCAProjector(fitting: [[1, 2], [3, 4]], components: 0)) { XCTAssertEqual($0 as? PCAError, .badComponentCount(0, rows: 2, columns: 2)) }
        XCTAssertThrowsError(try PCAProjector(fitting: [[1, 2], [3]], components: 1)) { XCTAssertEqual($0 as? PCAError, .raggedRow(row: 1, count: 1, expected: 2)) }
        XCTAssertThrowsError(try PCAProjector(fitting: [[1, 2], [.nan, 4]], components: 1)) { error in
            XCTAssertEqual(error as? PCAError, .nonFinite(row: 1))
            XCTAssertTrue("\(error)".contains("row 1"))
        }
    }

    /// Finite data of any magnitude: the same ratios and axes as the data scaled to order one (they used
    /// to come out NaN near 1e200, and rows near 1.7e308 were rejected as non-finite).
    func testExtremeMagnitudes() throws {
        let base: [[Double]] = [[1, 2], [3, 1], [-2, 0.5], [0.5, -1], [2, 2]]
        let reference = try PCAProjector(fitting: base, components: 2)
        for scale in [1e-300, 1e-150, 1e150, 1e200, 1e300] {
            let pca = try PCAProjector(fitting: base.map { $0.map { $0 * scale } }, components: 2)
            for (a, b) in zip(pca.explainedVarianceRatio, reference.explainedVarianceRatio) { XCTAssertEqual(a, b, accuracy: 1e-12, "scale \(scale)") }
            for (a, b) in zip(pca.components.elements, reference.components.elements) { XCTAssertEqual(a, b, accuracy: 1e-12, "scale \(scale)") }
        }
        let huge = try PCAProjector(fitting: [[1.7e308, 0], [1.7e308, 1]], components: 1)
        XCTAssertEqual(huge.explainedVarianceRatio, [1])
        XCTAssertEqual(abs(huge.components[0, 1]), 1, accuracy: 1e-12)
        XCTAssertEqual(huge.mean[0], 1.7e308)
    }
}
