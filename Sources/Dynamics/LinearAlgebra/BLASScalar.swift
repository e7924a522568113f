import CLapack

/// A floating-point type with a BLAS matrix product: `Float` (sgemm) and `Double` (dgemm).
///
/// Lets hot loops (the slow-point search, training) be written once and run in either precision.
public protocol BLASScalar: BinaryFloatingPoint, DynamicsScalar, SIMDScalar, Codable {
    /// C ← α·op(A)·op(B) + β·C on row-major buffers, `op(X)` = X or Xᵀ.
    ///
    /// A single row (m = 1) goes to gemv, which reads B in place: gemm would first copy all of B into
    /// its packed layout, which for one row costs more than the product itself.
    ///
    /// - Parameters:
    ///   - transposeA: use Aᵀ; A is then stored `k × m`.
    ///   - transposeB: use Bᵀ; B is then stored `n × k`.
    ///   - m: rows of op(A) and C.
    ///   - n: columns of op(B) and C.
    ///   - k: the inner dimension.
    ///   - alpha: scale of the product.
    ///   - a: A's elements, leading dimension `lda`.
    ///   - b: B's elements, leading dimension `ldb`.
    ///   - beta: scale of the old C; 0 overwrites it.
    ///   - c: C's elements, leading dimension `ldc`.
    /// - Complexity: O(m·n·k).
    static func gemm(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Self,
        a: UnsafePointer<Self>, lda: Int, b: UnsafePointer<Self>, ldb: Int,
        beta: Self, c: UnsafeMutablePointer<Self>, ldc: Int)
}

@usableFromInline
func cblasTranspose(_ transpose: Bool) -> CBLAS_TRANSPOSE { transpose ? CblasTrans : CblasNoTrans }

extension Double: BLASScalar {
    /// Row-major `cblas_dgemm`.
    public static func gemm(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Double,
        a: UnsafePointer<Double>, lda: Int, b: UnsafePointer<Double>, ldb: Int,
        beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int
    ) {
        if m == 1 {
            // c = α·op(B)ᵀ·a + β·c; B is k × n (or n × k when transposed), row-major. With β = 0, c may
            // hold anything (NaN included), and not every OpenBLAS version ignores it then.
            if beta == 0 { c.update(repeating: 0, count: n) }
            cblas_dgemv(
                CblasRowMajor, transposeB ? CblasNoTrans : CblasTrans, Int32(transposeB ? n : k), Int32(transposeB ? k : n),
                alpha, b, Int32(ldb), a, transposeA ? Int32(lda) : 1, beta, c, 1)
            return
        }
        cblas_dgemm(
            CblasRowMajor, cblasTranspose(transposeA), cblasTranspose(transposeB), Int32(m), Int32(n), Int32(k),
            alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }
}

extension Float: BLASScalar {
    /// Row-major `cblas_sgemm`.
    public static func gemm(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Float,
        a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        if m == 1 {
            // c = α·op(B)ᵀ·a + β·c; B is k × n (or n × k when transposed), row-major. With β = 0, c may
            // hold anything (NaN included), and not every OpenBLAS version ignores it then.
            if beta == 0 { c.update(repeating: 0, count: n) }
            cblas_sgemv(
                CblasRowMajor, transposeB ? CblasNoTrans : CblasTrans, Int32(transposeB ? n : k), Int32(transposeB ? k : n),
                alpha, b, Int32(ldb), a, transposeA ? Int32(lda) : 1, beta, c, 1)
            return
        }
        cblas_sgemm(
            CblasRowMajor, cblasTranspose(transposeA), cblasTranspose(transposeB), Int32(m), Int32(n), Int32(k),
            alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }
}
