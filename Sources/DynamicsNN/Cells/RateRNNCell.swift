import Dynamics

/// The rate RNN of computational neuroscience, τ·dh/dt = −h + φ(W_ih·u + W_hh·h + b), discretised by
/// Euler's method with α = dt/τ:
///
///     h' = (1 − α)·h + α·φ(W_ih·u + W_hh·h + b)
///
/// as a ``ParametricMap`` whose parameters are the input u. α = 1 with φ = relu is the network of
/// Yang 2020 (BrainPy's tutorial; its row-vector weights are W_ih = W_irᵀ, W_hh = W_rrᵀ); α = 1 with
/// b = b_ih + b_hh is PyTorch's `nn.RNN` (``ElmanCell``). Its fixed points are those of the flow for
/// every α; their multipliers are 1 + α·λ for the flow's eigenvalues λ.
public struct RateRNNCell: ParametricMap, Sendable {
    /// W_ih (H × I), column convention.
    public let inputWeights: Matrix
    /// W_hh (H × H), column convention.
    public let recurrentWeights: Matrix
    /// b (H).
    public let bias: [Double]
    /// α = dt/τ in (0, 1].
    public let alpha: Double
    /// φ.
    public let activation: Activation

    /// The cell.
    ///
    /// - Parameters:
    ///   - alpha: dt/τ; default 1 (a discrete RNN, as Yang 2020 and `nn.RNN`).
    ///   - activation: φ; default relu (Yang 2020).
    /// - Throws: ``CellError`` naming the tensor whose shape does not fit, a non-finite weight, or α
    ///   outside (0, 1].
    public init(inputWeights: Matrix, recurrentWeights: Matrix, bias: [Double], alpha: Double = 1, activation: Activation = .relu) throws(CellError) {
        let n = recurrentWeights.rows
        guard n > 0, recurrentWeights.isSquare else { throw .shape(tensor: "weight_hh", shape: [recurrentWeights.rows, recurrentWeights.columns], expected: "a square matrix H × H with H ≥ 1") }
        guard inputWeights.rows == n, inputWeights.columns > 0 else { throw .shape(tensor: "weight_ih", shape: [inputWeights.rows, inputWeights.columns], expected: "[\(n), I] with I ≥ 1 inputs (H = \(n))") }
        guard bias.count == n else { throw .shape(tensor: "bias", shape: [bias.count], expected: "[\(n)] (H = \(n))") }
        for (name, values) in [("weight_ih", inputWeights.elements), ("weight_hh", recurrentWeights.elements), ("bias", bias)] where !values.allSatisfy(\.isFinite) {
            throw .nonFinite(tensor: name)
        }
        guard alpha > 0 && alpha <= 1 else { throw .alpha(alpha) }
        self.inputWeights = inputWeights
        self.recurrentWeights = recurrentWeights
        self.bias = bias
        self.alpha = alpha
        self.activation = activation
    }

    /// H.
    public var dimension: Int { recurrentWeights.rows }
    /// I.
    public var parameterCount: Int { inputWeights.columns }

    /// (1 − α)·h + α·φ(W_ih·u + W_hh·h + b).
    @inlinable
    public func step<T: DynamicsScalar>(_ h: [T], parameters u: [T]) -> [T] {
        let n = dimension
        let fromInput = affine(inputWeights, rows: 0, count: n, u, bias: bias)
        let fromState = affine(recurrentWeights, rows: 0, count: n, h, bias: nil)
        let (a, leak) = (T(alpha), T(1 - alpha))
        return (0..<n).map { i in leak * h[i] + a * activation(fromInput[i] + fromState[i]) }
    }

    /// The cell under a constant input, with batched BLAS kernels (see ``RateRNNMap``).
    ///
    /// - Complexity: O(H·(H + I)).
    public func map(input: [Double]) -> RateRNNMap { RateRNNMap(cell: self, input: input) }
}
