import Dynamics

/// PyTorch's single-layer `nn.GRU` (gates stacked r | z | n):
///
///     r = σ(W_ir·u + b_ir + W_hr·h + b_hr)
///     z = σ(W_iz·u + b_iz + W_hz·h + b_hz)
///     n = tanh(W_in·u + b_in + r ∘ (W_hn·h + b_hn))
///     h' = (1 − z) ∘ n + z ∘ h
///
/// as a ``ParametricMap`` in the input u. At a fixed point (1 − z) ∘ (n − h) = 0, so h = n: where zᵢ
/// rounds to 1 in float64 the residual vanishes without h being fixed, an escape
/// (``escapeReason(at:input:)``).
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

    /// Why a certified point is not a fixed point, or nil. At a GRU fixed point (1 − zᵢ)(nᵢ − hᵢ) = 0
    /// with 1 − zᵢ > 0, so hᵢ = nᵢ (and |hᵢ| < 1); a unit whose hᵢ differs from nᵢ passed the
    /// certificate only because its update gate zᵢ rounded to (nearly) 1 in float64: an escape.
    public func escapeReason(at h: [Double], input u: [Double]) -> String? {
        let n = dimension
        let gi = affine(weights.inputWeights, rows: 0, count: 3 * n, u, bias: weights.inputBias)
        let gh = affine(weights.recurrentWeights, rows: 0, count: 3 * n, h, bias: weights.recurrentBias)
        for i in 0..<n {
            let r = sigmoid(gi[i] + gh[i]), z = sigmoid(gi[n + i] + gh[n + i])
            let candidate = Double.tanh(gi[2 * n + i] + r * gh[2 * n + i])
            if abs(h[i] - candidate) > 1e-6 * Swift.max(1, abs(h[i])) {
                return "unit \(i): h = \(h[i]) but the candidate state n = \(candidate); the update gate z = 1 − \(1 - z) is saturated in float64, so h' = h without h being fixed"
            }
        }
        return nil
    }
}
