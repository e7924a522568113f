import Dynamics

/// The discrete ReLU network x' = relu(W·x + b), with analytic overrides of every hot path.
///
/// It is piecewise affine: inside one activation pattern m = [W·x + b > 0] the Jacobian is
/// diag(m)·W, so a fixed point with pattern m solves (I − diag(m)·W)·x = diag(m)·b exactly.
/// The overrides (Jacobian, batched evaluation and vector-Jacobian products on BLAS) are tested
/// against the dual-number defaults.
public struct ReluNetworkMap: DiscreteMap, Sendable {
    /// W (n × n).
    public let weights: Matrix
    /// b.
    public let bias: [Double]

    /// x' = relu(W·x + b).
    public init(weights: Matrix, bias: [Double]) {
        precondition(weights.isSquare && bias.count == weights.rows, "ReluNetworkMap: W must be n x n and b of length n")
        self.weights = weights
        self.bias = bias
    }

    /// A random network: W with N(0, gain²/n) entries, b with N(0, 0.1²) entries.
    ///
    /// - Parameters:
    ///   - dimension: n.
    ///   - gain: the spectral scale of W; default 0.9 (near the edge of stability, like trained RNNs).
    public init(dimension n: Int, gain: Double = 0.9, using rng: inout some RandomNumberGenerator) {
        self.init(
            weights: RandomMatrices.gaussian(rows: n, columns: n, scale: gain / Double(n).squareRoot(), using: &rng),
            bias: (0..<n).map { _ in 0.1 * rng.nextStandardNormal() })
    }

    /// n.
    public var dimension: Int { weights.rows }

    /// relu(W·x + b); relu'(0) = 0.
    @inlinable
    public func step<T: DynamicsScalar>(_ x: [T]) -> [T] {
        weights.affine(x, offset: bias).map(relu)
    }

    /// Analytic: diag(W·x + b > 0)·W.
    public func jacobian(at x: [Double]) -> Matrix {
        let n = dimension
        let preactivation = weights * x
        var result = weights
        for i in 0..<n where !(preactivation[i] + bias[i] > 0) {
            for j in 0..<n { result[i, j] = 0 }
        }
        return result
    }

    /// Analytic: relu(X·Wᵀ + b) for the rows X, one dgemm.
    public func evaluate(_ states: Matrix) -> Matrix {
        var result = Matrix(rows: states.rows, columns: dimension)
        Matrix.multiply(states, weights, transposeB: true, into: &result)
        let n = dimension
        for r in 0..<states.rows {
            for i in 0..<n { result.elements[r * n + i] = relu(result.elements[r * n + i] + bias[i]) }
        }
        return result
    }

    /// Analytic: row k is (uₖ ∘ mₖ)ᵀ·W, mₖ the activation pattern of row k; two dgemms.
    public func vectorJacobianProducts(at states: Matrix, cotangents: Matrix) -> Matrix {
        vectorJacobianProducts(at: states, values: evaluate(states), cotangents: cotangents)
    }

    /// Analytic, one dgemm: the pattern mₖ = [F(xₖ) > 0] is read off the values, since
    /// relu(z) > 0 exactly when z > 0.
    public func vectorJacobianProducts(at states: Matrix, values: Matrix, cotangents: Matrix) -> Matrix {
        var masked = cotangents
        for k in masked.elements.indices where !(values.elements[k] > 0) { masked.elements[k] = 0 }
        return masked * weights
    }

    /// Analytic: (u ∘ m)ᵀ·W.
    public func vectorJacobianProduct(at x: [Double], cotangent u: [Double]) -> [Double] {
        vectorJacobianProducts(at: Matrix(rows: 1, columns: dimension, elements: x), cotangents: Matrix(rows: 1, columns: dimension, elements: u)).elements
    }
}
