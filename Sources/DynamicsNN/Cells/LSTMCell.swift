import Dynamics

/// PyTorch's single-layer `nn.LSTM` (gates stacked i | f | g | o), state [h; c] (2H values):
///
///     i = σ(·), f = σ(·), g = tanh(·), o = σ(·)      (each W_i·u + b_i + W_h·h + b_h)
///     c' = f ∘ c + i ∘ g,   h' = o ∘ tanh(c')
///
/// as a ``ParametricMap`` in the input u. At a fixed point |hᵢ| < 1 and cᵢ = iᵢ·gᵢ/(1 − fᵢ): where fᵢ
/// rounds to 1 in float64 any c satisfies c' = c, an escape (``escapeReason(at:input:)``).
public struct LSTMCell: ParametricMap, Sendable {
    /// The weights (four gates).
    public let weights: CellWeights

    /// The cell.
    ///
    /// - Throws: ``CellError`` when the shapes do not make a four-gate cell.
    public init(weights: CellWeights) throws(CellError) {
        self.weights = try CellWeights(
            inputWeights: weights.inputWeights, recurrentWeights: weights.recurrentWeights, inputBias: weights.inputBias,
            recurrentBias: weights.recurrentBias, gates: 4)
    }

    /// 2H: the state is [h; c].
    public var dimension: Int { 2 * weights.hidden }
    /// I.
    public var parameterCount: Int { weights.inputs }

    /// The LSTM update of [h; c].
    @inlinable
    public func step<T: DynamicsScalar>(_ state: [T], parameters u: [T]) -> [T] {
        let n = weights.hidden
        let h = Array(state[0..<n])
        let gi = affine(weights.inputWeights, rows: 0, count: 4 * n, u, bias: weights.inputBias)
        let gh = affine(weights.recurrentWeights, rows: 0, count: 4 * n, h, bias: weights.recurrentBias)
        var next = [T](repeating: 0, count: 2 * n)
        for k in 0..<n {
            let input = sigmoid(gi[k] + gh[k])
            let forget = sigmoid(gi[n + k] + gh[n + k])
            let cell = T.tanh(gi[2 * n + k] + gh[2 * n + k])
            let output = sigmoid(gi[3 * n + k] + gh[3 * n + k])
            let c = forget * state[n + k] + input * cell
            next[n + k] = c
            next[k] = output * T.tanh(c)
        }
        return next
    }

    /// Why a certified point is not a fixed point, or nil: |hᵢ| > 1, or a forget gate that rounds to 1
    /// (then every cᵢ is "fixed" in float64).
    public func escapeReason(at state: [Double], input u: [Double]) -> String? {
        let n = weights.hidden
        if let k = (0..<n).first(where: { abs(state[$0]) > 1 }) {
            return "unit \(k) has |h| = \(abs(state[k])) > 1, impossible at an LSTM fixed point"
        }
        let h = Array(state[0..<n])
        for k in 0..<n {
            let forget = sigmoid(affine(weights.inputWeights, rows: n + k, count: 1, u, bias: weights.inputBias)[0]
                + affine(weights.recurrentWeights, rows: n + k, count: 1, h, bias: weights.recurrentBias)[0])
            if 1 - forget <= 1e-12 { return "unit \(k)'s forget gate is 1 − \(1 - forget), saturated in float64: its cell value \(state[n + k]) is not determined" }
        }
        return nil
    }
}
