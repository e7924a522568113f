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
    /// gᵢ = W_ih·u + b_ih (3H).
    @usableFromInline let inputDrive: [Double]
    /// W_hh in single precision, converted once.
    @usableFromInline let singleRecurrentWeights: [Float]

    /// The GRU `cell` under the constant input `input`.
    ///
    /// - Complexity: O(H·(H + I)).
    public init(cell: GRUCell, input: [Double]) {
        precondition(input.count == cell.parameterCount, "GRUMap: \(input.count) inputs, the cell has \(cell.parameterCount)")
        self.cell = cell
        self.input = input
        inputDrive = cell.weights.inputDrive(for: input)
        singleRecurrentWeights = cell.weights.recurrentWeights.elements.map(Float.init)
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
        let w = cell.weights.recurrentWeights
        var result = Matrix(rows: n, columns: n)
        for i in 0..<n {
            let r = sigmoid(inputDrive[i] + gates[i]), z = sigmoid(inputDrive[n + i] + gates[n + i])
            let candidate = Double.tanh(inputDrive[2 * n + i] + r * gates[2 * n + i])
            let viaZ = (h[i] - candidate) * z * (1 - z)
            let viaN = (1 - z) * (1 - candidate * candidate)
            let viaR = viaN * gates[2 * n + i] * r * (1 - r)
            for j in 0..<n { result[i, j] = viaR * w[i, j] + viaZ * w[n + i, j] + viaN * r * w[2 * n + i, j] }
            result[i, i] += z
        }
        return result
    }

    /// A = states·W_hhᵀ + b_hh into `gates` (rows × 3H): one gemm.
    @inlinable
    func recurrentGates<S: BLASScalar>(_ states: UnsafeBufferPointer<S>, rows: Int, into gates: UnsafeMutablePointer<S>) {
        let n = dimension
        let bias = cell.weights.recurrentBias
        for r in 0..<rows { for k in 0..<(3 * n) { gates[r * 3 * n + k] = S(bias[k]) } }
        withRecurrentWeights(as: S.self) { w in
            S.gemm(transposeA: false, transposeB: true, m: rows, n: 3 * n, k: n, alpha: 1, a: states.baseAddress!, lda: n,
                   b: w, ldb: n, beta: 1, c: gates, ldc: 3 * n)
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

    /// h' for every row: one gemm and the gate arithmetic.
    @inlinable
    @_specialize(where S == Float)
    @_specialize(where S == Double)
    public func evaluateBatch<S: BLASScalar>(_ states: UnsafeBufferPointer<S>, rows: Int, into values: UnsafeMutableBufferPointer<S>) {
        let n = dimension
        let gates = UnsafeMutablePointer<S>.allocate(capacity: rows * 3 * n)
        defer { gates.deallocate() }
        recurrentGates(states, rows: rows, into: gates)
        for row in 0..<rows {
            let a = gates + row * 3 * n
            for i in 0..<n {
                let r = sigmoid(S(inputDrive[i]) + a[i])
                let z = sigmoid(S(inputDrive[n + i]) + a[n + i])
                let candidate = S.tanh(S(inputDrive[2 * n + i]) + r * a[2 * n + i])
                values[row * n + i] = (1 - z) * candidate + z * states[row * n + i]
            }
        }
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
        recurrentGates(states, rows: rows, into: gates)
        for row in 0..<rows {
            let a = gates + row * 3 * n
            for i in 0..<n {
                let u = cotangents[row * n + i], h = states[row * n + i]
                let r = sigmoid(S(inputDrive[i]) + a[i])
                let z = sigmoid(S(inputDrive[n + i]) + a[n + i])
                let recurrentCandidate = a[2 * n + i]
                let candidate = S.tanh(S(inputDrive[2 * n + i]) + r * recurrentCandidate)
                let dPre = u * (1 - z) * (1 - candidate * candidate)
                products[row * n + i] = u * z
                // a now receives dA, in place.
                a[i] = dPre * recurrentCandidate * r * (1 - r)
                a[n + i] = u * (h - candidate) * z * (1 - z)
                a[2 * n + i] = dPre * r
            }
        }
        withRecurrentWeights(as: S.self) { w in
            S.gemm(transposeA: false, transposeB: false, m: rows, n: n, k: 3 * n, alpha: 1, a: gates, lda: 3 * n,
                   b: w, ldb: n, beta: 1, c: products.baseAddress!, ldc: n)
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
        recurrentGates(states, rows: rows, into: gates)
        var sum = 0.0
        for row in 0..<rows {
            let a = gates + row * 3 * n
            var rowSum = S(0)
            for i in 0..<n {
                let h = states[row * n + i]
                let r = sigmoid(S(inputDrive[i]) + a[i])
                let z = sigmoid(S(inputDrive[n + i]) + a[n + i])
                let recurrentCandidate = a[2 * n + i]
                let candidate = S.tanh(S(inputDrive[2 * n + i]) + r * recurrentCandidate)
                let g = (1 - z) * candidate + z * h - h
                rowSum += g * g
                let u = scale * g
                let dPre = u * (1 - z) * (1 - candidate * candidate)
                gradient[row * n + i] = u * z - u
                a[i] = dPre * recurrentCandidate * r * (1 - r)
                a[n + i] = u * (h - candidate) * z * (1 - z)
                a[2 * n + i] = dPre * r
            }
            sum += rowSum.primalValue
        }
        withRecurrentWeights(as: S.self) { w in
            S.gemm(transposeA: false, transposeB: false, m: rows, n: n, k: 3 * n, alpha: 1, a: gates, lda: 3 * n,
                   b: w, ldb: n, beta: 1, c: gradient.baseAddress!, ldc: n)
        }
        return sum
    }
}

extension GRUCell {
    /// The cell under a constant input, with batched BLAS kernels (see ``GRUMap``).
    public func map(input: [Double]) -> GRUMap { GRUMap(cell: self, input: input) }
}
