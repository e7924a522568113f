import DynamicsKernels

/// The hand-written AVX2/FMA kernels (the core's `DynamicsKernels`, DynamicsNN's `NNKernels`), and
/// when they run.
///
/// They are compiled for AVX2/FMA by a function attribute rather than a compiler flag, so the package
/// builds for baseline x86-64 everywhere; whether this CPU runs them is checked once at first use.
/// Where it does not (another architecture, an x86-64 CPU without AVX2), every caller keeps its
/// portable path (Swift SIMD and OpenBLAS), which computes the same quantities.
public enum VectorKernels {
    /// Whether this CPU runs the kernels (AVX2 and FMA present).
    public static let isAvailable: Bool = dynamics_kernels_available() != 0
}
