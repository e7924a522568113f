import Dynamics

/// A GRU at a fixed input with batched BLAS kernels: the slow-point search, batched evaluation and
/// vector-Jacobian products run on one matrix product per direction over all states at once instead
/// of on the generic `step` row by row; the search's step is fused (two gemms, the gates computed once).
///
/// With A = H·W_hhᵀ + b_hh (rows × 3H, one gemm) and the input part gᵢ = W_ih·u + b_ih computed once:
///
///     r = σ(gᵢʳ + Aʳ),  z = σ(gᵢᶻ + Aᶻ),  n = tanh(gᵢⁿ + r ∘ Aⁿ),  h' = (1 − z) ∘ n + z ∘ h
///
/// and for a cotangent U the pullback, by the chain rule through each gate,
///
///     dn = U ∘ (1 − z),  dz = U ∘ (h − n),  daⁿ = dn ∘ (1 − n²)
///     dAʳ = daⁿ ∘ Aⁿ ∘ r(1 − r),  dAᶻ = dz ∘ z(1 − z),  dAⁿ = daⁿ ∘ r
///     Uᵀ·∂h'/∂h = U ∘ z + [dAʳ dAᶻ dAⁿ]·W_hh      (one gemm)
///
/// `step` stays the cell's generic one, so every kernel is checked against dual numbers and reverse
/// mode in the tests.
public struct GRUMap: DiscreteMap, SlowPointGradientKernel, Sendable {
    /// The cell.
    public let cell: GRUCell
    /// The input u.
    public let input: [Double]
    /// gᵢ = W_ih·u + b_ih (3H), in both precisions.
    @usableFromInline let drive: TwoPrecisionValues
    /// W_hh in both precisions.
    @usableFromInline let recurrentWeights: TwoPrecisionValues

    /// The GRU `cell` under the constant input `input`.
    ///
    /// - Complexity: O(H·(H + I)).
    public init(cell: GRUCell, input: [Double]) {
        precondition(input.count == cell.parameterCount, "GRUMap: \(input.count) inputs, the cell has \(cell.parameterCount)")
        self.cell = cell
        self.input = input
        drive = TwoPrecisionValues(cell.weights.inputDrive(for: input))
        recurrentWeights = TwoPrecisionValues(cell.weights.recurrentWeights.elements)
    }

    /// H.
    public var dimension: Int { cell.dimension }

    /// The cell's generic update at `input`.
    @inlinable
    public func step<T: DynamicsScalar>(_ h: [T]) -> [T] { cell.step(h, parameters: input.map { T($0) }) }

    /// Analytic: J[i, j] = zᵢ·δᵢⱼ + (hᵢ − nᵢ)·zᵢ(1 − zᵢ)·W_hz[i, j] + (1 − zᵢ)(1 − nᵢ²)·(Aⁿᵢ·rᵢ(1 − rᵢ)·W_hr[i, j]
    /// + rᵢ·W_hn[i, j]), from h' = (1 − z)∘n + z∘h and the chain rule through r, z and n.
    ///
    /// - Complexity: O(H²), against H/8 passes of the generic step for the dual-number default.
    public func jacobian(at h: [Double]) -> Matrix {
        let n = dimension
        var gates = [Double](repeating: 0, count: 3 * n)
        h.withUnsafeBufferPointer { x in gates.withUnsafeMutableBufferPointer { recurrentGates(x, rows: 1, into: $0.baseAddress!) } }
        var result = Matrix(rows: n, columns: n)
        cell.weights.recurrentWeights.elements.withUnsafeBufferPointer { w in
            result.elements.withUnsafeMutableBufferPointer { jacobian in
                for i in 0..<n {
                    let r = sigmoid(drive.double[i] + gates[i]), z = sigmoid(drive.double[n + i] + gates[n + i])
                    let candidate = Double.tanh(drive.double[2 * n + i] + r * gates[2 * n + i])
                    let viaZ = (h[i] - candidate) * z * (1 - z)
                    let viaN = (1 - z) * (1 - candidate * candidate)
                    let viaR = viaN * gates[2 * n + i] * r * (1 - r)
                    let (wr, wz, wn) = (i * n, (n + i) * n, (2 * n + i) * n)
                    for j in 0..<n { jacobian[i * n + j] = viaR * w[wr + j] + viaZ * w[wz + j] + viaN * r * w[wn + j] }
                    jacobian[i * n + i] += z
                }
            }
        }
        return result
    }

    /// A = states·W_hhᵀ + b_hh into `gates` (rows × 3H): one gemm.
    @inlinable
    func recurrentGates<S: BLASScalar>(_ states: UnsafeBufferPointer<S>, rows: Int, into gates: UnsafeMutablePointer<S>) {
        let n = dimension
        let bias = cell.weights.recurrentBias
        for r in 0..<rows { for k in 0..<(3 * n) { gates[r * 3 * n + k] = S(bias[k]) } }
        recurrentWeights.withValues(as: S.self) { w in
            S.gemm(transposeA: false, transposeB: true, m: rows, n: 3 * n, k: n, alpha: 1, a: states.baseAddress!, lda: n,
                   b: w, ldb: n, beta: 1, c: gates, ldc: 3 * n)
        }
    }

    /// Runs `body` on every row of the gates after one gemm: the row `a` (3H) holds [r, z, Aⁿ] and
    /// `candidate` (H) holds n = tanh(gᵢⁿ + r ∘ Aⁿ); `body` may overwrite both. The activations go
    /// through ``Activation/apply(_:count:)`` a row at a time (vectorised).
    ///
    /// - Complexity: one gemm, O(rows·H²); one buffer of rows × 3H.
    @inlinable
    func forEachRowOfGates<S: BLASScalar>(
        _ states: UnsafeBufferPointer<S>, rows: Int, into gates: UnsafeMutablePointer<S>,
        _ body: (_ row: Int, _ a: UnsafeMutablePointer<S>, _ candidate: UnsafeMutablePointer<S>) -> Void
    ) {
        let n = dimension
        recurrentGates(states, rows: rows, into: gates)
        let candidate = UnsafeMutablePointer<S>.allocate(capacity: n)
        defer { candidate.deallocate() }
        drive.withValues(as: S.self) { drive in
            for row in 0..<rows {
                let a = gates + row * 3 * n
                for k in 0..<(2 * n) { a[k] += drive[k] }
                Activation.sigmoid.apply(a, count: 2 * n)
                for i in 0..<n { candidate[i] = drive[2 * n + i] + a[i] * a[2 * n + i] }
                Activation.tanh.apply(candidate, count: n)
                body(row, a, candidate)
            }
        }
    }

    /// h' for every row: one gemm and the gate arithmetic.
    @inlinable
    @_specialize(where S == Float)
    @_specialize(where S == Double)
    public func evaluateBatch<S: BLASScalar>(_ states: UnsafeBufferPointer<S>, rows: Int, into values: UnsafeMutableBufferPointer<S>) {
        let n = dimension
        let gates = UnsafeMutablePointer<S>.allocate(capacity: rows * 3 * n)
        defer { gates.deallocate() }
        let (h, out) = (states.baseAddress!, values.baseAddress!)
        forEachRowOfGates(states, rows: rows, into: gates) { row, a, candidate in
            let (x, y) = (h + row * n, out + row * n)
            for i in 0..<n { y[i] = (1 - a[n + i]) * candidate[i] + a[n + i] * x[i] }
        }
    }

    /// Writes the pullback of cotangent `u` through unit i's gates into `a` in place (dAʳ, dAᶻ, dAⁿ
    /// replace r, z, Aⁿ) and returns the direct part u·z.
    @inlinable
    func pullback<S: BLASScalar>(unit i: Int, state h: S, cotangent u: S, gates a: UnsafeMutablePointer<S>, candidate: S) -> S {
        let n = dimension
        let (r, z, recurrentCandidate) = (a[i], a[n + i], a[2 * n + i])
        let dPre = u * (1 - z) * (1 - candidate * candidate)
        a[i] = dPre * recurrentCandidate * r * (1 - r)
        a[n + i] = u * (h - candidate) * z * (1 - z)
        a[2 * n + i] = dPre * r
        return u * z
    }

    /// Uᵀ·∂h'/∂h for every row: the forward gemm again, the gate derivatives, one gemm back.
    @inlinable
    @_specialize(where S == Float)
    @_specialize(where S == Double)
    public func vectorJacobianProductsBatch<S: BLASScalar>(
        states: UnsafeBufferPointer<S>, values: UnsafeBufferPointer<S>, cotangents: UnsafeBufferPointer<S>,
        rows: Int, into products: UnsafeMutableBufferPointer<S>
    ) {
        let n = dimension
        let gates = UnsafeMutablePointer<S>.allocate(capacity: rows * 3 * n)
        defer { gates.deallocate() }
        let (h, u, out) = (states.baseAddress!, cotangents.baseAddress!, products.baseAddress!)
        forEachRowOfGates(states, rows: rows, into: gates) { row, a, candidate in
            let offset = row * n
            for i in 0..<n {
                out[offset + i] = pullback(unit: i, state: h[offset + i], cotangent: u[offset + i], gates: a, candidate: candidate[i])
            }
        }
        recurrentWeights.withValues(as: S.self) { w in
            S.gemm(transposeA: false, transposeB: false, m: rows, n: n, k: 3 * n, alpha: 1, a: gates, lda: 3 * n,
                   b: w, ldb: n, beta: 1, c: out, ldc: n)
        }
    }
}

extension GRUMap {
    /// The slow-point search's step, fused: one forward gemm, the gates once, Σ G² with G = h' − h,
    /// the pullback of u = scale·G, one backward gemm, minus u (∂G/∂h = ∂h'/∂h − I).
    @inlinable
    @_specialize(where S == Float)
    @_specialize(where S == Double)
    public func slowPointGradientBatch<S: BLASScalar>(
        _ states: UnsafeBufferPointer<S>, rows: Int, scale: S,
        scratch: UnsafeMutableBufferPointer<S>, into gradient: UnsafeMutableBufferPointer<S>
    ) -> Double {
        let n = dimension
        let gates = UnsafeMutablePointer<S>.allocate(capacity: rows * 3 * n)
        defer { gates.deallocate() }
        let (states, out) = (states.baseAddress!, gradient.baseAddress!)
        var sum = 0.0
        forEachRowOfGates(UnsafeBufferPointer(start: states, count: rows * n), rows: rows, into: gates) { row, a, candidate in
            let offset = row * n
            var rowSum = S(0)
            for i in 0..<n {
                let h = states[offset + i]
                let g = (1 - a[n + i]) * candidate[i] + a[n + i] * h - h
                rowSum += g * g
                let u = scale * g
                out[offset + i] = pullback(unit: i, state: h, cotangent: u, gates: a, candidate: candidate[i]) - u
            }
            sum += rowSum.primalValue
        }
        recurrentWeights.withValues(as: S.self) { w in
            S.gemm(transposeA: false, transposeB: false, m: rows, n: n, k: 3 * n, alpha: 1, a: gates, lda: 3 * n,
                   b: w, ldb: n, beta: 1, c: out, ldc: n)
        }
        return sum
    }
}

extension GRUCell {
    /// The cell under a constant input, with batched BLAS kernels (see ``GRUMap``).
    public func map(input: [Double]) -> GRUMap { GRUMap(cell: self, input: input) }
}
