import Dynamics

/// A ``RateRNNCell`` (or ``ElmanCell``) at a fixed input with batched BLAS kernels: on row vectors X
/// (one state per row), with P = X·W_hhᵀ + c and c = W_ih·u + b computed once,
///
///     F(X) = (1 − α)·X + α·φ(P)
///     Uᵀ·∂F/∂X = (1 − α)·U + (α·U ∘ φ'(P))·W_hh          (one gemm)
///
/// and the slow-point gradient fused: G = F(X) − X = α·(φ(P) − X), Σ G², and with u = scale·G the
/// gradient −α·u + (α·u ∘ φ'(P))·W_hh, two gemms in all. With φ = relu and α = 1 the map is a
/// ``ReLUAffineLayer`` (A = W_hhᵀ) and forwards to it, AVX2 kernel included.
///
/// `step` stays the cell's generic one, so every kernel is checked against dual numbers and reverse
/// mode in the tests.
public struct RateRNNMap: DiscreteMap, SlowPointGradientKernel, Sendable {
    /// The cell.
    public let cell: RateRNNCell
    /// The input u.
    public let input: [Double]
    /// c = W_ih·u + b.
    public let drive: [Double]
    /// The ReLU layer when φ = relu and α = 1, else nil.
    public let layer: ReLUAffineLayer?
    /// W_hh in single precision, converted once (general path only).
    @usableFromInline let singleRecurrentWeights: [Float]

    /// The cell under the constant input `input`.
    ///
    /// - Complexity: O(H·(H + I)).
    public init(cell: RateRNNCell, input: [Double]) {
        precondition(input.count == cell.parameterCount, "RateRNNMap: \(input.count) inputs, the cell has \(cell.parameterCount)")
        self.cell = cell
        self.input = input
        let w = cell.inputWeights
        drive = (0..<w.rows).map { i in cell.bias[i] + (0..<w.columns).reduce(0) { $0 + w[i, $1] * input[$1] } }
        if cell.activation == .relu && cell.alpha == 1 {
            layer = ReLUAffineLayer(matrix: cell.recurrentWeights.transposed, offset: drive)
            singleRecurrentWeights = []
        } else {
            layer = nil
            singleRecurrentWeights = cell.recurrentWeights.elements.map(Float.init)
        }
    }

    /// H.
    public var dimension: Int { cell.dimension }

    /// The cell's generic update at `input`.
    @inlinable
    public func step<T: DynamicsScalar>(_ h: [T]) -> [T] { cell.step(h, parameters: input.map { T($0) }) }

    /// Analytic: J = (1 − α)·I + α·diag(φ'(p))·W_hh with p = W_hh·h + c.
    ///
    /// - Complexity: O(H²), against H/8 passes of the generic step for the dual-number default.
    public func jacobian(at h: [Double]) -> Matrix {
        let n = dimension
        var pre = [Double](repeating: 0, count: n)
        h.withUnsafeBufferPointer { x in pre.withUnsafeMutableBufferPointer { preactivations(x, rows: 1, into: $0.baseAddress!) } }
        let (w, alpha) = (cell.recurrentWeights, cell.alpha)
        var result = Matrix(rows: n, columns: n)
        for i in 0..<n {
            let slope = alpha * cell.activation.derivative(output: cell.activation(pre[i]))
            for j in 0..<n { result[i, j] = slope * w[i, j] }
            result[i, i] += 1 - alpha
        }
        return result
    }

    /// P = states·W_hhᵀ + c into `pre` (rows × H): one gemm.
    @inlinable
    func preactivations<S: BLASScalar>(_ states: UnsafeBufferPointer<S>, rows: Int, into pre: UnsafeMutablePointer<S>) {
        let n = dimension
        for r in 0..<rows { for i in 0..<n { pre[r * n + i] = S(drive[i]) } }
        withRecurrentWeights(as: S.self) { w in
            S.gemm(transposeA: false, transposeB: true, m: rows, n: n, k: n, alpha: 1, a: states.baseAddress!, lda: n,
                   b: w, ldb: n, beta: 1, c: pre, ldc: n)
        }
    }

    /// W_hh in precision S without converting per call.
    @inlinable
    func withRecurrentWeights<S: BLASScalar, R>(as: S.Type, _ body: (UnsafePointer<S>) -> R) -> R {
        if S.self == Float.self && !singleRecurrentWeights.isEmpty {
            return singleRecurrentWeights.withUnsafeBufferPointer { body(UnsafeRawPointer($0.baseAddress!).assumingMemoryBound(to: S.self)) }
        }
        return cell.recurrentWeights.withElements(as: S.self, body)
    }

    /// F for every row.
    ///
    /// - Complexity: one gemm, O(rows·H²).
    @inlinable
    @_specialize(where S == Float)
    @_specialize(where S == Double)
    public func evaluateBatch<S: BLASScalar>(_ states: UnsafeBufferPointer<S>, rows: Int, into values: UnsafeMutableBufferPointer<S>) {
        if let layer { return layer.evaluate(states, rows: rows, into: values) }
        let n = dimension
        let (alpha, leak, phi) = (S(cell.alpha), S(1 - cell.alpha), cell.activation)
        preactivations(states, rows: rows, into: values.baseAddress!)
        phi.apply(values.baseAddress!, count: rows * n)
        for k in 0..<(rows * n) { values[k] = leak * states[k] + alpha * values[k] }
    }

    /// Uᵀ·∂F/∂X for every row.
    ///
    /// - Complexity: two gemms (the forward one again, one back), O(rows·H²); one buffer of rows × H.
    @inlinable
    @_specialize(where S == Float)
    @_specialize(where S == Double)
    public func vectorJacobianProductsBatch<S: BLASScalar>(
        states: UnsafeBufferPointer<S>, values: UnsafeBufferPointer<S>, cotangents: UnsafeBufferPointer<S>,
        rows: Int, into products: UnsafeMutableBufferPointer<S>
    ) {
        if let layer { return layer.pullback(values: values, cotangents: cotangents, rows: rows, into: products) }
        let n = dimension
        let pre = UnsafeMutablePointer<S>.allocate(capacity: rows * n)
        defer { pre.deallocate() }
        preactivations(states, rows: rows, into: pre)
        let (alpha, leak, phi) = (S(cell.alpha), S(1 - cell.alpha), cell.activation)
        phi.apply(pre, count: rows * n)
        for k in 0..<(rows * n) {
            pre[k] = alpha * cotangents[k] * phi.derivative(output: pre[k])
            products[k] = leak * cotangents[k]
        }
        backward(pre, rows: rows, onto: products.baseAddress!)
    }

    /// `products += D·W_hh`: one gemm.
    @inlinable
    func backward<S: BLASScalar>(_ d: UnsafeMutablePointer<S>, rows: Int, onto products: UnsafeMutablePointer<S>) {
        let n = dimension
        withRecurrentWeights(as: S.self) { w in
            S.gemm(transposeA: false, transposeB: false, m: rows, n: n, k: n, alpha: 1, a: d, lda: n,
                   b: w, ldb: n, beta: 1, c: products, ldc: n)
        }
    }

    /// The slow-point search's step, fused (see the type's summary); P lives in `scratch`.
    ///
    /// - Complexity: two gemms, O(rows·H²); no allocation.
    @inlinable
    @_specialize(where S == Float)
    @_specialize(where S == Double)
    public func slowPointGradientBatch<S: BLASScalar>(
        _ states: UnsafeBufferPointer<S>, rows: Int, scale: S,
        scratch: UnsafeMutableBufferPointer<S>, into gradient: UnsafeMutableBufferPointer<S>
    ) -> Double {
        if let layer { return layer.slowPointGradient(states, rows: rows, scale: scale, scratch: scratch, into: gradient) }
        let n = dimension
        let pre = scratch.baseAddress!
        preactivations(states, rows: rows, into: pre)
        let (alpha, leak, phi) = (S(cell.alpha), S(1 - cell.alpha), cell.activation)
        phi.apply(pre, count: rows * n)
        var sum = 0.0
        for row in 0..<rows {
            var rowSum = S(0)
            for i in (row * n)..<((row + 1) * n) {
                let y = pre[i]
                let g = leak * states[i] + alpha * y - states[i]
                rowSum += g * g
                let u = scale * g
                gradient[i] = leak * u - u
                pre[i] = alpha * u * phi.derivative(output: y)
            }
            sum += rowSum.primalValue
        }
        backward(pre, rows: rows, onto: gradient.baseAddress!)
        return sum
    }
}
