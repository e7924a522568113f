import Dynamics
import NNKernels

extension ReLUAffineLayer {
    /// ``slowPointGradient(_:rows:scale:scratch:into:)`` by the hand-written AVX2/FMA kernel
    /// `dynamics_relu_affine_slow_point_gradient_f32` (or `_f64`): six rows at a time, both products in
    /// registers, the residual pass on the forward product's registers, no packing.
    ///
    /// - Precondition: `S` is `Float` or `Double`, and ``VectorKernels/runFusedReLUGradient(dimension:)``
    ///   holds.
    /// - Complexity: O(rows · n²); no allocation.
    @inlinable
    func vectorSlowPointGradient<S: BLASScalar>(
        _ states: UnsafeBufferPointer<S>, rows: Int, scale: S,
        scratch: UnsafeMutableBufferPointer<S>, into gradient: UnsafeMutableBufferPointer<S>
    ) -> Double {
        precondition(VectorKernels.runFusedReLUGradient(dimension: dimension), "vectorSlowPointGradient: n = \(dimension) is not supported")
        let count = rows * dimension   // the C kernel does no bounds checks
        precondition(scratch.count >= count && gradient.count >= count && states.count >= count, "slowPointGradient: buffers too small for \(rows) rows")
        func cast<T, U>(_ pointer: UnsafePointer<T>) -> UnsafePointer<U> { UnsafeRawPointer(pointer).assumingMemoryBound(to: U.self) }
        func cast<T, U>(_ pointer: UnsafeMutablePointer<T>) -> UnsafeMutablePointer<U> { UnsafeMutableRawPointer(pointer).assumingMemoryBound(to: U.self) }
        let (x, s, g) = (states.baseAddress!, scratch.baseAddress!, gradient.baseAddress!)
        if S.self == Float.self {
            return singleMatrix.withUnsafeBufferPointer { a in
                singleTransposedMatrix.withUnsafeBufferPointer { transposed in
                    singleOffset.withUnsafeBufferPointer { c in
                        dynamics_relu_affine_slow_point_gradient_f32(
                            cast(x), rows, dimension, a.baseAddress!, transposed.baseAddress!, c.baseAddress!,
                            Float(scale.primalValue), cast(s), cast(g))
                    }
                }
            }
        }
        precondition(S.self == Double.self, "vectorSlowPointGradient: Float or Double only")
        return matrix.elements.withUnsafeBufferPointer { a in
            transposedMatrix.withUnsafeBufferPointer { transposed in
                offset.withUnsafeBufferPointer { c in
                    dynamics_relu_affine_slow_point_gradient_f64(
                        cast(x), rows, dimension, a.baseAddress!, transposed.baseAddress!, c.baseAddress!,
                        scale.primalValue, cast(s), cast(g))
                }
            }
        }
    }
}
