/// One step's worth of the slow-point search on a block of states, for systems without a fused
/// kernel: the composition of the batch kernels, or reverse-mode products row by row.
extension BatchKernelSystem {
    /// Σ G² and scale·(∂G/∂x)ᵀ·G from ``evaluateBatch(_:rows:into:)`` and
    /// ``vectorJacobianProductsBatch(states:values:cotangents:rows:into:)``, whatever fused kernel
    /// the type has: F(x) into the first half of `scratch`, the cotangents u = scale·G into the
    /// second, then uᵀJ, minus u for a map (∂G/∂x = J − I). The arguments are those of
    /// ``SlowPointGradientKernel/slowPointGradientBatch(_:rows:scale:scratch:into:)``.
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

extension DynamicalSystem {
    /// The same step of the slow-point search for any system, row by row in `Double` with reverse
    /// mode: each row records one pass of `step` on `tape`, forms G and u = scale·G from its values,
    /// and one backward sweep gives uᵀ·J (minus u for a map). No Jacobian is formed.
    ///
    /// - Parameters:
    ///   - states, rows, scale, gradient: as for
    ///     ``SlowPointGradientKernel/slowPointGradientBatch(_:rows:scale:scratch:into:)``.
    ///   - tape: reused across rows and calls.
    /// - Returns: Σ G² over all rows and dimensions.
    /// - Complexity: rows · (one recorded `step` and one backward sweep), O(rows · cost of step).
    @inlinable
    public func reverseModeSlowPointGradient<S: BLASScalar>(
        _ states: UnsafeBufferPointer<S>, rows: Int, scale: S, into gradient: UnsafeMutableBufferPointer<S>, tape: ReverseModeTape
    ) -> Double {
        let n = dimension
        precondition(states.count >= rows * n && gradient.count >= rows * n, "slowPointGradient: buffers too small for \(rows) rows")
        let isMap = Self.timeDomain == .discrete
        let factor = scale.primalValue
        var x = [Double](repeating: 0, count: n)
        var u = [Double](repeating: 0, count: n)
        var product = [Double](repeating: 0, count: n)
        var sum = 0.0
        for r in 0..<rows {
            for j in 0..<n { x[j] = states[r * n + j].primalValue }
            let outputs = step(tape.variables(x))
            precondition(outputs.count == n, "step returned \(outputs.count) values, the system's dimension is \(n)")
            for i in 0..<n {
                let g = isMap ? outputs[i].value - x[i] : outputs[i].value
                sum += g * g
                u[i] = factor * g
            }
            tape.pullback(outputs: outputs, cotangent: u, inputCount: n, into: &product)
            for j in 0..<n { gradient[r * n + j] = S(isMap ? product[j] - u[j] : product[j]) }
        }
        return sum
    }
}

/// Writes u = scale·G with G = F − x (maps) or F (flows), eight lanes at a time, and returns Σ G².
@inlinable
@_specialize(where S == Float)
@_specialize(where S == Double)
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
@_specialize(where S == Float)
@_specialize(where S == Double)
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
