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
// and instantiated below for float and for double.
#include "NNKernels.h"
#include <stdint.h>
#pragma STDC FP_CONTRACT OFF

#if defined(__x86_64__)
#include <immintrin.h>

#define KERNEL static inline __attribute__((always_inline, target("avx2,fma")))

enum { TILE_ROWS = 6, MAX_VECTORS = 2, MAX_UNIT_WORDS = 4 };

// One instantiation per precision: the element type, its AVX vector, lanes per vector, the suffix of
// the names, and the intrinsics' type suffix (ps / pd, ss / sd). The template undefines them.
#define SCALAR float
#define VEC __m256
#define LANES 8
#define NAMED(name) name##_f32
#define OP(name) _mm256_##name##_ps
#define VEC_BROADCAST _mm256_broadcast_ss
#include "relu_affine_kernel_template.h"

#define SCALAR double
#define VEC __m256d
#define LANES 4
#define NAMED(name) name##_f64
#define OP(name) _mm256_##name##_pd
#define VEC_BROADCAST _mm256_broadcast_sd
#include "relu_affine_kernel_template.h"
#else
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
