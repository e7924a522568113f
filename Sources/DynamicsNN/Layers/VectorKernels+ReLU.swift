import Dynamics

extension VectorKernels {
    /// The largest n for which the fused ReLU slow-point kernel beats two OpenBLAS gemms. Up to it,
    /// A and Aᵀ sit in L1 and L2 and skipping OpenBLAS's packing pays; beyond it OpenBLAS's cache
    /// blocking wins. Measured on the development machine (AMD EPYC, Zen 3, release, one core, 184
    /// rows, with Adam): single precision 0.67x at n = 64, 0.86x at n = 72, even at n = 96, slower at
    /// n = 256; double precision 0.8x at n = 32, 0.87x at n = 64, even at n = 96.
    public static let fusedReLUMaximumDimension = 96

    /// Whether ``ReLUAffineLayer/slowPointGradient(_:rows:scale:scratch:into:)`` uses the fused kernel
    /// (single or double precision) for this n: the kernels are available, n is a multiple of 8
    /// (whole AVX vectors of floats) and at most ``fusedReLUMaximumDimension``.
    @inlinable
    public static func runFusedReLUGradient(dimension n: Int) -> Bool {
        isAvailable && n % 8 == 0 && n > 0 && n <= fusedReLUMaximumDimension
    }
}
