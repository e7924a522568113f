/// The default of ``DynamicalSystem/slowPointGradientBatch(_:rows:scale:scratch:into:)``: the two batch
/// kernels with elementwise passes between.
extension DynamicalSystem {
    /// Default ``DynamicalSystem/slowPointGradientBatch(_:rows:scale:scratch:into:)``.
    @inlinable
    public func slowPointGradientBatch<S: BLASScalar>(
        _ states: UnsafeBufferPointer<S>, rows: Int, scale: S,
        scratch: UnsafeMutableBufferPointer<S>, into gradient: UnsafeMutableBufferPointer<S>
    ) -> Double {
        composedSlowPointGradientBatch(states, rows: rows, scale: scale, scratch: scratch, into: gradient)
    }

    /// Σ G² and scale·(∂G/∂x)ᵀ·G from ``DynamicalSystem/evaluateBatch(_:rows:into:)`` and
    /// ``DynamicalSystem/vectorJacobianProductsBatch(states:values:cotangents:rows:into:)``, whatever
    /// fused override the type has: F(x) into the first half of `scratch`, the cotangents u = scale·G
    /// into the second, then uᵀJ, minus u for a map (∂G/∂x = J − I).
    ///
    /// - Complexity: one batched evaluation, one batched vector-Jacobian product and three O(rows·n)
    ///   passes; no allocation.
    @inlinable
    public func composedSlowPointGradientBatch<S: BLASScalar>(
        _ states: UnsafeBufferPointer<S>, rows: Int, scale: S,
        scratch: UnsafeMutableBufferPointer<S>, into gradient: UnsafeMutableBufferPointer<S>
    ) -> Double {
        let count = rows * dimension
        precondition(scratch.count >= 2 * count && gradient.count >= count && states.count >= count, "slowPointGradientBatch: buffers too small for \(rows) rows")
        let values = UnsafeMutableBufferPointer(rebasing: scratch[0..<count])
        let cotangents = UnsafeMutableBufferPointer(rebasing: scratch[count..<(2 * count)])
        let isMap = Self.timeDomain == .discrete
        evaluateBatch(states, rows: rows, into: values)
        let sum = residualCotangents(values: values, states: states, count: count, scale: scale, into: cotangents, isMap: isMap)
        vectorJacobianProductsBatch(
            states: states, values: UnsafeBufferPointer(values), cotangents: UnsafeBufferPointer(cotangents), rows: rows, into: gradient)
        if isMap { subtract(cotangents, from: gradient, count: count) }
        return sum
    }
}

/// Writes u = scale·G with G = F − x (maps) or F (flows), eight lanes at a time, and returns Σ G².
@inlinable
func residualCotangents<S: BLASScalar>(
    values: UnsafeMutableBufferPointer<S>, states: UnsafeBufferPointer<S>, count: Int, scale: S,
    into cotangents: UnsafeMutableBufferPointer<S>, isMap: Bool
) -> Double {
    let (f, x, u) = (values.baseAddress!, states.baseAddress!, cotangents.baseAddress!)
    var lanes = SIMD8<S>()
    var k = 0
    while k + 8 <= count {
        var r = UnsafeRawPointer(f + k).loadUnaligned(as: SIMD8<S>.self)
        if isMap { r -= UnsafeRawPointer(x + k).loadUnaligned(as: SIMD8<S>.self) }
        lanes += r * r
        UnsafeMutableRawPointer(u + k).storeBytes(of: scale * r, as: SIMD8<S>.self)
        k += 8
    }
    var sum = 0.0
    for lane in 0..<8 { sum += lanes[lane].primalValue }
    while k < count {
        let r = isMap ? f[k] - x[k] : f[k]
        sum += (r * r).primalValue
        u[k] = scale * r
        k += 1
    }
    return sum
}

/// a ← a − b over `count` elements, eight lanes at a time.
@inlinable
func subtract<S: BLASScalar>(_ b: UnsafeMutableBufferPointer<S>, from a: UnsafeMutableBufferPointer<S>, count: Int) {
    let (pa, pb) = (a.baseAddress!, b.baseAddress!)
    var k = 0
    while k + 8 <= count {
        let difference = UnsafeRawPointer(pa + k).loadUnaligned(as: SIMD8<S>.self) - UnsafeRawPointer(pb + k).loadUnaligned(as: SIMD8<S>.self)
        UnsafeMutableRawPointer(pa + k).storeBytes(of: difference, as: SIMD8<S>.self)
        k += 8
    }
    while k < count {
        pa[k] -= pb[k]
        k += 1
    }
}

