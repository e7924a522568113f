import Dynamics
import DynamicsNN

/// The discrete ReLU network x' = relu(W·x + b), with analytic overrides of every hot path.
///
/// It is piecewise affine: inside one activation pattern m = [W·x + b > 0] the Jacobian is
/// diag(m)·W, so a fixed point with pattern m solves (I − diag(m)·W)·x = diag(m)·b exactly.
/// The overrides (Jacobian, batched evaluation and vector-Jacobian products on BLAS) are tested
/// against the dual-number defaults.
public struct ReluNetworkMap: DiscreteMap, ReLUAffineSystem, Sendable {
    /// W (n × n).
    public let weights: Matrix
    /// b.
    public let bias: [Double]
    /// The batch kernels: relu(x·Wᵀ + b) on row vectors.
    public let layer: ReLUAffineLayer

    /// x' = relu(W·x + b).
    public init(weights: Matrix, bias: [Double]) {
        precondition(weights.isSquare && bias.count == weights.rows, "ReluNetworkMap: W must be n x n and b of length n")
        self.weights = weights
        self.bias = bias
        layer = ReLUAffineLayer(matrix: weights.transposed, offset: bias)
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
        var output = [T](repeating: .zero, count: dimension)
        step(x, into: &output)
        return output
    }

    /// relu(W·x + b) written in place: with it the dual-number Jacobian allocates nothing.
    @inlinable
    public func step<T: DynamicsScalar>(_ x: [T], into output: inout [T]) {
        let n = dimension
        weights.elements.withUnsafeBufferPointer { w in
            x.withUnsafeBufferPointer { x in
                output.withUnsafeMutableBufferPointer { y in
                    for i in 0..<n {
                        var sum = T(bias[i])
                        for j in 0..<n { sum += T(w[i * n + j]) * x[j] }
                        y[i] = relu(sum)
                    }
                }
            }
        }
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
}
