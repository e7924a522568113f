import DynamicsKernels

extension ReLUAffineLayer {
    /// ``slowPointGradient(_:rows:scale:scratch:into:)`` by the hand-written AVX2/FMA kernel
    /// `dynamics_relu_affine_slow_point_gradient_f32`: six rows at a time, both products in registers,
    /// the residual pass on the forward product's registers, no packing.
    ///
    /// - Precondition: `S` is `Float` and ``VectorKernels/runFusedReLUGradient(dimension:)`` holds.
    /// - Complexity: O(rows · n²); no allocation.
    @inlinable
    func vectorSlowPointGradient<S: BLASScalar>(
        _ states: UnsafeBufferPointer<S>, rows: Int, scale: S,
        scratch: UnsafeMutableBufferPointer<S>, into gradient: UnsafeMutableBufferPointer<S>
    ) -> Double {
        precondition(S.self == Float.self && VectorKernels.runFusedReLUGradient(dimension: dimension), "vectorSlowPointGradient: single precision on a supported n only")
        func float<T>(_ pointer: UnsafePointer<T>) -> UnsafePointer<Float> { UnsafeRawPointer(pointer).assumingMemoryBound(to: Float.self) }
        func float<T>(_ pointer: UnsafeMutablePointer<T>) -> UnsafeMutablePointer<Float> { UnsafeMutableRawPointer(pointer).assumingMemoryBound(to: Float.self) }
        return singleMatrix.withUnsafeBufferPointer { a in
            singleTransposedMatrix.withUnsafeBufferPointer { transposed in
                singleOffset.withUnsafeBufferPointer { c in
                    dynamics_relu_affine_slow_point_gradient_f32(
                        float(states.baseAddress!), rows, dimension, a.baseAddress!, transposed.baseAddress!, c.baseAddress!,
                        Float(scale.primalValue), float(scratch.baseAddress!), float(gradient.baseAddress!))
                }
            }
        }
    }
}
