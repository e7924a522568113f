// Hand-written AVX2/FMA kernels of the core (the Adam step of the slow-point search; the ReLU layer's
// kernel is in NNKernels). Each is compiled
// for AVX2/FMA through a function attribute (no compiler flag), so the package still builds for
// baseline x86-64; callers ask `dynamics_kernels_available()` first and keep a portable path.

#ifndef DYNAMICS_KERNELS_H
#define DYNAMICS_KERNELS_H

/// 1 when the CPU executes AVX2 and FMA instructions and the kernels below were compiled in, else 0.
int dynamics_kernels_available(void);

/// One Adam step on `count` values in place: m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g·g,
/// p ← p − rate·m/(√v + ε), each operation rounded as written (no fused multiply-add), so the result
/// is bit for bit that of the portable loop.
void dynamics_adam_update_f32(
    float *parameters, const float *gradients, float *first_moments, float *second_moments, long count,
    float rate, float beta1, float beta2, float epsilon);

#endif
