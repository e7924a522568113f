// Hand-written AVX2/FMA kernels for the two hottest loops of the slow-point search. Each is compiled
// for AVX2/FMA through a function attribute (no compiler flag), so the package still builds for
// baseline x86-64; callers ask `dynamics_kernels_available()` first and keep a portable path.

#ifndef DYNAMICS_KERNELS_H
#define DYNAMICS_KERNELS_H

/// 1 when the CPU executes AVX2 and FMA instructions and the kernels below were compiled in, else 0.
int dynamics_kernels_available(void);

/// The fused slow-point gradient of the ReLU layer y = relu(x·A + c) on `rows` row-major states x
/// (n values each): with G = relu(x·A + c) − x and U = scale·G, writes (U ∘ [x·A + c > 0])·Aᵀ − U into
/// `gradient` and returns Σ G². `transposed` holds Aᵀ row-major; `scratch` takes rows × n values.
/// n must be a positive multiple of 8, at most 256. Single precision; Σ G² is accumulated in single precision per
/// lane and added up in double.
double dynamics_relu_affine_slow_point_gradient_f32(
    const float *states, long rows, long n, const float *matrix, const float *transposed, const float *offset,
    float scale, float *scratch, float *gradient);

/// dynamics_relu_affine_slow_point_gradient_f32 in double precision (Σ G² accumulated in double).
double dynamics_relu_affine_slow_point_gradient_f64(
    const double *states, long rows, long n, const double *matrix, const double *transposed, const double *offset,
    double scale, double *scratch, double *gradient);

/// One Adam step on `count` values in place: m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g·g,
/// p ← p − rate·m/(√v + ε), each operation rounded as written (no fused multiply-add), so the result
/// is bit for bit that of the portable loop.
void dynamics_adam_update_f32(
    float *parameters, const float *gradients, float *first_moments, float *second_moments, long count,
    float rate, float beta1, float beta2, float epsilon);

#endif
