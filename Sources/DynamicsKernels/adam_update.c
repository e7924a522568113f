// Adam in eight lanes of AVX: twice the lanes of the portable SSE loop, which is bound by the divider
// (one square root and one division per value).
#include "DynamicsKernels.h"
#pragma STDC FP_CONTRACT OFF

#if defined(__x86_64__)
#include <immintrin.h>

__attribute__((target("avx2,fma")))
void dynamics_adam_update_f32(
    float *p, const float *g, float *m, float *v, long count, float rate, float beta1, float beta2, float epsilon) {
    const float keep1 = 1.0f - beta1, keep2 = 1.0f - beta2;
    const __m256 r = _mm256_set1_ps(rate), b1 = _mm256_set1_ps(beta1), c1 = _mm256_set1_ps(keep1);
    const __m256 b2 = _mm256_set1_ps(beta2), c2 = _mm256_set1_ps(keep2), eps = _mm256_set1_ps(epsilon);
    long k = 0;
    for (; k + 8 <= count; k += 8) {
        const __m256 gk = _mm256_loadu_ps(g + k);
        const __m256 mk = _mm256_add_ps(_mm256_mul_ps(b1, _mm256_loadu_ps(m + k)), _mm256_mul_ps(c1, gk));
        const __m256 vk = _mm256_add_ps(_mm256_mul_ps(b2, _mm256_loadu_ps(v + k)), _mm256_mul_ps(_mm256_mul_ps(c2, gk), gk));
        const __m256 step = _mm256_div_ps(_mm256_mul_ps(r, mk), _mm256_add_ps(_mm256_sqrt_ps(vk), eps));
        _mm256_storeu_ps(m + k, mk);
        _mm256_storeu_ps(v + k, vk);
        _mm256_storeu_ps(p + k, _mm256_sub_ps(_mm256_loadu_ps(p + k), step));
    }
    for (; k < count; k++) {
        m[k] = beta1 * m[k] + keep1 * g[k];
        v[k] = beta2 * v[k] + keep2 * g[k] * g[k];
        p[k] -= rate * m[k] / (__builtin_sqrtf(v[k]) + epsilon);
    }
}
#else
void dynamics_adam_update_f32(
    float *p, const float *g, float *m, float *v, long count, float rate, float beta1, float beta2, float epsilon) {
    (void)p; (void)g; (void)m; (void)v; (void)count; (void)rate; (void)beta1; (void)beta2; (void)epsilon;
    __builtin_trap();   // unreachable: dynamics_kernels_available() is 0 here
}
#endif
