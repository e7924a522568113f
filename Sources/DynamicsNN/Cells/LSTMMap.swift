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
    /// d = W_ih·u + b_ih (4H), in both precisions.
    @usableFromInline let drive: TwoPrecisionValues
    /// W_hh in both precisions.
    @usableFromInline let recurrentWeights: TwoPrecisionValues

    /// The LSTM `cell` under the constant input `input`.
    ///
    /// - Complexity: O(H·(H + I)).
    public init(cell: LSTMCell, input: [Double]) {
        precondition(input.count == cell.parameterCount, "LSTMMap: \(input.count) inputs, the cell has \(cell.parameterCount)")
        self.cell = cell
        self.input = input
        drive = TwoPrecisionValues(cell.weights.inputDrive(for: input))
        recurrentWeights = TwoPrecisionValues(cell.weights.recurrentWeights.elements)
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
        var result = Matrix(rows: m, columns: m)
        cell.weights.recurrentWeights.elements.withUnsafeBufferPointer { w in
            result.elements.withUnsafeMutableBufferPointer { j in
                for k in 0..<n {
                    let gate = gates(a, at: k)
                    let c = state[n + k]
                    let t = Double.tanh(gate.f * c + gate.i * gate.g)
                    let (viaI, viaF, viaG) = (gate.g * gate.i * (1 - gate.i), c * gate.f * (1 - gate.f), gate.i * (1 - gate.g * gate.g))
                    let (viaO, throughC) = (t * gate.o * (1 - gate.o), gate.o * (1 - t * t))
                    // Rows k (h'ₖ) and n + k (c'ₖ) of J; rows k, n + k, 2n + k, 3n + k of W_hh.
                    let (hRow, cRow) = ((k) * m, (n + k) * m)
                    let (wi, wf, wg, wo) = (k * n, (n + k) * n, (2 * n + k) * n, (3 * n + k) * n)
                    for col in 0..<n {
                        let dc = viaI * w[wi + col] + viaF * w[wf + col] + viaG * w[wg + col]
                        j[cRow + col] = dc
                        j[hRow + col] = viaO * w[wo + col] + throughC * dc
                    }
                    j[cRow + n + k] = gate.f
                    j[hRow + n + k] = throughC * gate.f
                }
            }
        }
        return result
    }

    /// The four gates of unit k from the recurrent part `a` (4H), by the scalar functions (one state:
    /// the Jacobian).
    func gates(_ a: [Double], at k: Int) -> (i: Double, f: Double, g: Double, o: Double) {
        let n = hidden
        return (sigmoid(drive.double[k] + a[k]), sigmoid(drive.double[n + k] + a[n + k]),
                Double.tanh(drive.double[2 * n + k] + a[2 * n + k]), sigmoid(drive.double[3 * n + k] + a[3 * n + k]))
    }

    /// A = h·W_hhᵀ + b_hh into `gates` (rows × 4H) from rows [h; c]: one gemm over the h halves.
    @inlinable
    func recurrentGates<S: BLASScalar>(_ states: UnsafeBufferPointer<S>, rows: Int, into gates: UnsafeMutablePointer<S>) {
        let n = hidden
        let bias = cell.weights.recurrentBias
        for r in 0..<rows { for k in 0..<(4 * n) { gates[r * 4 * n + k] = S(bias[k]) } }
        recurrentWeights.withValues(as: S.self) { w in
            S.gemm(transposeA: false, transposeB: true, m: rows, n: 4 * n, k: n, alpha: 1, a: states.baseAddress!, lda: 2 * n,
                   b: w, ldb: n, beta: 1, c: gates, ldc: 4 * n)
        }
    }

    /// `products[h part] += dA·W_hh` for rows of stride 2H: one gemm.
    @inlinable
    func backward<S: BLASScalar>(_ dA: UnsafeMutablePointer<S>, rows: Int, onto products: UnsafeMutablePointer<S>) {
        let n = hidden
        recurrentWeights.withValues(as: S.self) { w in
            S.gemm(transposeA: false, transposeB: false, m: rows, n: n, k: 4 * n, alpha: 1, a: dA, lda: 4 * n,
                   b: w, ldb: n, beta: 1, c: products, ldc: 2 * n)
        }
    }

    /// Runs `body` on every row after one gemm: the row `a` (4H) holds the gates [i, f, g, o], `next`
    /// (H) holds c' = f ∘ c + i ∘ g and `t` (H) holds tanh(c'); `body` may overwrite all three. The
    /// activations go through ``Activation/apply(_:count:)`` a row at a time (vectorised).
    ///
    /// - Complexity: one gemm, O(rows·H²); `gates` holds rows × 4H.
    @inlinable
    func forEachRowOfGates<S: BLASScalar>(
        _ states: UnsafeBufferPointer<S>, rows: Int, into gates: UnsafeMutablePointer<S>,
        _ body: (_ row: Int, _ a: UnsafeMutablePointer<S>, _ next: UnsafeMutablePointer<S>, _ t: UnsafeMutablePointer<S>) -> Void
    ) {
        let n = hidden
        recurrentGates(states, rows: rows, into: gates)
        let buffer = UnsafeMutablePointer<S>.allocate(capacity: 2 * n)
        defer { buffer.deallocate() }
        let (next, t, x) = (buffer, buffer + n, states.baseAddress!)
        drive.withValues(as: S.self) { drive in
            for row in 0..<rows {
                let (a, c) = (gates + row * 4 * n, x + row * 2 * n + n)
                for k in 0..<(4 * n) { a[k] += drive[k] }
                Activation.sigmoid.apply(a, count: 2 * n)
                Activation.tanh.apply(a + 2 * n, count: n)
                Activation.sigmoid.apply(a + 3 * n, count: n)
                for k in 0..<n {
                    next[k] = a[n + k] * c[k] + a[k] * a[2 * n + k]
                    t[k] = next[k]
                }
                Activation.tanh.apply(t, count: n)
                body(row, a, next, t)
            }
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
        let gates = UnsafeMutablePointer<S>.allocate(capacity: rows * 4 * n)
        defer { gates.deallocate() }
        let out = values.baseAddress!
        forEachRowOfGates(states, rows: rows, into: gates) { row, a, next, t in
            let y = out + row * 2 * n
            for k in 0..<n {
                y[k] = a[3 * n + k] * t[k]
                y[n + k] = next[k]
            }
        }
    }

    /// The pullback of one row's cotangents (uh, uc) at unit k: writes dA into `a` in place (which held
    /// the activated gates) and returns the part that reaches c, dc'·f.
    @inlinable
    func pullback<S: BLASScalar>(unit k: Int, cell c: S, uh: S, uc: S, gates a: UnsafeMutablePointer<S>, t: S) -> S {
        let n = hidden
        let (i, f, g, o) = (a[k], a[n + k], a[2 * n + k], a[3 * n + k])
        let dc = uc + uh * o * (1 - t * t)
        a[k] = dc * g * i * (1 - i)
        a[n + k] = dc * c * f * (1 - f)
        a[2 * n + k] = dc * i * (1 - g * g)
        a[3 * n + k] = uh * t * o * (1 - o)
        return dc * f
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
        let gates = UnsafeMutablePointer<S>.allocate(capacity: rows * 4 * n)
        defer { gates.deallocate() }
        let (x, u, out) = (states.baseAddress!, cotangents.baseAddress!, products.baseAddress!)
        forEachRowOfGates(states, rows: rows, into: gates) { row, a, _, t in
            let offset = row * 2 * n
            for k in 0..<n {
                out[offset + k] = 0
                out[offset + n + k] = pullback(unit: k, cell: x[offset + n + k], uh: u[offset + k], uc: u[offset + n + k], gates: a, t: t[k])
            }
        }
        backward(gates, rows: rows, onto: out)
    }

    /// The slow-point search's step, fused: one forward gemm, the gates once, Σ G², the pullback of
    /// u = scale·G, one backward gemm, minus u. The gates live in `scratch` (2 × rows × 2H = rows × 4H).
    ///
    /// - Complexity: two gemms, O(rows·H²); one buffer of 2H.
    @inlinable
    @_specialize(where S == Float)
    @_specialize(where S == Double)
    public func slowPointGradientBatch<S: BLASScalar>(
        _ states: UnsafeBufferPointer<S>, rows: Int, scale: S,
        scratch: UnsafeMutableBufferPointer<S>, into gradient: UnsafeMutableBufferPointer<S>
    ) -> Double {
        let n = hidden
        let gates = scratch.baseAddress!
        let (x, out) = (states.baseAddress!, gradient.baseAddress!)
        var sum = 0.0
        forEachRowOfGates(states, rows: rows, into: gates) { row, a, next, t in
            let offset = row * 2 * n
            var rowSum = S(0)
            for k in 0..<n {
                let (h, c) = (x[offset + k], x[offset + n + k])
                let (gh, gc) = (a[3 * n + k] * t[k] - h, next[k] - c)
                rowSum += gh * gh + gc * gc
                let (uh, uc) = (scale * gh, scale * gc)
                out[offset + k] = -uh
                out[offset + n + k] = pullback(unit: k, cell: c, uh: uh, uc: uc, gates: a, t: t[k]) - uc
            }
            sum += rowSum.primalValue
        }
        backward(gates, rows: rows, onto: out)
        return sum
    }
}

extension LSTMCell {
    /// The cell under a constant input, with batched BLAS kernels (see ``LSTMMap``).
    public func map(input: [Double]) -> LSTMMap { LSTMMap(cell: self, input: input) }
}
