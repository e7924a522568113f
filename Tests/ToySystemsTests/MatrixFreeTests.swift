import Dynamics
import DynamicsTestSupport
import PropertyBased
import ToySystems
import XCTest

/// The block Krylov subspace against its defining identities, and the leading spectrum against the
/// full eigendecomposition.
final class MatrixFreeTests: XCTestCase {
    /// Orthonormal basis; A·qⱼ = Σᵢ Hᵢⱼ·qᵢ for every applied vector; with the whole space, least
    /// squares solves A·δ = b exactly and the Ritz values are A's eigenvalues.
    func assertSpectrum(_ computed: [Complex<Double>], _ expected: [Complex<Double>], tolerance: Double, _ label: String) {
        XCTAssertEqual(computed.count, expected.count, label)
        for value in expected {
            XCTAssertTrue(computed.contains { ($0 - value).length <= tolerance * Swift.max(1, value.length) }, "\(label): \(value) missing from \(computed)")
        }
    }

    func testBlockKrylovIdentities() throws {
        try forAllCases(10) { rng in
            let n = Arbitrary.int(in: 3...30, using: &rng)
            let a = Arbitrary.matrix(n, n, using: &rng) + 2 * Matrix.identity(n)
            var krylov = BlockKrylovSubspace(dimension: n, capacity: n)
            krylov.appendOrthonormalized(Arbitrary.matrix(Swift.min(8, n), n, using: &rng))
            while krylov.extend({ $0 * a.transposed }) {}
            XCTAssertEqual(krylov.appliedCount, n, "the subspace fills ℝⁿ")
            let q = Matrix(rows: krylov.basisCount, columns: n, elements: krylov.basis)
            assertClose(q * q.transposed, Matrix.identity(krylov.basisCount), tolerance: 1e-12, "orthonormal, n = \(n)")
            for j in 0..<krylov.appliedCount {
                let image = a * q.row(j)
                let expansion = (0..<n).map { i in (0..<krylov.basisCount).reduce(0.0) { $0 + krylov[$1, j] * q[$1, i] } }
                assertClose(expansion, image, tolerance: 1e-11, "A·q\(j) = Q·H[:, \(j)], n = \(n)")
            }
            let b = Arbitrary.vector(n, using: &rng)
            let coefficients = (0..<krylov.basisCount).map { i in zip(q.row(i), b).reduce(0) { $0 + $1.0 * $1.1 } }
            let solution = try XCTUnwrap(krylov.leastSquares(coefficients, damping: 0))
            assertClose(krylov.combination(solution.coefficients), try a.solve(b), tolerance: 1e-9, "least squares = A⁻¹b, n = \(n)")
            let ritz = try krylov.ritzPairs().map(\.value)
            assertSpectrum(ritz, try EigenDecomposition(of: a).eigenvalues, tolerance: 1e-8, "Ritz values, n = \(n)")
        }
    }

    /// On a singular consistent system the least-squares step has no part in the null space (the
    /// minimum-norm solution), which keeps matrix-free Newton on a continuous attractor.
    func testLeastSquaresIsMinimumNorm() throws {
        let n = 6
        let a = Matrix.diagonal([2, 3, 0.5, 1, 4, 0])   // null space e₅
        var krylov = BlockKrylovSubspace(dimension: n, capacity: n)
        krylov.appendOrthonormalized(Matrix.identity(n))
        _ = krylov.extend { $0 * a }
        let b = [2.0, 3, 1, 1, 8, 0]
        let q = Matrix(rows: krylov.basisCount, columns: n, elements: krylov.basis)
        let coefficients = (0..<krylov.basisCount).map { i in zip(q.row(i), b).reduce(0) { $0 + $1.0 * $1.1 } }
        let solution = try XCTUnwrap(krylov.leastSquares(coefficients, damping: 0))
        assertClose(krylov.combination(solution.coefficients), [1, 1, 2, 1, 2, 0], tolerance: 1e-12, "minimum-norm solution")
        XCTAssertEqual(solution.condition, .infinity, "singular on the subspace")
    }

    /// The leading eigenvalues by block Arnoldi equal the full spectrum's leading ones (by growth rate),
    /// for flows and maps with prescribed spectra, with small residuals.
    func testLeadingSpectrumAgainstFullSpectrum() throws {
        try forAllCases(8) { rng in
            let n = Arbitrary.int(in: 10...40, using: &rng)
            var system = RandomMatrices.withSpectrum(RandomMatrices.spectrum(count: n, radius: 0.9, using: &rng), using: &rng)
            if rng.next() % 2 == 0 { system = system - 0.5 * Matrix.identity(n) }
            let count = Arbitrary.int(in: 1...4, using: &rng)
            try compare(LinearFlow(matrix: system), count: count, n: n)
            try compare(LinearMap(matrix: system), count: count, n: n)
        }
    }

    func compare<S: DynamicalSystem>(_ system: S, count: Int, n: Int) throws {
        let state = [Double](repeating: 0.1, count: n)
        let spectrum = try LeadingSpectrum(system, at: state, count: count, tolerance: 1e-9)
        let full = try LinearStability(system, at: state)
        let rates = full.growthRates
        let expected = full.eigenvalues.indices.sorted { rates[$0] > rates[$1] }.prefix(count).map { full.eigenvalues[$0] }
        XCTAssertTrue(spectrum.isConverged, "\(S.self), n = \(n): residuals \(spectrum.residuals)")
        for (value, target) in zip(spectrum.eigenvalues, expected) {
            XCTAssertLessThan(abs(full.growthRates.max()! - spectrum.growthRates.max()!), 1e-8, "\(S.self): leading growth rate")
            XCTAssertTrue(full.eigenvalues.contains { ($0 - value).length < 1e-7 }, "\(S.self), n = \(n): \(value) is an eigenvalue (expected about \(target))")
        }
        XCTAssertEqual(spectrum.isStable, full.isStable, "\(S.self), n = \(n): isStable")
        // From the Jacobian formed: the same Krylov space up to rounding, so the same pairs.
        let dense = try LeadingSpectrum(jacobian: system.jacobian(at: state), timeDomain: S.timeDomain, count: count, tolerance: 1e-9)
        XCTAssertTrue(dense.isConverged, "\(S.self), n = \(n), from the Jacobian: residuals \(dense.residuals)")
        XCTAssertEqual(dense.eigenvalues.count, spectrum.eigenvalues.count)
        for (value, other) in zip(dense.eigenvalues, spectrum.eigenvalues) {
            XCTAssertLessThan((value - other).length, 1e-7, "\(S.self), n = \(n): from the Jacobian \(value), by dual numbers \(other)")
        }
        XCTAssertEqual(dense.isStable, full.isStable, "\(S.self), n = \(n): isStable from the Jacobian")
    }
}
