import DynamicsKernels

extension Adam {
    /// ``update(parameters:gradients:firstMoments:secondMoments:step:)`` by the AVX kernel
    /// `dynamics_adam_update_f32`: eight lanes per square root and division where SSE has four, and the
    /// loop is bound by the divider.
    ///
    /// - Precondition: `S` is `Float` and ``VectorKernels/isAvailable``.
    /// - Complexity: O(count), no allocation.
    @inlinable
    func vectorUpdate<S: BLASScalar>(
        parameters: UnsafeMutableBufferPointer<S>, gradients: UnsafeBufferPointer<S>,
        firstMoments m: UnsafeMutableBufferPointer<S>, secondMoments v: UnsafeMutableBufferPointer<S>, step t: Int
    ) {
        precondition(S.self == Float.self && VectorKernels.isAvailable, "Adam.vectorUpdate: single precision on an AVX2 CPU only")
        func float<T>(_ pointer: UnsafeMutablePointer<T>?) -> UnsafeMutablePointer<Float>? { pointer.map { UnsafeMutableRawPointer($0).assumingMemoryBound(to: Float.self) } }
        dynamics_adam_update_f32(
            float(parameters.baseAddress), UnsafeRawPointer(gradients.baseAddress).map { $0.assumingMemoryBound(to: Float.self) },
            float(m.baseAddress), float(v.baseAddress), parameters.count,
            Float(stepSize(at: t)), Float(beta1), Float(beta2), Float(epsilon))
    }
}
