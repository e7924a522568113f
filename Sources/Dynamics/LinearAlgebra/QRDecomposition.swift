import CLapack

/// The thin QR decomposition A = Q·R of an m × k matrix with m ≥ k (LAPACK `dgeqrf`, then `dorgqr` for
/// Q): Q is m × k with orthonormal columns, R is k × k upper triangular.
///
/// ```swift
/// let qr = try QRDecomposition(of: tangents)      // n × k
/// qr.r[0, 0]                                      // the stretch of the first direction
/// ```
///
/// - Complexity: O(m·k²).
public struct QRDecomposition: Sendable {
    /// Q, m × k, orthonormal columns.
    public let q: Matrix
    /// R, k × k, upper triangular.
    public let r: Matrix

    /// Decomposes `matrix` (m × k, m ≥ k).
    ///
    /// - Throws: ``LinearAlgebraError`` for an empty, wide or non-finite matrix, or a LAPACK failure.
    public init(of matrix: Matrix) throws(LinearAlgebraError) {
        let (m, k) = (matrix.rows, matrix.columns)
        guard m > 0 && k > 0 else { throw .empty(operation: "QR") }
        guard m >= k else { throw .shapeMismatch(operation: "QR", detail: "\(m) x \(k) has more columns than rows; the thin QR needs m ≥ k") }
        guard matrix.isFinite else { throw .nonFinite(operation: "QR") }
        var a = matrix.elements
        var tau = [Double](repeating: 0, count: k)
        LAPACKSettings.configure()
        var info = LAPACKE_dgeqrf(LAPACK_ROW_MAJOR, Int32(m), Int32(k), &a, Int32(k), &tau)
        guard info == 0 else { throw .lapackFailure(routine: "dgeqrf", info: Int(info)) }
        var upper = Matrix(rows: k, columns: k)
        for i in 0..<k { for j in i..<k { upper[i, j] = a[i * k + j] } }
        info = LAPACKE_dorgqr(LAPACK_ROW_MAJOR, Int32(m), Int32(k), Int32(k), &a, Int32(k), &tau)
        guard info == 0 else { throw .lapackFailure(routine: "dorgqr", info: Int(info)) }
        q = Matrix(rows: m, columns: k, elements: a)
        r = upper
    }
}
