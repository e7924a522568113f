/// The capability of evaluating `step` and its vector-Jacobian products on many states at once, on
/// raw row-major buffers in single or double precision: typically one BLAS product each.
///
/// Conform in addition to ``DiscreteMap`` or ``ContinuousFlow`` and implement both members (they are
/// required: there is no default to fall back on, so a forgotten kernel is a compiler error). Every
/// batched analysis detects the capability once per call and runs on these kernels: the slow-point
/// search, ``DynamicalSystem/evaluate(_:)``, ``DynamicalSystem/vectorJacobianProducts(at:cotangents:)``
/// and the residuals of Newton refinement.
public protocol BatchKernelSystem: DynamicalSystem {
    /// `step` on every row of `states`, written into `values`.
    ///
    /// - Parameters:
    ///   - states: `rows × dimension` values, one state per row.
    ///   - rows: the number of states.
    ///   - values: receives `rows × dimension` values.
    func evaluateBatch<S: BLASScalar>(_ states: UnsafeBufferPointer<S>, rows: Int, into values: UnsafeMutableBufferPointer<S>)

    /// Row k of `products` receives uₖᵀ·J(xₖ), with xₖ row k of `states`, uₖ row k of `cotangents`,
    /// and `values` = step of `states` (already known to the caller; a ReLU layer reads its activation
    /// pattern off it).
    ///
    /// - Parameters:
    ///   - states, values, cotangents: `rows × dimension` values each.
    ///   - rows: the number of states.
    ///   - products: receives `rows × dimension` values.
    func vectorJacobianProductsBatch<S: BLASScalar>(
        states: UnsafeBufferPointer<S>, values: UnsafeBufferPointer<S>, cotangents: UnsafeBufferPointer<S>,
        rows: Int, into products: UnsafeMutableBufferPointer<S>)
}

/// The capability of computing one step of the slow-point search on a block of states in one fused
/// kernel (``ReLUAffineLayer`` does, in AVX2 where the CPU has it).
///
/// A ``BatchKernelSystem`` without it gets the composition of its two kernels
/// (``BatchKernelSystem/composedSlowPointGradientBatch(_:rows:scale:scratch:into:)``); a system with
/// neither gets reverse-mode products row by row.
public protocol SlowPointGradientKernel: BatchKernelSystem {
    /// Returns Σ G(x)² over all rows and dimensions, and writes row k of `gradient` as
    /// scale·(∂G/∂x)ᵀ·G at row k of `states` (G = F − id for a map, f for a flow).
    ///
    /// - Parameters:
    ///   - states: `rows × dimension` values, one state per row.
    ///   - rows: the number of states.
    ///   - scale: multiplies the gradient (the search passes 2/(n·P), the derivative of its mean).
    ///   - scratch: `2 × rows × dimension` values of working memory; contents on entry and exit are
    ///     unspecified.
    ///   - gradient: receives `rows × dimension` values.
    func slowPointGradientBatch<S: BLASScalar>(
        _ states: UnsafeBufferPointer<S>, rows: Int, scale: S,
        scratch: UnsafeMutableBufferPointer<S>, into gradient: UnsafeMutableBufferPointer<S>) -> Double
}
