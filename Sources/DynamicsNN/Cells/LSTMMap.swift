import Dynamics

/// An LSTM at a fixed input with batched BLAS kernels. Rows are states [h; c] (2H values); with
/// A = h·W_hhᵀ + b_hh (rows × 4H, one gemm) and the input part d = W_ih·u + b_ih computed once:
///
///     i = σ(dⁱ + Aⁱ), f = σ(dᶠ + Aᶠ), g = tanh(dᵍ + Aᵍ), o = σ(dᵒ + Aᵒ)
///     c' = f ∘ c + i ∘ g,   h' = o ∘ tanh(c')
///
/// and for cotangents (U_h, U_c) on (h', c') the pullback, by the chain rule through each gate
/// (t = tanh(c')):
///
///     dc' = U_c + U_h ∘ o ∘ (1 − t²),  do = U_h ∘ t
///     dAⁱ = dc' ∘ g ∘ i(1 − i),  dAᶠ = dc' ∘ c ∘ f(1 − f),  dAᵍ = dc' ∘ i ∘ (1 − g²),  dAᵒ = do ∘ o(1 − o)
///     to h: [dAⁱ dAᶠ dAᵍ dAᵒ]·W_hh      (one gemm);   to c: dc' ∘ f
///
/// The slow-point step is fused: G = [h' − h; c' − c], Σ G², the pullback of u = scale·G minus u.
/// `step` stays the cell's generic one, so every kernel is checked against dual numbers and reverse
/// mode in the tests.
public struct LSTMMap: DiscreteMap, SlowPointGradientKernel, Sendable {
    /// The cell.
    public let cell: LSTMCell
    /// The input u.
    public let input: [Double]
    /// d = W_ih·u + b_ih (4H).
    @usableFromInline let inputDrive: [Double]
    /// W_hh in single precision, converted once.
    @usableFromInline let singleRecurrentWeights: [Float]

    /// The LSTM `cell` under the constant input `input`.
    ///
    /// - Complexity: O(H·(H + I)).
    public init(cell: LSTMCell, input: [Double]) {
        precondition(input.count == cell.parameterCount, "LSTMMap: \(input.count) inputs, the cell has \(cell.parameterCount)")
        self.cell = cell
        self.input = input
        inputDrive = cell.weights.inputDrive(for: input)
        singleRecurrentWeights = cell.weights.recurrentWeights.elements.map(Float.init)
    }

    /// 2H.
    public var dimension: Int { cell.dimension }
    /// H.
    @inlinable var hidden: Int { cell.weights.hidden }

    /// The cell's generic update at `input`.
    @inlinable
    public func step<T: DynamicsScalar>(_ state: [T]) -> [T] { cell.step(state, parameters: input.map { T($0) }) }

    /// Analytic, from the chain rule through the gates (t = tanh(c'), σ' = σ(1 − σ)):
    ///
    ///     ∂c'ᵢ/∂hⱼ = cᵢ·fᵢ(1 − fᵢ)·W_f[i, j] + gᵢ·iᵢ(1 − iᵢ)·W_i[i, j] + iᵢ(1 − gᵢ²)·W_g[i, j],  ∂c'ᵢ/∂cⱼ = fᵢ·δᵢⱼ
    ///     ∂h'ᵢ/∂hⱼ = tᵢ·oᵢ(1 − oᵢ)·W_o[i, j] + oᵢ(1 − tᵢ²)·∂c'ᵢ/∂hⱼ,            ∂h'ᵢ/∂cⱼ = oᵢ(1 − tᵢ²)·fᵢ·δᵢⱼ
    ///
    /// - Complexity: O(H²), against 2H/8 passes of the generic step for the dual-number default.
    public func jacobian(at state: [Double]) -> Matrix {
        let (n, m) = (hidden, dimension)
        var a = [Double](repeating: 0, count: 4 * n)
        state.withUnsafeBufferPointer { x in a.withUnsafeMutableBufferPointer { recurrentGates(x, rows: 1, into: $0.baseAddress!) } }
        let w = cell.weights.recurrentWeights
        var result = Matrix(rows: m, columns: m)
        for k in 0..<n {
            let gate = gates(a, at: k)
            let c = state[n + k]
            let t = Double.tanh(gate.f * c + gate.i * gate.g)
            let (viaI, viaF, viaG) = (gate.g * gate.i * (1 - gate.i), c * gate.f * (1 - gate.f), gate.i * (1 - gate.g * gate.g))
            let (viaO, throughC) = (t * gate.o * (1 - gate.o), gate.o * (1 - t * t))
            for j in 0..<n {
                let dc = viaI * w[k, j] + viaF * w[n + k, j] + viaG * w[2 * n + k, j]
                result[n + k, j] = dc
                result[k, j] = viaO * w[3 * n + k, j] + throughC * dc
            }
            result[n + k, n + k] = gate.f
            result[k, n + k] = throughC * gate.f
        }
        return result
    }

    /// The four gates of unit k from the recurrent part `a` (4H).
    @inlinable
    func gates<S: BLASScalar>(_ a: UnsafePointer<S>, at k: Int) -> (i: S, f: S, g: S, o: S) {
        let n = hidden
        return (sigmoid(S(inputDrive[k]) + a[k]), sigmoid(S(inputDrive[n + k]) + a[n + k]),
                S.tanh(S(inputDrive[2 * n + k]) + a[2 * n + k]), sigmoid(S(inputDrive[3 * n + k]) + a[3 * n + k]))
    }

    @inlinable
    func gates(_ a: [Double], at k: Int) -> (i: Double, f: Double, g: Double, o: Double) {
        a.withUnsafeBufferPointer { gates($0.baseAddress!, at: k) }
    }

    /// A = h·W_hhᵀ + b_hh into `gates` (rows × 4H) from rows [h; c]: one gemm over the h halves.
    @inlinable
    func recurrentGates<S: BLASScalar>(_ states: UnsafeBufferPointer<S>, rows: Int, into gates: UnsafeMutablePointer<S>) {
        let n = hidden
        let bias = cell.weights.recurrentBias
        for r in 0..<rows { for k in 0..<(4 * n) { gates[r * 4 * n + k] = S(bias[k]) } }
        withRecurrentWeights(as: S.self) { w in
            S.gemm(transposeA: false, transposeB: true, m: rows, n: 4 * n, k: n, alpha: 1, a: states.baseAddress!, lda: 2 * n,
                   b: w, ldb: n, beta: 1, c: gates, ldc: 4 * n)
        }
    }

    /// W_hh in precision S without converting per call.
    @inlinable
    func withRecurrentWeights<S: BLASScalar, R>(as: S.Type, _ body: (UnsafePointer<S>) -> R) -> R {
        if S.self == Float.self {
            return singleRecurrentWeights.withUnsafeBufferPointer { body(UnsafeRawPointer($0.baseAddress!).assumingMemoryBound(to: S.self)) }
        }
        return cell.weights.recurrentWeights.withElements(as: S.self, body)
    }

    /// `products[h part] += dA·W_hh` for rows of stride 2H: one gemm.
    @inlinable
    func backward<S: BLASScalar>(_ dA: UnsafeMutablePointer<S>, rows: Int, onto products: UnsafeMutablePointer<S>) {
        let n = hidden
        withRecurrentWeights(as: S.self) { w in
            S.gemm(transposeA: false, transposeB: false, m: rows, n: n, k: 4 * n, alpha: 1, a: dA, lda: 4 * n,
                   b: w, ldb: n, beta: 1, c: products, ldc: 2 * n)
        }
    }

    /// [h'; c'] for every row.
    ///
    /// - Complexity: one gemm, O(rows·H²); one buffer of rows × 4H.
    @inlinable
    @_specialize(where S == Float)
    @_specialize(where S == Double)
    public func evaluateBatch<S: BLASScalar>(_ states: UnsafeBufferPointer<S>, rows: Int, into values: UnsafeMutableBufferPointer<S>) {
        let n = hidden
        let a = UnsafeMutablePointer<S>.allocate(capacity: rows * 4 * n)
        defer { a.deallocate() }
        recurrentGates(states, rows: rows, into: a)
        for row in 0..<rows {
            let x = row * 2 * n
            for k in 0..<n {
                let gate = gates(UnsafePointer(a + row * 4 * n), at: k)
                let c = gate.f * states[x + n + k] + gate.i * gate.g
                values[x + n + k] = c
                values[x + k] = gate.o * S.tanh(c)
            }
        }
    }

    /// The pullback of one row's cotangents (uh, uc) at unit k: writes dA into `a` in place (which held
    /// the recurrent gates) and returns the part that reaches c, dc'·f.
    @inlinable
    func pullback<S: BLASScalar>(unit k: Int, cell c: S, uh: S, uc: S, gates a: UnsafeMutablePointer<S>) -> S {
        let n = hidden
        let gate = gates(UnsafePointer(a), at: k)
        let t = S.tanh(gate.f * c + gate.i * gate.g)
        let dc = uc + uh * gate.o * (1 - t * t)
        a[k] = dc * gate.g * gate.i * (1 - gate.i)
        a[n + k] = dc * c * gate.f * (1 - gate.f)
        a[2 * n + k] = dc * gate.i * (1 - gate.g * gate.g)
        a[3 * n + k] = uh * t * gate.o * (1 - gate.o)
        return dc * gate.f
    }

    /// Uᵀ·∂[h'; c']/∂[h; c] for every row.
    ///
    /// - Complexity: two gemms, O(rows·H²); one buffer of rows × 4H.
    @inlinable
    @_specialize(where S == Float)
    @_specialize(where S == Double)
    public func vectorJacobianProductsBatch<S: BLASScalar>(
        states: UnsafeBufferPointer<S>, values: UnsafeBufferPointer<S>, cotangents: UnsafeBufferPointer<S>,
        rows: Int, into products: UnsafeMutableBufferPointer<S>
    ) {
        let n = hidden
        let a = UnsafeMutablePointer<S>.allocate(capacity: rows * 4 * n)
        defer { a.deallocate() }
        recurrentGates(states, rows: rows, into: a)
        for row in 0..<rows {
            let x = row * 2 * n
            for k in 0..<n {
                products[x + k] = 0
                products[x + n + k] = pullback(
                    unit: k, cell: states[x + n + k], uh: cotangents[x + k], uc: cotangents[x + n + k], gates: a + row * 4 * n)
            }
        }
        backward(a, rows: rows, onto: products.baseAddress!)
    }

    /// The slow-point search's step, fused: one forward gemm, the gates once, Σ G², the pullback of
    /// u = scale·G, one backward gemm, minus u. The gates live in `scratch` (2 × rows × 2H = rows × 4H).
    ///
    /// - Complexity: two gemms, O(rows·H²); no allocation.
    @inlinable
    @_specialize(where S == Float)
    @_specialize(where S == Double)
    public func slowPointGradientBatch<S: BLASScalar>(
        _ states: UnsafeBufferPointer<S>, rows: Int, scale: S,
        scratch: UnsafeMutableBufferPointer<S>, into gradient: UnsafeMutableBufferPointer<S>
    ) -> Double {
        let n = hidden
        let a = scratch.baseAddress!
        recurrentGates(states, rows: rows, into: a)
        var sum = 0.0
        for row in 0..<rows {
            let (x, gatesOfRow) = (row * 2 * n, a + row * 4 * n)
            var rowSum = S(0)
            for k in 0..<n {
                let (h, c) = (states[x + k], states[x + n + k])
                let gate = gates(UnsafePointer(gatesOfRow), at: k)
                let next = gate.f * c + gate.i * gate.g
                let (gh, gc) = (gate.o * S.tanh(next) - h, next - c)
                rowSum += gh * gh + gc * gc
                let (uh, uc) = (scale * gh, scale * gc)
                gradient[x + k] = -uh
                gradient[x + n + k] = pullback(unit: k, cell: c, uh: uh, uc: uc, gates: gatesOfRow) - uc
            }
            sum += rowSum.primalValue
        }
        backward(a, rows: rows, onto: gradient.baseAddress!)
        return sum
    }
}

extension LSTMCell {
    /// The cell under a constant input, with batched BLAS kernels (see ``LSTMMap``).
    public func map(input: [Double]) -> LSTMMap { LSTMMap(cell: self, input: input) }
}
