// The slow-point gradient of y = relu(x·A + c), fused over tiles of six rows.
//
// Per tile, the forward product x·A + c is formed sixteen columns at a time in twelve AVX accumulators
// (6 rows × 2 vectors; each k costs two loads of A, six broadcasts of x and twelve FMAs), and the
// residual pass runs on those registers before they are stored: G = relu(y) − x, Σ G², U = scale·G,
// the masked cotangent U ∘ [y > 0] into `scratch` and −U into `gradient`. The backward product
// (U ∘ M)·Aᵀ is then accumulated onto −U the same way, over the units k active in at least one row
// of the tile only: a unit inactive in all six contributes exact zeros, and skipping them saves about
// 40 % of the backward work on the Yang 2020 candidates (55 % of units active per row, 60 % per
// tile). The tile and both n × n matrices stay in L1/L2; nothing is packed, which is where OpenBLAS
// spends its time on operands this small.
#include "DynamicsKernels.h"
#include <stdint.h>
#pragma STDC FP_CONTRACT OFF

#if defined(__x86_64__)
#include <immintrin.h>

#define KERNEL static inline __attribute__((always_inline, target("avx2,fma")))

enum { TILE_ROWS = 6, MAX_VECTORS = 2, MAX_UNIT_WORDS = 4 };

/// Forward product on `rows` × 8·`vectors` columns from column j, then the residual pass on them;
/// sets the bits of `live` (one per unit) of the columns active in some row. `rows` and `vectors` are
/// constants at every call, so the loops unroll and the accumulators live in registers.
KERNEL __m256 forward_panel(
    const int rows, const int vectors, const float *x, long n, long j, const float *a, const float *c,
    __m256 scale, float *masked, float *gradient, __m256 squares, uint64_t *live) {
    __m256 acc[TILE_ROWS][MAX_VECTORS];
    for (int w = 0; w < vectors; w++) {
        const __m256 offset = _mm256_loadu_ps(c + j + 8 * w);
        for (int r = 0; r < rows; r++) acc[r][w] = offset;
    }
    for (long k = 0; k < n; k++) {
        __m256 b[MAX_VECTORS];
        for (int w = 0; w < vectors; w++) b[w] = _mm256_loadu_ps(a + k * n + j + 8 * w);
        for (int r = 0; r < rows; r++) {
            const __m256 s = _mm256_broadcast_ss(x + r * n + k);
            for (int w = 0; w < vectors; w++) acc[r][w] = _mm256_fmadd_ps(s, b[w], acc[r][w]);
        }
    }
    __m256 any[MAX_VECTORS];
    for (int w = 0; w < vectors; w++) any[w] = _mm256_setzero_ps();
    for (int r = 0; r < rows; r++) {
        for (int w = 0; w < vectors; w++) {
            const long at = r * n + j + 8 * w;
            // Active unless y ≤ 0, so a NaN stays active and reaches Σ G², as in the portable pass.
            const __m256 active = _mm256_cmp_ps(acc[r][w], _mm256_setzero_ps(), _CMP_NLE_UQ);
            any[w] = _mm256_or_ps(any[w], active);
            const __m256 g = _mm256_sub_ps(_mm256_and_ps(acc[r][w], active), _mm256_loadu_ps(x + at));
            squares = _mm256_add_ps(squares, _mm256_mul_ps(g, g));
            const __m256 u = _mm256_mul_ps(scale, g);
            _mm256_storeu_ps(masked + at, _mm256_and_ps(u, active));
            _mm256_storeu_ps(gradient + at, _mm256_sub_ps(_mm256_setzero_ps(), u));
        }
    }
    // Columns start at multiples of 8, so a vector's 8 bits never straddle two words.
    for (int w = 0; w < vectors; w++)
        live[(j + 8 * w) / 64] |= (uint64_t)(unsigned)_mm256_movemask_ps(any[w]) << ((j + 8 * w) % 64);
    return squares;
}

/// gradient += masked·Aᵀ on `rows` × 8·`vectors` columns from column j, summing over the units k whose
/// bit is set in `live` (the others have masked[·, k] = 0 in every row).
KERNEL void backward_panel(
    const int rows, const int vectors, const float *masked, long n, long j, const float *transposed, float *gradient,
    const uint64_t *live) {
    __m256 acc[TILE_ROWS][MAX_VECTORS];
    for (int r = 0; r < rows; r++)
        for (int w = 0; w < vectors; w++) acc[r][w] = _mm256_loadu_ps(gradient + r * n + j + 8 * w);
    for (long word = 0; word < (n + 63) / 64; word++) for (uint64_t bits = live[word]; bits != 0; bits &= bits - 1) {
        const long k = 64 * word + __builtin_ctzll(bits);
        __m256 b[MAX_VECTORS];
        for (int w = 0; w < vectors; w++) b[w] = _mm256_loadu_ps(transposed + k * n + j + 8 * w);
        for (int r = 0; r < rows; r++) {
            const __m256 s = _mm256_broadcast_ss(masked + r * n + k);
            for (int w = 0; w < vectors; w++) acc[r][w] = _mm256_fmadd_ps(s, b[w], acc[r][w]);
        }
    }
    for (int r = 0; r < rows; r++)
        for (int w = 0; w < vectors; w++) _mm256_storeu_ps(gradient + r * n + j + 8 * w, acc[r][w]);
}

/// Both products and the pass on one tile of `rows` ≤ 6 rows.
KERNEL __m256 tile(
    const int rows, const float *x, long n, const float *a, const float *transposed, const float *c, __m256 scale,
    float *masked, float *gradient, __m256 squares) {
    uint64_t live[MAX_UNIT_WORDS] = {0};
    long j = 0;
    for (; j + 16 <= n; j += 16) squares = forward_panel(rows, 2, x, n, j, a, c, scale, masked, gradient, squares, live);
    if (j < n) squares = forward_panel(rows, 1, x, n, j, a, c, scale, masked, gradient, squares, live);
    for (j = 0; j + 16 <= n; j += 16) backward_panel(rows, 2, masked, n, j, transposed, gradient, live);
    if (j < n) backward_panel(rows, 1, masked, n, j, transposed, gradient, live);
    return squares;
}

__attribute__((target("avx2,fma")))
double dynamics_relu_affine_slow_point_gradient_f32(
    const float *x, long rows, long n, const float *a, const float *transposed, const float *c,
    float scale, float *scratch, float *gradient) {
    const __m256 s = _mm256_set1_ps(scale);
    __m256 squares = _mm256_setzero_ps();
    long r = 0;
    for (; r + TILE_ROWS <= rows; r += TILE_ROWS)
        squares = tile(TILE_ROWS, x + r * n, n, a, transposed, c, s, scratch + r * n, gradient + r * n, squares);
    // The last rows % 6, with a tile of their own height (a constant in each case).
    const float *xr = x + r * n;
    float *mr = scratch + r * n, *gr = gradient + r * n;
    switch (rows - r) {
        case 5: squares = tile(5, xr, n, a, transposed, c, s, mr, gr, squares); break;
        case 4: squares = tile(4, xr, n, a, transposed, c, s, mr, gr, squares); break;
        case 3: squares = tile(3, xr, n, a, transposed, c, s, mr, gr, squares); break;
        case 2: squares = tile(2, xr, n, a, transposed, c, s, mr, gr, squares); break;
        case 1: squares = tile(1, xr, n, a, transposed, c, s, mr, gr, squares); break;
        default: break;
    }
    float lanes[8];
    _mm256_storeu_ps(lanes, squares);
    double sum = 0;
    for (int lane = 0; lane < 8; lane++) sum += lanes[lane];
    return sum;
}
#else
double dynamics_relu_affine_slow_point_gradient_f32(
    const float *x, long rows, long n, const float *a, const float *transposed, const float *c,
    float scale, float *scratch, float *gradient) {
    (void)x; (void)rows; (void)n; (void)a; (void)transposed; (void)c; (void)scale; (void)scratch; (void)gradient;
    __builtin_trap();   // unreachable: dynamics_kernels_available() is 0 here
}
#endif
