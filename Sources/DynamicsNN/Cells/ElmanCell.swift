import Dynamics

/// PyTorch's single-layer `nn.RNN`: h' = φ(W_ih·u + b_ih + W_hh·h + b_hh), φ = tanh or relu, as a
/// ``ParametricMap`` whose parameters are the input u.
public struct ElmanCell: ParametricMap, Sendable {
    /// The activation.
    public enum Nonlinearity: String, Sendable, CaseIterable {
        /// tanh (PyTorch's default).
        case tanh
        /// relu.
        case relu
    }

    /// The weights (one gate).
    public let weights: CellWeights
    /// φ.
    public let nonlinearity: Nonlinearity

    /// The cell.
    ///
    /// - Throws: ``CellError`` when the shapes do not make a one-gate cell.
    public init(weights: CellWeights, nonlinearity: Nonlinearity = .tanh) throws(CellError) {
        self.weights = try CellWeights(
            inputWeights: weights.inputWeights, recurrentWeights: weights.recurrentWeights, inputBias: weights.inputBias,
            recurrentBias: weights.recurrentBias, gates: 1)
        self.nonlinearity = nonlinearity
    }

    /// H.
    public var dimension: Int { weights.hidden }
    /// I.
    public var parameterCount: Int { weights.inputs }

    /// φ(W_ih·u + b_ih + W_hh·h + b_hh).
    @inlinable
    public func step<T: DynamicsScalar>(_ h: [T], parameters u: [T]) -> [T] {
        let n = dimension
        let fromInput = affine(weights.inputWeights, rows: 0, count: n, u, bias: weights.inputBias)
        let fromState = affine(weights.recurrentWeights, rows: 0, count: n, h, bias: weights.recurrentBias)
        return (0..<n).map { i in
            let pre = fromInput[i] + fromState[i]
            return nonlinearity == .tanh ? T.tanh(pre) : relu(pre)
        }
    }
}
