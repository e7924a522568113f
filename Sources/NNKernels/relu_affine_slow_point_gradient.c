// The slow-point gradient of y = relu(x·A + c), fused over tiles of six rows.
//
// Per tile, the forward product x·A + c is formed two vectors of columns at a time (16 floats or 8
// doubles) in twelve AVX accumulators (6 rows × 2 vectors; each k costs two loads of A, six
// broadcasts of x and twelve FMAs), and the
// residual pass runs on those registers before they are stored: G = relu(y) − x, Σ G², U = scale·G,
// the masked cotangent U ∘ [y > 0] into `scratch` and −U into `gradient`. The backward product
// (U ∘ M)·Aᵀ is then accumulated onto −U the same way, over the units k active in at least one row
// of the tile only: a unit inactive in all six contributes exact zeros, and skipping them saves about
// 40 % of the backward work on the Yang 2020 candidates (55 % of units active per row, 60 % per
// tile). The tile and both n × n matrices stay in L1/L2; nothing is packed, which is where OpenBLAS
// spends its time on operands this small. The body is written once (relu_affine_kernel_template.h)
// and instantiated below for float and for double. Where the CPU has AVX-512, a copy whose products are
// twice as wide (relu_affine_kernel_avx512_template.h) runs instead and gives the same bits: on the
// Yang 2020 search (2200 × 64, 10,000 steps) 1.80 -> 1.67 s on two cores, 3.17 -> 2.97 s on one.
#include "NNKernels.h"
#include <stdint.h>
#pragma STDC FP_CONTRACT OFF

#if defined(__x86_64__)
#include <immintrin.h>

#define KERNEL static inline __attribute__((always_inline, target("avx2,fma")))
#define KERNEL512 static inline __attribute__((always_inline, target("avx512f,avx512dq,avx2,fma")))

enum { TILE_ROWS = 6, MAX_VECTORS = 2, MAX_UNIT_WORDS = 4 };

// One instantiation per precision and instruction set: the element type, its vectors, lanes per
// vector, the suffix of the names, and the intrinsics' type suffix (ps / pd). The templates undefine
// them.
#define SCALAR float
#define VEC __m256
#define LANES 8
#define NAMED(name) name##_f32
#define OP(name) _mm256_##name##_ps
#define VEC_BROADCAST _mm256_broadcast_ss
#include "relu_affine_kernel_template.h"

#define SCALAR float
#define ZVEC __m512
#define YVEC __m256
#define ZLANES 16
#define YLANES 8
#define MASK __mmask16
#define NAMED(name) name##_f32
#define ZOP(name) _mm512_##name##_ps
#define YOP(name) _mm256_##name##_ps
#define Z_BROADCAST(x) _mm512_set1_ps(x)
#define Z_ACTIVE(v) _mm512_cmp_ps_mask((v), _mm512_setzero_ps(), _CMP_NLE_UQ)
#define ZCAST_LOWER(v) _mm512_castps512_ps256(v)
#define UPPER_HALF(v) _mm512_extractf32x8_ps((v), 1)
#include "relu_affine_kernel_avx512_template.h"

#define SCALAR double
#define VEC __m256d
#define LANES 4
#define NAMED(name) name##_f64
#define OP(name) _mm256_##name##_pd
#define VEC_BROADCAST _mm256_broadcast_sd
#include "relu_affine_kernel_template.h"

#define SCALAR double
#define ZVEC __m512d
#define YVEC __m256d
#define ZLANES 8
#define YLANES 4
#define MASK __mmask8
#define NAMED(name) name##_f64
#define ZOP(name) _mm512_##name##_pd
#define YOP(name) _mm256_##name##_pd
#define Z_BROADCAST(x) _mm512_set1_pd(x)
#define Z_ACTIVE(v) _mm512_cmp_pd_mask((v), _mm512_setzero_pd(), _CMP_NLE_UQ)
#define ZCAST_LOWER(v) _mm512_castpd512_pd256(v)
#define UPPER_HALF(v) _mm512_extractf64x4_pd((v), 1)
#include "relu_affine_kernel_avx512_template.h"

static int forced_path = -1;

static int best_path(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") ? 2 : 1;
}

int dynamics_relu_affine_kernel_use_path(int path) {
    const int best = best_path();
    forced_path = (path == 1 || path == best) ? path : -1;
    return forced_path < 0 ? best : forced_path;
}

static int current_path(void) {
    static int best = -1;
    if (forced_path >= 0) return forced_path;
    if (best < 0) best = best_path();
    return best;
}

double dynamics_relu_affine_slow_point_gradient_f32(
    const float *x, long rows, long n, const float *a, const float *transposed, const float *c,
    float scale, float *scratch, float *gradient) {
    return current_path() == 2 ? gradient_avx512_f32(x, rows, n, a, transposed, c, scale, scratch, gradient)
                               : gradient_avx2_f32(x, rows, n, a, transposed, c, scale, scratch, gradient);
}

double dynamics_relu_affine_slow_point_gradient_f64(
    const double *x, long rows, long n, const double *a, const double *transposed, const double *c,
    double scale, double *scratch, double *gradient) {
    return current_path() == 2 ? gradient_avx512_f64(x, rows, n, a, transposed, c, scale, scratch, gradient)
                               : gradient_avx2_f64(x, rows, n, a, transposed, c, scale, scratch, gradient);
}
#else
int dynamics_relu_affine_kernel_use_path(int path) {
    (void)path;
    return 0;
}

double dynamics_relu_affine_slow_point_gradient_f32(
    const float *x, long rows, long n, const float *a, const float *transposed, const float *c,
    float scale, float *scratch, float *gradient) {
    (void)x; (void)rows; (void)n; (void)a; (void)transposed; (void)c; (void)scale; (void)scratch; (void)gradient;
    __builtin_trap();   // unreachable: dynamics_kernels_available() is 0 here
}

double dynamics_relu_affine_slow_point_gradient_f64(
    const double *x, long rows, long n, const double *a, const double *transposed, const double *c,
    double scale, double *scratch, double *gradient) {
    (void)x; (void)rows; (void)n; (void)a; (void)transposed; (void)c; (void)scale; (void)scratch; (void)gradient;
    __builtin_trap();   // unreachable: dynamics_kernels_available() is 0 here
}
#endif
