import Dynamics
import DynamicsKernels
import DynamicsTestSupport
import Foundation
import PropertyBased
import XCTest

/// LAPACK and BLAS wrappers against their defining identities, and their errors on bad input.
final class LinearAlgebraTests: XCTestCase {
    func testProductAgainstNaiveLoop() {
        forAllCases(20) { rng in
            let (m, k, n) = (Arbitrary.int(in: 1...9, using: &rng), Arbitrary.int(in: 1...9, using: &rng), Arbitrary.int(in: 1...9, using: &rng))
            let a = Arbitrary.matrix(m, k, using: &rng), b = Arbitrary.matrix(k, n, using: &rng)
            var naive = Matrix(rows: m, columns: n)
            for i in 0..<m { for j in 0..<n { for l in 0..<k { naive[i, j] += a[i, l] * b[l, j] } } }
            assertClose(a * b, naive, tolerance: 1e-13, "A·B, \(m)x\(k)x\(n)")
            var viaTransposes = Matrix(rows: m, columns: n)
            Matrix.multiply(a.transposed, transposeA: true, b.transposed, transposeB: true, into: &viaTransposes)
            assertClose(viaTransposes, naive, tolerance: 1e-13, "(Aᵀ)ᵀ·(Bᵀ)ᵀ")
        }
    }

    /// After ``BLASKernels/selectForThisCPU()`` products never run on OpenBLAS's SSE3 fallback on a
    /// CPU with AVX2: an OpenBLAS that does not know the CPU gets the family its features support
    /// (unless OPENBLAS_CORETYPE chose).
    func testOpenBLASRunsKernelsTheCPUSupports() throws {
        BLASKernels.selectForThisCPU()
        guard let family = BLASKernels.familyName else { throw XCTSkip("the BLAS is not OpenBLAS") }
        if ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"] != nil {
            XCTAssertNil(BLASKernels.familySelectedFromCPUFeatures, "an explicit OPENBLAS_CORETYPE wins")
            return
        }
        if dynamics_kernels_available() == 1 {
            XCTAssertNotEqual(family.lowercased(), "prescott", BLASKernels.summary)
        }
        if let selected = BLASKernels.familySelectedFromCPUFeatures {
            XCTAssertEqual(selected.lowercased(), family.lowercased(), BLASKernels.summary)
        }
        // The products are right on whichever kernels run.
        let a = Matrix(rows: 64, columns: 48, elements: (0..<(64 * 48)).map { Double($0 % 7) - 3 })
        let b = Matrix(rows: 48, columns: 40, elements: (0..<(48 * 40)).map { Double($0 % 5) - 2 })
        let product = a * b
        for (i, j) in [(0, 0), (17, 39), (63, 5)] {
            XCTAssertEqual(product[i, j], (0..<48).reduce(0.0) { $0 + a[i, $1] * b[$1, j] }, "(\(i), \(j))")
        }
    }

    /// Writes through `elements` (element by element and through a mutable buffer) land in place, in
    /// the matrix and nowhere else: the shape-guarding accessor neither copies nor shares storage.
    func testElementWritesAreInPlaceAndKeepTheShape() {
        forAllCases(20) { rng in
            let (m, n) = (Arbitrary.int(in: 1...6, using: &rng), Arbitrary.int(in: 1...6, using: &rng))
            let original = Arbitrary.matrix(m, n, using: &rng)
            var a = original
            let k = Arbitrary.int(in: 0...(m * n - 1), using: &rng)
            a.elements[k] += 1
            XCTAssertEqual(a[k / n, k % n], original[k / n, k % n] + 1, "element \(k) of \(m)x\(n)")
            XCTAssertEqual(original.elements[k] + 1, a.elements[k], "the copy keeps its own storage")
            let before = a.elements.withUnsafeBufferPointer { $0.baseAddress }
            a.elements.withUnsafeMutableBufferPointer { for i in $0.indices { $0[i] *= 2 } }
            XCTAssertEqual(a.elements.withUnsafeBufferPointer { $0.baseAddress }, before, "mutated in place")
            XCTAssertEqual(a.rows * a.columns, a.elements.count)
            XCTAssertEqual(a[0, 0], 2 * (k == 0 ? original[0, 0] + 1 : original[0, 0]))
        }
    }

    /// A·v = λ·v and uᴴ·A = λ·uᴴ for every eigenpair; eigenvalues sorted by modulus, descending.
    func testEigenDecompositionIdentities() throws {
        try forAllCases(20) { rng in
            let n = Arbitrary.int(in: 1...12, using: &rng)
            let a = Arbitrary.matrix(n, n, using: &rng)
            let eig = try EigenDecomposition(of: a)
            XCTAssertEqual(eig.eigenvalues.count, n)
            let alone = try EigenDecomposition.eigenvalues(of: a)
            XCTAssertEqual(alone.count, n)
            for (value, other) in zip(alone, eig.eigenvalues) {
                XCTAssertLessThan((value - other).length, 1e-12 * Swift.max(1, other.length), "eigenvalues alone, n = \(n)")
            }
            for k in 1..<n { XCTAssertGreaterThanOrEqual(eig.eigenvalues[k - 1].length, eig.eigenvalues[k].length - 1e-15) }
            for k in 0..<n {
                let lambda = eig.eigenvalues[k]
                let v = eig.rightEigenvectors[k], u = eig.leftEigenvectors[k]
                for i in 0..<n {
                    var av = Complex<Double>.zero, ua = Complex<Double>.zero
                    for j in 0..<n {
                        av = av + Complex(a[i, j], 0) * v[j]
                        ua = ua + u[j].conjugate * Complex(a[j, i], 0)
                    }
                    XCTAssertLessThan((av - lambda * v[i]).length, 1e-12, "A·v = λ·v, n = \(n), pair \(k), row \(i)")
                    XCTAssertLessThan((ua - lambda * u[i].conjugate).length, 1e-12, "uᴴ·A = λ·uᴴ, n = \(n), pair \(k), column \(i)")
                }
            }
        }
    }

    func testEigenvaluesOfKnownMatrices() throws {
        let rotation = try EigenDecomposition(of: Matrix([[0, -1], [1, 0]]))
        XCTAssertEqual(rotation.eigenvalues.map(\.imaginary), [1, -1])
        XCTAssertEqual(rotation.eigenvalues.map(\.real), [0, 0])
        let diagonal = try EigenDecomposition(of: Matrix.diagonal([0.5, -3, 2]))
        XCTAssertEqual(diagonal.eigenvalues.map(\.real), [-3, 2, 0.5])
    }

    /// Q·diag(λ)·Qᵀ = A and QᵀQ = I for symmetric A; values descending.
    func testSymmetricEigenDecomposition() throws {
        try forAllCases(20) { rng in
            let n = Arbitrary.int(in: 1...12, using: &rng)
            let b = Arbitrary.matrix(n, n, using: &rng)
            let a = b + b.transposed
            let eig = try SymmetricEigenDecomposition(of: a)
            let q = eig.eigenvectors
            assertClose(q * Matrix.diagonal(eig.eigenvalues) * q.transposed, a, tolerance: 1e-12, "QΛQᵀ = A, n = \(n)")
            assertClose(q.transposed * q, Matrix.identity(n), tolerance: 1e-12, "QᵀQ = I")
            XCTAssertEqual(eig.eigenvalues, eig.eigenvalues.sorted(by: >))
        }
    }

    /// U·Σ·Vᵀ = A with orthonormal U columns and Vᵀ rows, for tall, wide and square A.
    func testSingularValueDecomposition() throws {
        try forAllCases(20) { rng in
            let (m, n) = (Arbitrary.int(in: 1...10, using: &rng), Arbitrary.int(in: 1...10, using: &rng))
            let a = Arbitrary.matrix(m, n, using: &rng)
            let svd = try SingularValueDecomposition(of: a)
            let k = min(m, n)
            assertClose(svd.u * Matrix.diagonal(svd.singularValues) * svd.vt, a, tolerance: 1e-12, "UΣVᵀ = A, \(m) x \(n)")
            assertClose(svd.u.transposed * svd.u, Matrix.identity(k), tolerance: 1e-12, "UᵀU = I")
            assertClose(svd.vt * svd.vt.transposed, Matrix.identity(k), tolerance: 1e-12, "VᵀV = I")
            XCTAssertEqual(svd.singularValues, svd.singularValues.sorted(by: >))
            XCTAssertTrue(svd.singularValues.allSatisfy { $0 >= 0 })
        }
    }

    /// The residual A·x − b of a solve is at rounding level for well-conditioned A.
    func testSolveResidual() throws {
        try forAllCases(20) { rng in
            let n = Arbitrary.int(in: 1...12, using: &rng)
            let a = Arbitrary.matrix(n, n, using: &rng) + Double(n) * Matrix.identity(n)
            let b = Arbitrary.matrix(n, 3, using: &rng)
            let x = try a.solve(b)
            assertClose(a * x, b, tolerance: 1e-12, "A·x = b, n = \(n)")
        }
    }

    /// LU solves match A·x = b, and the condition estimate is within a factor n of the 1-norm
    /// condition number computed from the explicit inverse.
    func testLUFactorization() throws {
        try forAllCases(20) { rng in
            let n = Arbitrary.int(in: 1...12, using: &rng)
            let a = Arbitrary.matrix(n, n, using: &rng) + 0.5 * Matrix.identity(n)
            let lu = try LUFactorization(of: a)
            let b = Arbitrary.vector(n, using: &rng)
            assertClose(a * (try lu.solve(b)), b, tolerance: 1e-9, "A·x = b, n = \(n)")
            let inverse = try a.solve(Matrix.identity(n))
            func norm1(_ m: Matrix) -> Double { (0..<n).map { j in (0..<n).reduce(0) { $0 + abs(m[$1, j]) } }.max()! }
            let exact = norm1(a) * norm1(inverse)
            let estimate = lu.conditionNumber()
            XCTAssertLessThanOrEqual(estimate, exact * (1 + 1e-9), "dgecon never overestimates κ₁, n = \(n)")
            XCTAssertGreaterThanOrEqual(estimate, exact / Double(3 * n), "dgecon within a small factor, n = \(n)")
        }
        XCTAssertThrowsError(try LUFactorization(of: Matrix([[1, 2], [2, 4]])))
    }

    func testErrorsOnBadInput() {
        let rectangular = Matrix(rows: 2, columns: 3)
        XCTAssertThrowsError(try EigenDecomposition(of: rectangular)) { error in
            XCTAssertEqual(error as? LinearAlgebraError, .notSquare(operation: "eigendecomposition", rows: 2, columns: 3))
            XCTAssertTrue("\(error)".contains("square"))
        }
        var withNaN = Matrix.identity(3)
        withNaN[1, 2] = .nan
        XCTAssertThrowsError(try EigenDecomposition(of: withNaN)) { XCTAssertEqual($0 as? LinearAlgebraError, .nonFinite(operation: "eigendecomposition")) }
        var withInfinity = Matrix.identity(3)
        withInfinity[0, 0] = .infinity
        XCTAssertThrowsError(try SingularValueDecomposition(of: withInfinity)) { XCTAssertEqual($0 as? LinearAlgebraError, .nonFinite(operation: "SVD")) }
        XCTAssertThrowsError(try SymmetricEigenDecomposition(of: Matrix(rows: 0, columns: 0))) { XCTAssertEqual($0 as? LinearAlgebraError, .empty(operation: "symmetric eigendecomposition")) }
        XCTAssertThrowsError(try Matrix([[1, 2], [2, 4]]).solve([1, 1])) { error in
            guard case .singular = error as? LinearAlgebraError else { return XCTFail("expected singular, got \(error)") }
            XCTAssertTrue("\(error)".contains("singular"))
        }
        XCTAssertThrowsError(try Matrix.identity(2).solve([1, 2, 3])) { error in
            guard case .shapeMismatch = error as? LinearAlgebraError else { return XCTFail("expected shapeMismatch, got \(error)") }
        }
    }

    /// ‖A‖₁ is the largest column sum of absolute values, for any shape (columns beyond a multiple of 4
    /// included), and 0 for an empty matrix.
    func testNorm1IsLargestAbsoluteColumnSum() {
        forAllCases(30) { rng in
            let (m, n) = (Arbitrary.int(in: 1...9, using: &rng), Arbitrary.int(in: 1...11, using: &rng))
            let a = Arbitrary.matrix(m, n, in: -5...5, using: &rng)
            let naive = (0..<n).map { j in (0..<m).reduce(0.0) { $0 + abs(a[$1, j]) } }.max()!
            XCTAssertEqual(a.norm1, naive, accuracy: 1e-12 * naive, "\(m) x \(n)")
        }
        XCTAssertEqual(Matrix(rows: 0, columns: 0).norm1, 0)
        XCTAssertEqual(Matrix([[-0.0, -3, 1, 2, -7]]).norm1, 7)
    }

    /// The Cholesky solve satisfies A·x = b on random positive definite matrices (BᵀB + I), and rejects
    /// an indefinite or misshapen system with the matching error.
    func testPositiveDefiniteSolve() {
        forAllCases(20) { rng in
            let n = Arbitrary.int(in: 1...12, using: &rng)
            let b = Arbitrary.matrix(n, n, using: &rng)
            var a = Matrix(rows: n, columns: n)
            Matrix.multiply(b, transposeA: true, b, into: &a)
            for i in 0..<n { a[i, i] += 1 }
            let rhs = Arbitrary.vector(n, using: &rng)
            guard let x = try? a.solvePositiveDefinite(rhs) else { return XCTFail("n = \(n): BᵀB + I is positive definite") }
            let product = (0..<n).map { i in (0..<n).reduce(0.0) { $0 + a[i, $1] * x[$1] } }
            assertClose(product, rhs, tolerance: 1e-11 * Double(n), "n = \(n): A·x = b")
        }
        XCTAssertThrowsError(try Matrix([[1, 2], [2, 1]]).solvePositiveDefinite([1, 1])) {
            XCTAssertEqual($0 as? LinearAlgebraError, .notPositiveDefinite(operation: "Cholesky solve", minor: 2))
        }
        XCTAssertThrowsError(try Matrix.identity(2).solvePositiveDefinite([1])) {
            guard case .shapeMismatch = $0 as? LinearAlgebraError else { return XCTFail("expected shapeMismatch, got \($0)") }
        }
    }
}
