import Dynamics

/// The RNN's hidden dynamics under a constant input, F(h) = relu((1 − α)·h + α·(h·W_rr + c)) with
/// c = x·W_ir + b_rr, as a ``DiscreteMap`` (states are row vectors h).
///
/// F is piecewise affine: with the activation pattern m = [F(h) > 0] its Jacobian is
/// J = diag(m)·((1 − α)·I + α·W_rrᵀ) (J[i, j] = ∂F_i/∂h_j). The overrides below use that: an analytic
/// Jacobian, and batched evaluation and vector-Jacobian products as one BLAS product each, in single or
/// double precision. Tests check each against the dual-number default.
public struct RecurrentMap: DiscreteMap, BatchKernelSystem, Sendable {
    /// W_rr (hidden × hidden, row-vector convention).
    public let recurrentWeights: Matrix
    /// c = x·W_ir + b_rr.
    public let drive: [Double]
    /// α.
    public let alpha: Double
    /// W_rr and c in single precision, converted once for the batch kernels.
    @usableFromInline let singleWeights: [Float]
    @usableFromInline let singleDrive: [Float]

    /// The map for given weights, drive and α.
    public init(recurrentWeights: Matrix, drive: [Double], alpha: Double) {
        precondition(recurrentWeights.isSquare && drive.count == recurrentWeights.rows, "RecurrentMap: W_rr must be n x n and the drive of length n")
        self.recurrentWeights = recurrentWeights
        self.drive = drive
        self.alpha = alpha
        singleWeights = recurrentWeights.elements.map(Float.init)
        singleDrive = drive.map(Float.init)
    }

    /// W_rr and c in precision S, without converting per call.
    @inlinable
    func withParameters<S: BLASScalar, R>(as: S.Type, _ body: (UnsafePointer<S>, UnsafePointer<S>) -> R) -> R {
        func cast<T>(_ array: [T], _ inner: (UnsafePointer<S>) -> R) -> R {
            array.withUnsafeBufferPointer { inner(UnsafeRawPointer($0.baseAddress!).assumingMemoryBound(to: S.self)) }
        }
        if S.self == Float.self { return cast(singleWeights) { w in cast(singleDrive) { c in body(w, c) } } }
        if S.self == Double.self { return cast(recurrentWeights.elements) { w in cast(drive) { c in body(w, c) } } }
        return recurrentWeights.withElements(as: S.self) { w in drive.map { S($0) }.withUnsafeBufferPointer { body(w, $0.baseAddress!) } }
    }

    /// hidden.
    public var dimension: Int { drive.count }

    /// relu((1 − α)·h + α·(h·W_rr + c)).
    @inlinable
    public func step<T: DynamicsScalar>(_ h: [T]) -> [T] {
        let n = dimension
        var drive = self.drive.map { T($0) }
        // h·W_rr row by row (W_rr is row-major), so the inner loop runs over contiguous memory.
        recurrentWeights.elements.withUnsafeBufferPointer { w in
            for j in 0..<n {
                let hj = h[j]
                for i in 0..<n { drive[i] += hj * T(w[j * n + i]) }
            }
        }
        let (a, leak) = (T(alpha), T(1 - alpha))
        for i in 0..<n { drive[i] = relu(leak * h[i] + a * drive[i]) }
        return drive
    }

    /// Analytic: J[i, j] = m_i·((1 − α)·δ_ij + α·W_rr[j, i]).
    public func jacobian(at h: [Double]) -> Matrix {
        let n = dimension
        let value = step(h)
        var result = Matrix(rows: n, columns: n)
        for i in 0..<n where value[i] > 0 {
            for j in 0..<n { result[i, j] = alpha * recurrentWeights[j, i] }
            result[i, i] += 1 - alpha
        }
        return result
    }

    /// Analytic: relu((1 − α)·H + α·(H·W_rr + c)), one gemm in precision S.
    @inlinable
    public func evaluateBatch<S: BLASScalar>(_ states: UnsafeBufferPointer<S>, rows: Int, into values: UnsafeMutableBufferPointer<S>) {
        let n = dimension
        let (a, leak) = (S(alpha), S(1 - alpha))
        withParameters(as: S.self) { w, c in
            S.gemm(transposeA: false, transposeB: false, m: rows, n: n, k: n, alpha: 1, a: states.baseAddress!, lda: n,
                   b: w, ldb: n, beta: 0, c: values.baseAddress!, ldc: n)
            ReLUKernels.leakyUpdate(values: values, states: states, bias: c, rows: rows, columns: n, leak: leak, gain: a)
        }
    }

    /// Analytic: with V = U ∘ M (M = [F(H) > 0]), the products are (1 − α)·V + α·V·W_rrᵀ; one gemm.
    @inlinable
    public func vectorJacobianProductsBatch<S: BLASScalar>(
        states: UnsafeBufferPointer<S>, values: UnsafeBufferPointer<S>, cotangents: UnsafeBufferPointer<S>,
        rows: Int, into products: UnsafeMutableBufferPointer<S>
    ) {
        let n = dimension
        let count = rows * n
        let masked = UnsafeMutableBufferPointer<S>.allocate(capacity: count)
        defer { masked.deallocate() }
        ReLUKernels.mask(cotangents, by: values, into: masked, count: count)
        withParameters(as: S.self) { w, _ in
            S.gemm(transposeA: false, transposeB: true, m: rows, n: n, k: n, alpha: S(alpha), a: masked.baseAddress!, lda: n,
                   b: w, ldb: n, beta: 0, c: products.baseAddress!, ldc: n)
        }
        if alpha != 1 {
            let leak = S(1 - alpha)
            for k in 0..<count { products[k] += leak * masked[k] }
        }
    }
}
