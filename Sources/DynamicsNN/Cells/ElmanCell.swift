import Dynamics

/// PyTorch's single-layer `nn.RNN`: h' = φ(W_ih·u + b_ih + W_hh·h + b_hh), φ = tanh or relu, as a
/// ``ParametricMap`` whose parameters are the input u.
public struct ElmanCell: ParametricMap, Sendable {
    /// The weights (one gate).
    public let weights: CellWeights
    /// φ: tanh (PyTorch's default) or relu.
    public let nonlinearity: Activation

    /// The cell.
    ///
    /// - Throws: ``CellError`` when the shapes do not make a one-gate cell.
    public init(weights: CellWeights, nonlinearity: Activation = .tanh) throws(CellError) {
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
            return nonlinearity(pre)
        }
    }

    /// The same update as a ``RateRNNCell`` with α = 1 and b = b_ih + b_hh.
    public var rateCell: RateRNNCell {
        // The shapes were checked by init, and α = 1 is valid.
        try! RateRNNCell(
            inputWeights: weights.inputWeights, recurrentWeights: weights.recurrentWeights,
            bias: zip(weights.inputBias, weights.recurrentBias).map { $0 + $1 }, alpha: 1, activation: nonlinearity)
    }

    /// The cell under a constant input, with batched BLAS kernels (``RateRNNMap``; its `step` is the
    /// rate cell's, equal to this cell's up to the order of the bias additions).
    ///
    /// - Complexity: O(H·(H + I)).
    public func map(input: [Double]) -> RateRNNMap { RateRNNMap(cell: rateCell, input: input) }
}
