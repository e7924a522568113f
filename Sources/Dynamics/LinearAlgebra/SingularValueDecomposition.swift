import CLapack

/// The thin singular value decomposition A = U·diag(σ)·Vᵀ of an m × n matrix (LAPACK `dgesdd`).
///
/// With k = min(m, n): `u` is m × k with orthonormal columns, `singularValues` has k entries,
/// descending and non-negative, and `vt` is k × n with orthonormal rows.
///
/// - Complexity: O(m·n·min(m, n)).
public struct SingularValueDecomposition: Sendable {
    /// Left singular vectors as columns (m × k).
    public let u: Matrix
    /// The singular values, descending.
    public let singularValues: [Double]
    /// Right singular vectors as rows (k × n).
    public let vt: Matrix

    /// Decomposes `matrix`.
    ///
    /// - Throws: ``LinearAlgebraError`` for an empty or non-finite matrix, or when LAPACK does not
    ///   converge.
    /// - Complexity: O(m·n·min(m, n)).
    public init(of matrix: Matrix) throws(LinearAlgebraError) {
        guard matrix.rows > 0 && matrix.columns > 0 else { throw .empty(operation: "SVD") }
        guard matrix.isFinite else { throw .nonFinite(operation: "SVD") }
        let (m, n) = (matrix.rows, matrix.columns)
        let k = Swift.min(m, n)
        var a = matrix.elements
        var s = [Double](repeating: 0, count: k)
        var uStorage = [Double](repeating: 0, count: m * k)
        var vtStorage = [Double](repeating: 0, count: k * n)
        LAPACKSettings.configure()
        let info = LAPACKE_dgesdd(
            LAPACK_ROW_MAJOR, CChar(UInt8(ascii: "S")), Int32(m), Int32(n), &a, Int32(n), &s,
            &uStorage, Int32(k), &vtStorage, Int32(n))
        guard info == 0 else { throw .lapackFailure(routine: "dgesdd", info: Int(info)) }
        u = Matrix(rows: m, columns: k, elements: uStorage)
        singularValues = s
        vt = Matrix(rows: k, columns: n, elements: vtStorage)
    }

    /// σ_max / σ_min, the 2-norm condition number (∞ when the matrix is rank-deficient).
    public var conditionNumber: Double {
        guard let largest = singularValues.first, let smallest = singularValues.last else { return .infinity }
        return smallest == 0 ? .infinity : largest / smallest
    }
}
