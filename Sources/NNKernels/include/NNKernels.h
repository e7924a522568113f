// The kernels of DynamicsNN: array activations for the cells' batched maps (vector_activations.c), and
// the hand-written AVX2/FMA kernel of the ReLU layer (ReLUAffineLayer), with an AVX-512 copy that gives
// the same bits. The latter is compiled for its instruction set through a function attribute (no
// compiler flag), so the package still builds for baseline x86-64; callers ask
// `VectorKernels.isAvailable` (the core's CPU check) first and keep a portable path.

#ifndef NN_KERNELS_H
#define NN_KERNELS_H

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

/// Chooses the copy of the fused ReLU kernel that runs: 1 AVX2, 2 AVX-512 (the same bits; AVX-512 has
/// products twice as wide). A path this CPU cannot run, or −1, restores the automatic choice (the widest
/// it has). Returns the path now in use (0 where neither exists). For tests; not thread-safe.
int dynamics_relu_affine_kernel_use_path(int path);

/// tanh of `count` values in place, through glibc's vector math library (libmvec, accurate to 4 ulp),
/// as wide as the CPU allows; an element's result does not depend on its position.
void dynamics_tanh_f64(double *x, long count);
/// dynamics_tanh_f64 in single precision.
void dynamics_tanh_f32(float *x, long count);
/// The logistic sigmoid 1 / (1 + e^{−x}) of `count` values in place (e^{−x} through libmvec): exactly
/// 1 where e^{−x} vanishes next to 1, 0 where it overflows.
void dynamics_sigmoid_f64(double *x, long count);
/// dynamics_sigmoid_f64 in single precision.
void dynamics_sigmoid_f32(float *x, long count);

#endif
