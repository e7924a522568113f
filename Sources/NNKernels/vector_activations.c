// tanh and the logistic sigmoid over arrays through glibc's vector math library (libmvec, glibc >= 2.35
// for tanh): 8 doubles or 16 floats per call on AVX-512, 4 / 8 on AVX2, 2 / 4 on SSE2, against one
// value per call of the scalar libm (whose tanh goes through expm1 and dominated the cells' batched
// residuals). libmvec's functions are accurate to 4 ulp. Lanes are independent, so an element's result
// does not depend on its position; the vector width is chosen once per process from the CPU.

#include "NNKernels.h"

#include <math.h>
#include <string.h>

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#include <immintrin.h>

// The x86-64 vector function ABI names of libmvec: b = SSE2 (xmm), d = AVX2 (ymm), e = AVX-512 (zmm).
__m128d _ZGVbN2v_tanh(__m128d);
__m128d _ZGVbN2v_exp(__m128d);
__m128 _ZGVbN4v_tanhf(__m128);
__m128 _ZGVbN4v_expf(__m128);
__attribute__((target("avx2"))) __m256d _ZGVdN4v_tanh(__m256d);
__attribute__((target("avx2"))) __m256d _ZGVdN4v_exp(__m256d);
__attribute__((target("avx2"))) __m256 _ZGVdN8v_tanhf(__m256);
__attribute__((target("avx2"))) __m256 _ZGVdN8v_expf(__m256);
__attribute__((target("avx512f"))) __m512d _ZGVeN8v_tanh(__m512d);
__attribute__((target("avx512f"))) __m512d _ZGVeN8v_exp(__m512d);
__attribute__((target("avx512f"))) __m512 _ZGVeN16v_tanhf(__m512);
__attribute__((target("avx512f"))) __m512 _ZGVeN16v_expf(__m512);

enum { sse2 = 0, avx2 = 1, avx512 = 2 };

// 0, 1 or 2 by the CPU's support (the OS's for the AVX-512 state); computed on first use (threads that
// race there compute the same value; relaxed atomics make the race well defined).
static int vector_level(void) {
    static int cached = -1;
    int level = __atomic_load_n(&cached, __ATOMIC_RELAXED);
    if (level < 0) {
        __builtin_cpu_init();
        level = __builtin_cpu_supports("avx512f") ? avx512 : __builtin_cpu_supports("avx2") ? avx2 : sse2;
        __atomic_store_n(&cached, level, __ATOMIC_RELAXED);
    }
    return level;
}

// One block of `lanes` values through f: whole vectors in place, the tail through a zero-padded copy.
#define DEFINE_BLOCKS(name, type, vector, lanes, load, store, call, attribute)                               \
    attribute static void name(type *x, long count) {                                                  \
        long i = 0;                                                                                     \
        for (; i + lanes <= count; i += lanes) store(x + i, call(load(x + i)));                        \
        if (i < count) {                                                                                \
            type tail[lanes];                                                                           \
            memset(tail, 0, sizeof tail);                                                               \
            memcpy(tail, x + i, (size_t)(count - i) * sizeof(type));                                    \
            store(tail, call(load(tail)));                                                              \
            memcpy(x + i, tail, (size_t)(count - i) * sizeof(type));                                    \
        }                                                                                               \
    }

DEFINE_BLOCKS(tanh_f64_sse2, double, __m128d, 2, _mm_loadu_pd, _mm_storeu_pd, _ZGVbN2v_tanh, )
DEFINE_BLOCKS(exp_f64_sse2, double, __m128d, 2, _mm_loadu_pd, _mm_storeu_pd, _ZGVbN2v_exp, )
DEFINE_BLOCKS(tanh_f32_sse2, float, __m128, 4, _mm_loadu_ps, _mm_storeu_ps, _ZGVbN4v_tanhf, )
DEFINE_BLOCKS(exp_f32_sse2, float, __m128, 4, _mm_loadu_ps, _mm_storeu_ps, _ZGVbN4v_expf, )
DEFINE_BLOCKS(tanh_f64_avx2, double, __m256d, 4, _mm256_loadu_pd, _mm256_storeu_pd, _ZGVdN4v_tanh, __attribute__((target("avx2"))))
DEFINE_BLOCKS(exp_f64_avx2, double, __m256d, 4, _mm256_loadu_pd, _mm256_storeu_pd, _ZGVdN4v_exp, __attribute__((target("avx2"))))
DEFINE_BLOCKS(tanh_f32_avx2, float, __m256, 8, _mm256_loadu_ps, _mm256_storeu_ps, _ZGVdN8v_tanhf, __attribute__((target("avx2"))))
DEFINE_BLOCKS(exp_f32_avx2, float, __m256, 8, _mm256_loadu_ps, _mm256_storeu_ps, _ZGVdN8v_expf, __attribute__((target("avx2"))))
DEFINE_BLOCKS(tanh_f64_avx512, double, __m512d, 8, _mm512_loadu_pd, _mm512_storeu_pd, _ZGVeN8v_tanh, __attribute__((target("avx512f"))))
DEFINE_BLOCKS(exp_f64_avx512, double, __m512d, 8, _mm512_loadu_pd, _mm512_storeu_pd, _ZGVeN8v_exp, __attribute__((target("avx512f"))))
DEFINE_BLOCKS(tanh_f32_avx512, float, __m512, 16, _mm512_loadu_ps, _mm512_storeu_ps, _ZGVeN16v_tanhf, __attribute__((target("avx512f"))))
DEFINE_BLOCKS(exp_f32_avx512, float, __m512, 16, _mm512_loadu_ps, _mm512_storeu_ps, _ZGVeN16v_expf, __attribute__((target("avx512f"))))

void dynamics_tanh_f64(double *x, long count) {
    switch (vector_level()) {
    case avx512: tanh_f64_avx512(x, count); break;
    case avx2: tanh_f64_avx2(x, count); break;
    default: tanh_f64_sse2(x, count);
    }
}

void dynamics_tanh_f32(float *x, long count) {
    switch (vector_level()) {
    case avx512: tanh_f32_avx512(x, count); break;
    case avx2: tanh_f32_avx2(x, count); break;
    default: tanh_f32_sse2(x, count);
    }
}

// σ(x) = 1 / (1 + e^{−x}): e^{−x} overflows to +inf for x below about −709 (−88 in float) and σ is then
// 0, as it should be; for x above 37 (17) e^{−x} vanishes next to 1 and σ is exactly 1.
void dynamics_sigmoid_f64(double *x, long count) {
    for (long i = 0; i < count; i++) x[i] = -x[i];
    switch (vector_level()) {
    case avx512: exp_f64_avx512(x, count); break;
    case avx2: exp_f64_avx2(x, count); break;
    default: exp_f64_sse2(x, count);
    }
    for (long i = 0; i < count; i++) x[i] = 1.0 / (1.0 + x[i]);
}

void dynamics_sigmoid_f32(float *x, long count) {
    for (long i = 0; i < count; i++) x[i] = -x[i];
    switch (vector_level()) {
    case avx512: exp_f32_avx512(x, count); break;
    case avx2: exp_f32_avx2(x, count); break;
    default: exp_f32_sse2(x, count);
    }
    for (long i = 0; i < count; i++) x[i] = 1.0f / (1.0f + x[i]);
}

#else

// Elsewhere: the scalar libm, value by value.
void dynamics_tanh_f64(double *x, long count) { for (long i = 0; i < count; i++) x[i] = tanh(x[i]); }
void dynamics_tanh_f32(float *x, long count) { for (long i = 0; i < count; i++) x[i] = tanhf(x[i]); }
void dynamics_sigmoid_f64(double *x, long count) { for (long i = 0; i < count; i++) x[i] = 1.0 / (1.0 + exp(-x[i])); }
void dynamics_sigmoid_f32(float *x, long count) { for (long i = 0; i < count; i++) x[i] = 1.0f / (1.0f + expf(-x[i])); }

#endif
