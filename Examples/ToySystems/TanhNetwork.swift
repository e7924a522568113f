import Dynamics

/// The discrete network x' = tanh(W·x).
///
/// Oracle: the origin is always fixed and the Jacobian there is W, so its stability is W's spectrum;
/// elsewhere the Jacobian is diag(1 − tanh²(W·x))·W.
public struct TanhNetwork: DiscreteMap, Sendable {
    /// W.
    public let weights: Matrix

    /// x' = tanh(W·x).
    public init(weights: Matrix) {
        precondition(weights.isSquare, "TanhNetwork: W must be square, got \(weights.rows) x \(weights.columns)")
        self.weights = weights
    }

    /// n.
    public var dimension: Int { weights.rows }

    /// tanh(W·x).
    @inlinable
    public func step<T: DynamicsScalar>(_ x: [T]) -> [T] {
        weights.affine(x, offset: Array(repeating: 0, count: dimension)).map { T.tanh($0) }
    }

    /// Analytic: diag(1 − tanh²(W·x))·W.
    public func jacobian(at x: [Double]) -> Matrix {
        let n = dimension
        let activity = (weights * x).map { Double.tanh($0) }
        var result = weights
        for i in 0..<n {
            let gain = 1 - activity[i] * activity[i]
            for j in 0..<n { result[i, j] *= gain }
        }
        return result
    }
}
