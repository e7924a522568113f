import CLapack

/// The LU factorization of a square matrix (LAPACK `dgetrf`, of Aᵀ in LAPACK's column-major layout,
/// which is A's row-major memory), reusable for solves (`dgetrs`) and a cheap condition estimate
/// (`dgecon`).
///
/// Newton refinement factors each Jacobian once and uses it for the step and for the conditioning
/// it reports, at O(n³/3) + O(n²) instead of an SVD's O(n³) with a larger constant.
public struct LUFactorization: Sendable {
    /// n.
    public let dimension: Int
    let factors: [Double]
    let pivots: [Int32]
    /// The 1-norm of the original matrix, for the condition estimate.
    let norm1: Double

    /// Factors `matrix`.
    ///
    /// - Throws: ``LinearAlgebraError`` for an empty, non-square or non-finite matrix, or an exactly
    ///   singular one (a zero pivot).
    /// - Complexity: O(n³).
    public init(of matrix: Matrix) throws(LinearAlgebraError) {
        try matrix.validateSquareFinite(for: "LU factorization")
        LAPACKSettings.configure()
        let n = matrix.rows
        let norm = matrix.norm1
        // The row-major elements of A are the column-major elements of Aᵀ: factor Aᵀ in LAPACK's
        // native layout (no transposed copy) and solve with the transpose flag.
        var a = matrix.elements
        var ipiv = [Int32](repeating: 0, count: n)
        let info = LAPACKE_dgetrf(LAPACK_COL_MAJOR, Int32(n), Int32(n), &a, Int32(n), &ipiv)
        if info > 0 { throw .singular(operation: "LU factorization", pivot: Int(info) - 1) }
        guard info == 0 else { throw .lapackFailure(routine: "dgetrf", info: Int(info)) }
        dimension = n
        factors = a
        pivots = ipiv
        norm1 = norm
    }

    /// Solves A·x = b (or Aᵀ·x = b when `transposed`) with the stored factors.
    ///
    /// - Parameters:
    ///   - transposed: solve with Aᵀ instead of A; default false.
    /// - Complexity: O(n²).
    public func solve(_ rhs: [Double], transposed: Bool = false) throws(LinearAlgebraError) -> [Double] {
        guard rhs.count == dimension else {
            throw .shapeMismatch(operation: "LU solve", detail: "A is \(dimension) x \(dimension), b has \(rhs.count) entries")
        }
        var b = rhs
        // The factors are those of Aᵀ, so A·x = b is (Aᵀ)ᵀ·x = b and Aᵀ·x = b is the untransposed
        // solve. dgetrs only reads them: no copy.
        let info = factors.withUnsafeBufferPointer { a in
            pivots.withUnsafeBufferPointer { p in
                LAPACKE_dgetrs(
                    LAPACK_COL_MAJOR, CChar(UInt8(ascii: transposed ? "N" : "T")), Int32(dimension), 1, a.baseAddress, Int32(dimension), p.baseAddress,
                    &b, Int32(dimension))
            }
        }
        guard info == 0 else { throw .lapackFailure(routine: "dgetrs", info: Int(info)) }
        return b
    }

    /// An estimate of the 1-norm condition number κ₁(A) = ‖A‖₁·‖A⁻¹‖₁ (LAPACK `dgecon`); within a small
    /// factor of the true value, ∞ when singular to working precision.
    ///
    /// - Complexity: O(n²).
    public func conditionNumber() -> Double {
        var rcond = 0.0
        // κ₁(A) = κ∞(Aᵀ), and the factors are those of Aᵀ, whose ∞-norm is ‖A‖₁.
        let info = factors.withUnsafeBufferPointer { a in
            LAPACKE_dgecon(LAPACK_COL_MAJOR, CChar(UInt8(ascii: "I")), Int32(dimension), a.baseAddress, Int32(dimension), norm1, &rcond)
        }
        guard info == 0, rcond > 0 else { return .infinity }
        return 1 / rcond
    }

    /// The sign of det(A): +1 or −1 (the factorization exists only for a nonsingular A), from the
    /// signs of U's diagonal and the parity of the row interchanges.
    ///
    /// - Complexity: O(n).
    public var determinantSign: Int {
        var sign = 1
        for i in 0..<dimension {
            if factors[i * dimension + i] < 0 { sign = -sign }
            if pivots[i] != Int32(i + 1) { sign = -sign }
        }
        return sign
    }

    /// log|det(A)|: the sum of log|U_ii| (no overflow for large n).
    ///
    /// - Complexity: O(n).
    public var logAbsoluteDeterminant: Double {
        var sum = 0.0
        for i in 0..<dimension { sum += Double.log(abs(factors[i * dimension + i])) }
        return sum
    }
}
