import Dynamics

/// A map (x_{t+1} = relu(W·x + c): a ``DiscreteMap``, never a flow) whose batch kernels are those of one
/// ``ReLUAffineLayer``: conform, expose the layer, and
/// evaluation, vector-Jacobian products and the fused slow-point gradient come from it (every
/// `Matrix` entry point too, through ``BatchKernelSystem``).
///
/// Analyses reach these kernels through the capability protocols, generically over the precision; the
/// layer's kernels carry `@_specialize` for `Float` and `Double` so that such calls still run
/// specialized code.
public protocol ReLUAffineSystem: SlowPointGradientKernel, DiscreteMap {
    /// The layer y = relu(x·A + c) that F is on row vectors.
    var layer: ReLUAffineLayer { get }
}

extension ReLUAffineSystem {
    /// ``ReLUAffineLayer/evaluate(_:rows:into:)``: one gemm in precision S.
    @inlinable
    public func evaluateBatch<S: BLASScalar>(_ states: UnsafeBufferPointer<S>, rows: Int, into values: UnsafeMutableBufferPointer<S>) {
        layer.evaluate(states, rows: rows, into: values)
    }

    /// ``ReLUAffineLayer/pullback(values:cotangents:rows:into:)``: (U ∘ M)·Aᵀ, one gemm.
    @inlinable
    public func vectorJacobianProductsBatch<S: BLASScalar>(
        states: UnsafeBufferPointer<S>, values: UnsafeBufferPointer<S>, cotangents: UnsafeBufferPointer<S>,
        rows: Int, into products: UnsafeMutableBufferPointer<S>
    ) {
        layer.pullback(values: values, cotangents: cotangents, rows: rows, into: products)
    }

    /// ``ReLUAffineLayer/slowPointGradient(_:rows:scale:scratch:into:)``: G = F(X) − X, Σ G² and the
    /// gradient in one fused AVX2 kernel where the CPU has it, else two gemms and one elementwise pass.
    @inlinable
    public func slowPointGradientBatch<S: BLASScalar>(
        _ states: UnsafeBufferPointer<S>, rows: Int, scale: S,
        scratch: UnsafeMutableBufferPointer<S>, into gradient: UnsafeMutableBufferPointer<S>
    ) -> Double {
        layer.slowPointGradient(states, rows: rows, scale: scale, scratch: scratch, into: gradient)
    }
}
