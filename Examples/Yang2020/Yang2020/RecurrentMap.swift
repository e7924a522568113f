import Dynamics
import DynamicsNN

/// The RNN's hidden dynamics under a constant input, F(h) = relu((1 − α)·h + α·(h·W_rr + c)) with
/// c = x·W_ir + b_rr, as a ``DiscreteMap`` (states are row vectors h).
///
/// F is piecewise affine: with the activation pattern m = [F(h) > 0] its Jacobian is
/// J = diag(m)·((1 − α)·I + α·W_rrᵀ) (J[i, j] = ∂F_i/∂h_j). The overrides below use that: an analytic
/// Jacobian, and batched evaluation and vector-Jacobian products as one BLAS product each, in single or
/// double precision. Tests check each against the dual-number default.
public struct RecurrentMap: DiscreteMap, ReLUAffineSystem, Sendable {
    /// W_rr (hidden × hidden, row-vector convention).
    public let recurrentWeights: Matrix
    /// c = x·W_ir + b_rr.
    public let drive: [Double]
    /// α.
    public let alpha: Double
    /// The batch kernels: F(h) = relu(h·A + α·c) with A = (1 − α)·I + α·W_rr.
    public let layer: ReLUAffineLayer
    /// Aᵀ, whose rows the Jacobian copies.
    let jacobianRows: Matrix

    /// The map for given weights, drive and α.
    public init(recurrentWeights: Matrix, drive: [Double], alpha: Double) {
        precondition(recurrentWeights.isSquare && drive.count == recurrentWeights.rows, "RecurrentMap: W_rr must be n x n and the drive of length n")
        self.recurrentWeights = recurrentWeights
        self.drive = drive
        self.alpha = alpha
        var effective = Matrix(rows: drive.count, columns: drive.count, elements: recurrentWeights.elements.map { alpha * $0 })
        for i in 0..<drive.count { effective[i, i] += 1 - alpha }
        layer = ReLUAffineLayer(matrix: effective, offset: drive.map { alpha * $0 })
        jacobianRows = effective.transposed
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

    /// Analytic: J = diag(m)·Aᵀ, J[i, j] = m_i·((1 − α)·δ_ij + α·W_rr[j, i]): row i of J is row i of Aᵀ
    /// where unit i is active, zero elsewhere. The pattern comes from the batch kernel (one gemv).
    public func jacobian(at h: [Double]) -> Matrix {
        let n = dimension
        var value = [Double](repeating: 0, count: n)
        h.withUnsafeBufferPointer { x in value.withUnsafeMutableBufferPointer { layer.evaluate(x, rows: 1, into: $0) } }
        var result = Matrix(rows: n, columns: n)
        for i in 0..<n where value[i] > 0 {
            result.elements.replaceSubrange((i * n)..<((i + 1) * n), with: jacobianRows.elements[(i * n)..<((i + 1) * n)])
        }
        return result
    }
}
