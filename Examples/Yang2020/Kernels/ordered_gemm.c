// Matrix products with one fixed summation order, so that the same inputs give the same bits on
// every x86-64 CPU and under every BLAS: each C[i][j] is β·C[i][j] (or 0) plus the terms
// (α·op(A)[i][p])·op(B)[p][j] added for p = 0, 1, ..., k − 1, each rounded as written (no fused
// multiply-add). Vector lanes run across j, which never reorders one element's sum, so the AVX-512,
// AVX2 and portable copies agree bit for bit; they differ only in how many columns a register holds.
#include "Yang2020Kernels.h"
#include <stdlib.h>
#include <string.h>
#pragma STDC FP_CONTRACT OFF

#define ORDERED_STACK_BYTES 32768

// `count` elements of `size` bytes: the next free part of `stack` (capacity elements, `used` of them
// taken) when they fit, else a heap block returned through `heap` for the caller to free.
static void *ordered_buffer(void *stack, long capacity, long *used, size_t size, size_t count, void **heap) {
    if (count == 0) count = 1;
    if ((size_t)(capacity - *used) >= count) {
        void *start = (char *)stack + (size_t)*used * size;
        *used += (long)count;
        return start;
    }
    *heap = malloc(size * count);
    if (!*heap) __builtin_trap();
    return *heap;
}

// One register-tiled body, instantiated per element type and instruction set. A tile is up to ROWS rows
// × VECS vectors of LANES columns; its accumulators stay in registers while p runs (ROWS·VECS of them,
// chosen to fit the register file), and each element still receives its terms in the order p = 0, 1, ...
// The tile function is always inlined with constant sizes, so its loops unroll. Rows left over at the
// bottom run as one-row tiles. The n mod (LANES·VECS) columns left over at the right are copied once
// into a panel padded with zeros to whole vectors and run as one-vector tiles, storing only real lanes.
// op(A) is read through strides, so transposing A costs nothing; op(B) with transpose is copied out
// once so that its rows are contiguous. Both copies use a stack buffer when they fit.
#define ORDERED_GEMM_DEFINE(NAME, T, LANES, ROWS, VECS, ATTRIBUTES)                                 \
    typedef T NAME##_vector __attribute__((vector_size(sizeof(T) * LANES)));                        \
    /* C[r][v·LANES ...] for r < R, v < NV (the last vector holds `last` real lanes). */            \
    ATTRIBUTES static inline __attribute__((always_inline)) void NAME##_tile(                       \
        long R, long NV, long last, long k, T alpha, const T *arow, long row_stride, long p_stride,  \
        const T *b, long ldb, T beta, T *c, long ldc) {                                             \
        typedef NAME##_vector V;                                                                    \
        V acc[ROWS][VECS];                                                                          \
        for (long r = 0; r < R; r++)                                                                \
            for (long v = 0; v < NV; v++) {                                                         \
                V start = {0};                                                                      \
                if (beta != 0) {                                                                    \
                    V old = {0};                                                                    \
                    memcpy(&old, c + r * ldc + v * LANES, sizeof(T) * (v == NV - 1 ? last : LANES)); \
                    start = beta == 1 ? old : beta * old;                                           \
                }                                                                                   \
                acc[r][v] = start;                                                                  \
            }                                                                                       \
        for (long p = 0; p < k; p++) {                                                              \
            V brow[VECS];                                                                           \
            for (long v = 0; v < NV; v++) memcpy(&brow[v], b + p * ldb + v * LANES, sizeof brow[v]); \
            for (long r = 0; r < R; r++) {                                                          \
                const T w = alpha * arow[r * row_stride + p * p_stride];                            \
                for (long v = 0; v < NV; v++) acc[r][v] = acc[r][v] + w * brow[v];                  \
            }                                                                                       \
        }                                                                                           \
        for (long r = 0; r < R; r++)                                                                \
            for (long v = 0; v < NV; v++)                                                           \
                memcpy(c + r * ldc + v * LANES, &acc[r][v], sizeof(T) * (v == NV - 1 ? last : LANES)); \
    }                                                                                               \
    ATTRIBUTES static void NAME(int transpose_a, int transpose_b, long m, long n, long k, T alpha,  \
                                const T *a, long lda, const T *b, long ldb, T beta, T *c, long ldc) { \
        /* Copies live on the stack when they fit (training's products), else on the heap. */        \
        T stack[ORDERED_STACK_BYTES / sizeof(T)];                                                   \
        long stack_used = 0;                                                                        \
        T *scratch = 0, *transposed = 0;                                                            \
        if (transpose_b) {                                                                          \
            transposed = ordered_buffer(stack, ORDERED_STACK_BYTES / sizeof(T), &stack_used,        \
                                        sizeof(T), (size_t)k * (size_t)n, (void **)&scratch);       \
            for (long p = 0; p < k; p++)                                                            \
                for (long j = 0; j < n; j++) transposed[p * n + j] = b[j * ldb + p];                \
            b = transposed;                                                                         \
            ldb = n;                                                                                \
        }                                                                                           \
        /* op(A)[i][p] = a[i·row_stride + p·p_stride]. */                                           \
        const long row_stride = transpose_a ? 1 : lda, p_stride = transpose_a ? lda : 1;            \
        const long width = LANES * VECS, full = n - n % width, rest = n - full;                     \
        const long rest_vectors = (rest + LANES - 1) / LANES, panel_width = rest_vectors * LANES;   \
        T *panel = 0, *panel_heap = 0;                                                              \
        if (rest > 0) {                                                                             \
            panel = ordered_buffer(stack, ORDERED_STACK_BYTES / sizeof(T), &stack_used, sizeof(T),  \
                                   (size_t)k * (size_t)panel_width, (void **)&panel_heap);          \
            for (long p = 0; p < k; p++)                                                            \
                for (long j = 0; j < panel_width; j++)                                              \
                    panel[p * panel_width + j] = j < rest ? b[p * ldb + full + j] : 0;              \
        }                                                                                           \
        for (long i0 = 0; i0 < m; i0 += ROWS) {                                                     \
            const long rows = m - i0 < ROWS ? m - i0 : ROWS;                                        \
            const T *arow = a + i0 * row_stride;                                                    \
            T *crow = c + i0 * ldc;                                                                 \
            for (long j0 = 0; j0 < full; j0 += width) {                                             \
                if (rows == ROWS)                                                                   \
                    NAME##_tile(ROWS, VECS, LANES, k, alpha, arow, row_stride, p_stride, b + j0, ldb, \
                                beta, crow + j0, ldc);                                              \
                else                                                                                \
                    for (long r = 0; r < rows; r++)                                                 \
                        NAME##_tile(1, VECS, LANES, k, alpha, arow + r * row_stride, row_stride,    \
                                    p_stride, b + j0, ldb, beta, crow + r * ldc + j0, ldc);         \
            }                                                                                       \
            for (long v = 0; v < rest_vectors; v++) {                                               \
                const long lanes = rest - v * LANES < LANES ? rest - v * LANES : LANES;             \
                const T *source = panel + v * LANES;                                                \
                T *target = crow + full + v * LANES;                                                \
                if (rows == ROWS)                                                                   \
                    NAME##_tile(ROWS, 1, lanes, k, alpha, arow, row_stride, p_stride, source,       \
                                panel_width, beta, target, ldc);                                    \
                else                                                                                \
                    for (long r = 0; r < rows; r++)                                                 \
                        NAME##_tile(1, 1, lanes, k, alpha, arow + r * row_stride, row_stride,       \
                                    p_stride, source, panel_width, beta, target + r * ldc, ldc);    \
            }                                                                                       \
        }                                                                                           \
        free(panel_heap);                                                                           \
        free(scratch);                                                                              \
    }

// Portable: 16-byte vectors (SSE2 on baseline x86-64, NEON on arm64).
ORDERED_GEMM_DEFINE(ordered_gemm_f32_portable, float, 4, 4, 2, )
ORDERED_GEMM_DEFINE(ordered_gemm_f64_portable, double, 2, 4, 2, )

#if defined(__x86_64__)
// AVX2: 16 registers of 32 bytes; 4 × 2 accumulators leave room for the B row and the broadcast.
ORDERED_GEMM_DEFINE(ordered_gemm_f32_avx2, float, 8, 4, 2, __attribute__((target("avx2"))))
ORDERED_GEMM_DEFINE(ordered_gemm_f64_avx2, double, 4, 4, 2, __attribute__((target("avx2"))))
// AVX-512: 32 registers of 64 bytes; 4 × 4 accumulators cover 64 float (32 double) columns, the
// width of the recurrent products of training (H = 64).
ORDERED_GEMM_DEFINE(ordered_gemm_f32_avx512, float, 16, 4, 4, __attribute__((target("avx512f"))))
ORDERED_GEMM_DEFINE(ordered_gemm_f64_avx512, double, 8, 4, 4, __attribute__((target("avx512f"))))
#endif

static int forced_path = -1;

static int best_path(void) {
#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f")) return 2;
    if (__builtin_cpu_supports("avx2")) return 1;
#endif
    return 0;
}

int yang2020_ordered_gemm_use_path(int path) {
    const int best = best_path();
    if (path < 0 || path > best) {
        forced_path = -1;
        return best;
    }
    forced_path = path;
    return path;
}

static int current_path(void) {
    static int best = -1;
    if (forced_path >= 0) return forced_path;
    if (best < 0) best = best_path();
    return best;
}

// The exported products: the copy `current_path()` names.
#if defined(__x86_64__)
#define ORDERED_GEMM_WIDE_CASES(SUFFIX)                                                              \
    case 2: ordered_gemm_##SUFFIX##_avx512(transpose_a, transpose_b, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc); return; \
    case 1: ordered_gemm_##SUFFIX##_avx2(transpose_a, transpose_b, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc); return;
#else
#define ORDERED_GEMM_WIDE_CASES(SUFFIX)
#endif
#define ORDERED_GEMM_EXPORT(T, SUFFIX)                                                              \
    void yang2020_ordered_gemm_##SUFFIX(int transpose_a, int transpose_b, long m, long n, long k, T alpha, \
                                        const T *a, long lda, const T *b, long ldb, T beta, T *c, long ldc) { \
        switch (current_path()) {                                                                   \
            ORDERED_GEMM_WIDE_CASES(SUFFIX)                                                         \
        default: ordered_gemm_##SUFFIX##_portable(transpose_a, transpose_b, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc); \
        }                                                                                           \
    }

ORDERED_GEMM_EXPORT(float, f32)
ORDERED_GEMM_EXPORT(double, f64)
