import CLapack

/// The eigendecomposition of a real symmetric matrix (LAPACK `dsyevd`): A = Q·diag(λ)·Qᵀ.
///
/// Eigenvalues are real and sorted descending; `eigenvectors` holds the orthonormal eigenvectors as
/// columns, column k for `eigenvalues[k]`. Only the upper triangle of the input is read.
///
/// - Complexity: O(n³).
public struct SymmetricEigenDecomposition: Sendable {
    /// The eigenvalues, descending.
    public let eigenvalues: [Double]
    /// Orthonormal eigenvectors as columns (n × n).
    public let eigenvectors: Matrix

    /// Decomposes the symmetric `matrix`.
    ///
    /// - Throws: ``LinearAlgebraError`` for an empty, non-square or non-finite matrix, or when LAPACK
    ///   does not converge.
    /// - Complexity: O(n³).
    public init(of matrix: Matrix) throws(LinearAlgebraError) {
        try matrix.validateSquareFinite(for: "symmetric eigendecomposition")
        let n = matrix.rows
        var a = matrix.elements
        var w = [Double](repeating: 0, count: n)
        LAPACKSettings.configure()
        let info = LAPACKE_dsyevd(
            LAPACK_ROW_MAJOR, CChar(UInt8(ascii: "V")), CChar(UInt8(ascii: "U")), Int32(n), &a, Int32(n), &w)
        guard info == 0 else { throw .lapackFailure(routine: "dsyevd", info: Int(info)) }
        // dsyevd returns ascending order; reverse the values and the eigenvector columns.
        eigenvalues = w.reversed()
        var vectors = Matrix(rows: n, columns: n)
        for i in 0..<n {
            for k in 0..<n { vectors[i, k] = a[i * n + (n - 1 - k)] }
        }
        eigenvectors = vectors
    }
}
