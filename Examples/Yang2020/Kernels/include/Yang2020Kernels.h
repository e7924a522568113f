// Yang 2020's training kernels: matrix products in one fixed summation order, so that training gives
// the same bits on every x86-64 CPU (owned by the example; the core library does not need them).

#ifndef YANG2020_KERNELS_H
#define YANG2020_KERNELS_H

/// C ← α·op(A)·op(B) + β·C, row-major (leading dimensions lda, ldb, ldc), with one fixed summation
/// order: C[i][j] = β·C[i][j] (0 when β = 0) + Σ_p (α·op(A)[i][p])·op(B)[p][j], p ascending, no fused
/// multiply-add. The same bits on every CPU and thread count (vector lanes run across j only); for the
/// small products of training, where reproducibility matters more than BLAS's last 2x.
void yang2020_ordered_gemm_f32(
    int transpose_a, int transpose_b, long m, long n, long k, float alpha, const float *a, long lda,
    const float *b, long ldb, float beta, float *c, long ldc);
/// The same in double precision.
void yang2020_ordered_gemm_f64(
    int transpose_a, int transpose_b, long m, long n, long k, double alpha, const double *a, long lda,
    const double *b, long ldb, double beta, double *c, long ldc);

/// Chooses the copy the products above run: 0 portable, 1 AVX2, 2 AVX-512 (all give the same bits;
/// they differ in speed). A path this CPU cannot run, or −1, restores the automatic choice (the widest
/// the CPU has). Returns the path now in use. For tests that check every copy; not thread-safe.
int yang2020_ordered_gemm_use_path(int path);

#endif
