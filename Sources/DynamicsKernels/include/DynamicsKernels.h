// Hand-written AVX2/FMA kernels of the core (the Adam step of the slow-point search; the ReLU layer's
// kernel is in NNKernels, Yang 2020's fixed-order products in Yang2020Kernels). Each is compiled
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

/// When OpenBLAS did not recognise the CPU and fell back to Prescott, and OPENBLAS_CORETYPE is unset,
/// re-initialises OpenBLAS with the best family the CPU's features allow and returns its name
/// ("SkylakeX", "Haswell", ...); else changes nothing and returns NULL. Not thread-safe: call it before
/// any product runs. See blas_kernel_selection.c.
const char *dynamics_select_blas_kernels(void);

/// The family dynamics_select_blas_kernels() selected, or NULL when it has not run or changed nothing.
const char *dynamics_blas_family_selected_from_features(void);

#endif
