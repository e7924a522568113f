import Dynamics

/// The batch kernels of a ReLU layer on row vectors, y = relu(x·A + c), with A, Aᵀ and c held in both
/// single and double precision so that no kernel converts per call.
///
/// Many ReLU models are this layer in disguise: relu(W·x + b) is A = Wᵀ, c = b; the leaky RNN update
/// relu((1 − α)·h + α·(h·W + d)) is A = (1 − α)·I + α·W, c = α·d. Such a model keeps one layer and
/// forwards ``BatchKernelSystem/evaluateBatch(_:rows:into:)``,
/// ``BatchKernelSystem/vectorJacobianProductsBatch(states:values:cotangents:rows:into:)`` and
/// ``SlowPointGradientKernel/slowPointGradientBatch(_:rows:scale:scratch:into:)`` to it (conform to
/// ``ReLUAffineSystem``).
///
/// With the activation pattern M = [Y > 0] the Jacobian of a row is diag(m)·Aᵀ, so the pullback of
/// cotangent rows U is (U ∘ M)·Aᵀ (relu'(0) = 0). Each kernel is one gemm (two for the fused slow-point
/// gradient) with O(rows · n) elementwise work around it; the slow-point gradient runs instead in one
/// hand-written AVX2 kernel where ``VectorKernels/runFusedReLUGradient(dimension:)`` allows.
/// The gemms get β = 1 over an output the kernel filled itself: OpenBLAS clears C for β = 0 with a
/// scalar loop that cost about 10 % of a slow-point search step.
public struct ReLUAffineLayer: Sendable {
    /// A (n × n), acting on row vectors: y = relu(x·A + c).
    public let matrix: Matrix
    /// c (n values).
    public let offset: [Double]
    /// A in single precision, converted once.
    @usableFromInline let singleMatrix: [Float]
    /// c in single precision, converted once.
    @usableFromInline let singleOffset: [Float]
    /// Aᵀ row-major, in both precisions, for the fused kernel's backward product.
    @usableFromInline let transposedMatrix: [Double]
    @usableFromInline let singleTransposedMatrix: [Float]

    /// The layer relu(x·A + c).
    ///
    /// - Precondition: `matrix` is square and `offset` has one value per row.
    /// - Complexity: O(n²) to keep the single-precision copies (A, Aᵀ and c).
    public init(matrix: Matrix, offset: [Double]) {
        precondition(matrix.isSquare && offset.count == matrix.rows, "ReLUAffineLayer: A must be n x n and c of length n")
        self.matrix = matrix
        self.offset = offset
        singleMatrix = matrix.elements.map(Float.init)
        singleOffset = offset.map(Float.init)
        transposedMatrix = matrix.transposed.elements
        singleTransposedMatrix = transposedMatrix.map(Float.init)
    }

    /// n.
    @inlinable
    public var dimension: Int { offset.count }

    /// A and c in precision S, without converting.
    @inlinable
    func withParameters<S: BLASScalar, R>(as: S.Type, _ body: (UnsafePointer<S>, UnsafePointer<S>) -> R) -> R {
        func cast<T>(_ array: [T], _ inner: (UnsafePointer<S>) -> R) -> R {
            array.withUnsafeBufferPointer { inner(UnsafeRawPointer($0.baseAddress!).assumingMemoryBound(to: S.self)) }
        }
        if S.self == Float.self { return cast(singleMatrix) { a in cast(singleOffset) { c in body(a, c) } } }
        if S.self == Double.self { return cast(matrix.elements) { a in cast(offset) { c in body(a, c) } } }
        return matrix.withElements(as: S.self) { a in offset.map { S($0) }.withUnsafeBufferPointer { body(a, $0.baseAddress!) } }
    }

    /// `values ← relu(states·A + c)` for `rows` row-major states.
    ///
    /// - Complexity: one gemm, O(rows · n²); no allocation.
    @inlinable
    @_specialize(where S == Float)
    @_specialize(where S == Double)
    public func evaluate<S: BLASScalar>(_ states: UnsafeBufferPointer<S>, rows: Int, into values: UnsafeMutableBufferPointer<S>) {
        let n = dimension
        withParameters(as: S.self) { a, c in
            let y = values.baseAddress!
            for r in 0..<rows { (y + r * n).update(from: c, count: n) }
            S.gemm(transposeA: false, transposeB: false, m: rows, n: n, k: n, alpha: 1, a: states.baseAddress!, lda: n,
                   b: a, ldb: n, beta: 1, c: y, ldc: n)
        }
        ReLUAffineLayer.rectify(values, count: rows * n)
    }

    /// `products ← (cotangents ∘ [values > 0])·Aᵀ`: the vector-Jacobian products of `rows` states whose
    /// outputs are `values`.
    ///
    /// - Complexity: one gemm, O(rows · n²); one scratch buffer of rows × n.
    @inlinable
    @_specialize(where S == Float)
    @_specialize(where S == Double)
    public func pullback<S: BLASScalar>(
        values: UnsafeBufferPointer<S>, cotangents: UnsafeBufferPointer<S>, rows: Int, into products: UnsafeMutableBufferPointer<S>
    ) {
        let n = dimension
        let count = rows * n
        let masked = UnsafeMutableBufferPointer<S>.allocate(capacity: count)
        defer { masked.deallocate() }
        ReLUAffineLayer.mask(cotangents, by: values, into: masked, count: count)
        products.baseAddress!.update(repeating: 0, count: count)
        withParameters(as: S.self) { a, _ in
            S.gemm(transposeA: false, transposeB: true, m: rows, n: n, k: n, alpha: 1, a: masked.baseAddress!, lda: n,
                   b: a, ldb: n, beta: 1, c: products.baseAddress!, ldc: n)
        }
    }

    /// The slow-point search's step for the map x ↦ relu(x·A + c), fused: returns Σ G² with
    /// G = relu(x·A + c) − x, and writes scale·(∂G/∂x)ᵀ·G = (u ∘ M)·Aᵀ − u (u = scale·G) into `gradient`.
    /// A ReLU flow dx/dt = relu(x·A + c) − x has the same G and may forward to it as well.
    ///
    /// Where ``VectorKernels/runFusedReLUGradient(dimension:)`` allows (AVX2/FMA CPU, n a multiple of
    /// 8 up to 96), one hand-written kernel does everything tile by tile in registers, in single or
    /// double precision; elsewhere two OpenBLAS gemms with one elementwise pass between do it. Both compute the same sums in different orders, so they agree to rounding.
    ///
    /// - Parameters:
    ///   - scratch: at least `rows × n` values.
    /// - Complexity: O(rows · n²); no allocation.
    @inlinable
    @_specialize(where S == Float)
    @_specialize(where S == Double)
    public func slowPointGradient<S: BLASScalar>(
        _ states: UnsafeBufferPointer<S>, rows: Int, scale: S,
        scratch: UnsafeMutableBufferPointer<S>, into gradient: UnsafeMutableBufferPointer<S>
    ) -> Double {
        // Each path checks the buffers itself.
        if (S.self == Float.self || S.self == Double.self) && VectorKernels.runFusedReLUGradient(dimension: dimension) {
            return vectorSlowPointGradient(states, rows: rows, scale: scale, scratch: scratch, into: gradient)
        }
        return blasFusedSlowPointGradient(states, rows: rows, scale: scale, scratch: scratch, into: gradient)
    }

    /// ``slowPointGradient(_:rows:scale:scratch:into:)`` with OpenBLAS, in any precision: one
    /// elementwise pass sits between the two gemms where the composed default has four. It rectifies,
    /// forms G, sums G², writes u ∘ M over the product (no longer needed) and −u into `gradient`,
    /// which the second gemm then accumulates into (β = 1): the baseline benchmarks compare the
    /// vector kernel with.
    ///
    /// - Complexity: two gemms, O(rows · n²); no allocation.
    @_spi(Benchmarks)
    public func blasSlowPointGradient<S: BLASScalar>(
        _ states: UnsafeBufferPointer<S>, rows: Int, scale: S,
        scratch: UnsafeMutableBufferPointer<S>, into gradient: UnsafeMutableBufferPointer<S>
    ) -> Double {
        blasFusedSlowPointGradient(states, rows: rows, scale: scale, scratch: scratch, into: gradient)
    }

    /// The OpenBLAS path of ``slowPointGradient(_:rows:scale:scratch:into:)``.
    ///
    /// - Complexity: two gemms, O(rows · n²); no allocation.
    @inlinable
    func blasFusedSlowPointGradient<S: BLASScalar>(
        _ states: UnsafeBufferPointer<S>, rows: Int, scale: S,
        scratch: UnsafeMutableBufferPointer<S>, into gradient: UnsafeMutableBufferPointer<S>
    ) -> Double {
        let n = dimension
        let count = rows * n
        precondition(scratch.count >= count && gradient.count >= count && states.count >= count, "slowPointGradient: buffers too small for \(rows) rows")
        let y = scratch.baseAddress!
        withParameters(as: S.self) { a, c in
            for r in 0..<rows { (y + r * n).update(from: c, count: n) }
            S.gemm(transposeA: false, transposeB: false, m: rows, n: n, k: n, alpha: 1, a: states.baseAddress!, lda: n,
                   b: a, ldb: n, beta: 1, c: y, ldc: n)
        }
        let sum = ReLUAffineLayer.residualPass(product: y, states: states.baseAddress!, negatedCotangents: gradient.baseAddress!, count: count, scale: scale)
        withParameters(as: S.self) { a, _ in
            S.gemm(transposeA: false, transposeB: true, m: rows, n: n, k: n, alpha: 1, a: y, lda: n,
                   b: a, ldb: n, beta: 1, c: gradient.baseAddress!, ldc: n)
        }
        return sum
    }

    /// With y = x·A + c on entry in `product`: G = relu(y) − x, returns Σ G², writes
    /// `negatedCotangents` = −scale·G and `product` = scale·G ∘ [y > 0]. Eight lanes at a time; the
    /// pattern is a bit mask (see ``positiveLanes(_:)``) applied with a bitwise and.
    @inlinable
    static func residualPass<S: BLASScalar>(
        product y: UnsafeMutablePointer<S>, states x: UnsafePointer<S>, negatedCotangents g: UnsafeMutablePointer<S>, count: Int, scale: S
    ) -> Double {
        typealias Bits = SIMD8<S.SIMDMaskScalar>
        @inline(__always) func masked(_ v: SIMD8<S>, _ active: Bits) -> SIMD8<S> {
            unsafeBitCast(unsafeBitCast(v, to: Bits.self) & active, to: SIMD8<S>.self)
        }
        /// All ones in the lanes where v > 0, zeros elsewhere, from integer operations only: generic
        /// code gets SIMD's lane-by-lane comparison, which does not vectorize, where the integer
        /// operations do. A positive float's bit pattern b is a positive integer, so −b and ¬b both
        /// have the sign bit set exactly when b > 0 (+0, negatives and −0 give 0); an arithmetic shift
        /// spreads that bit over the lane. (A NaN with the sign bit clear counts as positive; it makes
        /// the objective NaN either way.)
        @inline(__always) func positiveLanes(_ v: SIMD8<S>) -> Bits {
            let b = unsafeBitCast(v, to: Bits.self)
            return ((Bits() &- b) & ~b) &>> S.SIMDMaskScalar(S.SIMDMaskScalar.bitWidth - 1)
        }
        var lanes = SIMD8<S>()
        var k = 0
        while k + 8 <= count {
            let yk = UnsafeRawPointer(y + k).loadUnaligned(as: SIMD8<S>.self)
            let active = positiveLanes(yk)
            let r = masked(yk, active) - UnsafeRawPointer(x + k).loadUnaligned(as: SIMD8<S>.self)
            lanes += r * r
            let u = scale * r
            UnsafeMutableRawPointer(y + k).storeBytes(of: masked(u, active), as: SIMD8<S>.self)
            UnsafeMutableRawPointer(g + k).storeBytes(of: -u, as: SIMD8<S>.self)
            k += 8
        }
        var sum = 0.0
        for lane in 0..<8 { sum += lanes[lane].primalValue }
        while k < count {
            let active = y[k] > 0
            let r = (active ? y[k] : 0) - x[k]
            sum += (r * r).primalValue
            let u = scale * r
            y[k] = active ? u : 0
            g[k] = -u
            k += 1
        }
        return sum
    }

    /// `x ← max(x, 0)` over `count` elements. `max` compiles to a select, which vectorizes; a branch
    /// would mispredict half the time, since the pattern is close to random.
    @inlinable
    static func rectify<S: BLASScalar>(_ x: UnsafeMutableBufferPointer<S>, count: Int) {
        let p = x.baseAddress!
        for k in 0..<count { p[k] = Swift.max(p[k], 0) }
    }

    /// `masked ← cotangents ∘ [values > 0]`, as a select (see ``rectify(_:count:)``).
    @inlinable
    static func mask<S: BLASScalar>(
        _ cotangents: UnsafeBufferPointer<S>, by values: UnsafeBufferPointer<S>, into masked: UnsafeMutableBufferPointer<S>, count: Int
    ) {
        let (u, y, out) = (cotangents.baseAddress!, values.baseAddress!, masked.baseAddress!)
        for k in 0..<count {
            let (uk, yk) = (u[k], y[k])   // both loaded unconditionally, so the choice is a select
            out[k] = yk > 0 ? uk : 0
        }
    }
}
