// Matrix products with one fixed summation order, so that the same inputs give the same bits on
// every x86-64 CPU and under every BLAS: each C[i][j] is β·C[i][j] (or 0) plus the terms
// (α·op(A)[i][p])·op(B)[p][j] added for p = 0, 1, ..., k − 1, each rounded as written (no fused
// multiply-add). Vector lanes run across j, which never reorders one element's sum, so the AVX2 copy
// and the portable copy agree bit for bit.
#include "DynamicsKernels.h"
#include "Yang2020Kernels.h"
#include <stdlib.h>
#include <string.h>
#pragma STDC FP_CONTRACT OFF

#define ORDERED_TILE 16

#define ORDERED_GEMM_BODY(T)                                                                        \
    T *scratch = 0;                                                                                 \
    if (transpose_b) {                                                                              \
        /* op(B) row p is column p of B: copy it out once so that the inner loop is contiguous. */ \
        scratch = (T *)malloc(sizeof(T) * (size_t)(k > 0 ? k : 1) * (size_t)(n > 0 ? n : 1));      \
        if (!scratch) __builtin_trap();                                                             \
        for (long p = 0; p < k; p++)                                                                \
            for (long j = 0; j < n; j++) scratch[p * n + j] = b[j * ldb + p];                       \
        b = scratch;                                                                                \
        ldb = n;                                                                                    \
    }                                                                                               \
    /* Tiles of 4 rows × ORDERED_TILE columns stay in registers while p runs; each element still    \
       gets its terms in the order p = 0, 1, ...: tiling changes the schedule, not the sums. */      \
    for (long i0 = 0; i0 < m; i0 += 4) {                                                            \
        const long rows = m - i0 < 4 ? m - i0 : 4;                                                  \
        for (long j0 = 0; j0 < n; j0 += ORDERED_TILE) {                                             \
            const long cols = n - j0 < ORDERED_TILE ? n - j0 : ORDERED_TILE;                        \
            T acc[4][ORDERED_TILE];                                                                 \
            for (long r = 0; r < 4; r++)                                                            \
                for (long j = 0; j < ORDERED_TILE; j++) {                                           \
                    T start = 0;                                                                    \
                    if (r < rows && j < cols && beta != 0) {                                        \
                        const T old = c[(i0 + r) * ldc + j0 + j];                                   \
                        start = beta == 1 ? old : beta * old;                                       \
                    }                                                                               \
                    acc[r][j] = start;                                                              \
                }                                                                                   \
            for (long p = 0; p < k; p++) {                                                          \
                T w[4];                                                                             \
                for (long r = 0; r < 4; r++)                                                        \
                    w[r] = r < rows ? alpha * (transpose_a ? a[p * lda + i0 + r] : a[(i0 + r) * lda + p]) : 0; \
                const T *restrict brow = b + p * ldb + j0;                                          \
                if (cols == ORDERED_TILE) {                                                         \
                    for (long r = 0; r < 4; r++)                                                    \
                        for (long j = 0; j < ORDERED_TILE; j++) acc[r][j] = acc[r][j] + w[r] * brow[j]; \
                } else {                                                                            \
                    for (long r = 0; r < 4; r++)                                                    \
                        for (long j = 0; j < cols; j++) acc[r][j] = acc[r][j] + w[r] * brow[j];     \
                }                                                                                   \
            }                                                                                       \
            for (long r = 0; r < rows; r++)                                                         \
                for (long j = 0; j < cols; j++) c[(i0 + r) * ldc + j0 + j] = acc[r][j];             \
        }                                                                                           \
    }                                                                                               \
    free(scratch);

#define ORDERED_GEMM_SIGNATURE(T)                                                                   \
    (int transpose_a, int transpose_b, long m, long n, long k, T alpha, const T *a, long lda,        \
     const T *b, long ldb, T beta, T *c, long ldc)

static void ordered_gemm_f32_portable ORDERED_GEMM_SIGNATURE(float) { ORDERED_GEMM_BODY(float) }
static void ordered_gemm_f64_portable ORDERED_GEMM_SIGNATURE(double) { ORDERED_GEMM_BODY(double) }

#if defined(__x86_64__)
__attribute__((target("avx2"))) static void ordered_gemm_f32_avx2 ORDERED_GEMM_SIGNATURE(float) { ORDERED_GEMM_BODY(float) }
__attribute__((target("avx2"))) static void ordered_gemm_f64_avx2 ORDERED_GEMM_SIGNATURE(double) { ORDERED_GEMM_BODY(double) }
#endif

void yang2020_ordered_gemm_f32 ORDERED_GEMM_SIGNATURE(float) {
#if defined(__x86_64__)
    if (dynamics_kernels_available()) {
        ordered_gemm_f32_avx2(transpose_a, transpose_b, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
        return;
    }
#endif
    ordered_gemm_f32_portable(transpose_a, transpose_b, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

void yang2020_ordered_gemm_f64 ORDERED_GEMM_SIGNATURE(double) {
#if defined(__x86_64__)
    if (dynamics_kernels_available()) {
        ordered_gemm_f64_avx2(transpose_a, transpose_b, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
        return;
    }
#endif
    ordered_gemm_f64_portable(transpose_a, transpose_b, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}
