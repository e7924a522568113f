import Dynamics

/// PyTorch's single-layer `nn.GRU` (gates stacked r | z | n):
///
///     r = σ(W_ir·u + b_ir + W_hr·h + b_hr)
///     z = σ(W_iz·u + b_iz + W_hz·h + b_hz)
///     n = tanh(W_in·u + b_in + r ∘ (W_hn·h + b_hn))
///     h' = (1 − z) ∘ n + z ∘ h
///
/// as a ``ParametricMap`` in the input u. At a fixed point (1 − z) ∘ (n − h) = 0, so h = n and
/// |hᵢ| < 1 wherever zᵢ < 1: a "fixed point" with |hᵢ| > 1 is an escape, where zᵢ rounds to 1 in
/// float64 and the residual vanishes without h being fixed (``escapeReason(at:input:)``).
public struct GRUCell: ParametricMap, Sendable {
    /// The weights (three gates).
    public let weights: CellWeights

    /// The cell.
    ///
    /// - Throws: ``CellError`` when the shapes do not make a three-gate cell.
    public init(weights: CellWeights) throws(CellError) {
        self.weights = try CellWeights(
            inputWeights: weights.inputWeights, recurrentWeights: weights.recurrentWeights, inputBias: weights.inputBias,
            recurrentBias: weights.recurrentBias, gates: 3)
    }

    /// H.
    public var dimension: Int { weights.hidden }
    /// I.
    public var parameterCount: Int { weights.inputs }

    /// The GRU update.
    @inlinable
    public func step<T: DynamicsScalar>(_ h: [T], parameters u: [T]) -> [T] {
        let n = dimension
        let gi = affine(weights.inputWeights, rows: 0, count: 3 * n, u, bias: weights.inputBias)
        let gh = affine(weights.recurrentWeights, rows: 0, count: 3 * n, h, bias: weights.recurrentBias)
        return (0..<n).map { i in
            let r = sigmoid(gi[i] + gh[i])
            let z = sigmoid(gi[n + i] + gh[n + i])
            let candidate = T.tanh(gi[2 * n + i] + r * gh[2 * n + i])
            return (1 - z) * candidate + z * h[i]
        }
    }

    /// Why a certified point is not a fixed point, or nil: some |hᵢ| > 1, which no GRU fixed point
    /// can have (h = n = tanh(·) there), so its update gate has saturated to 1 in float64.
    public func escapeReason(at h: [Double], input u: [Double]) -> String? {
        guard let i = h.indices.first(where: { abs(h[$0]) > 1 }) else { return nil }
        let z = sigmoid(affine(weights.inputWeights, rows: dimension + i, count: 1, u, bias: weights.inputBias)[0]
            + affine(weights.recurrentWeights, rows: dimension + i, count: 1, h, bias: weights.recurrentBias)[0])
        return "unit \(i) has |h| = \(abs(h[i])) > 1, impossible at a GRU fixed point; its update gate is 1 − \(1 - z), saturated in float64"
    }
}
