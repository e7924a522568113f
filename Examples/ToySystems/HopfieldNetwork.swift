import Dynamics

/// The continuous Hopfield network dx/dt = −x + W·tanh(β·x), W = (1/N)·Σ_μ ξ^μ·ξ^μᵀ, over P mutually
/// orthogonal ±1 patterns ξ^μ.
///
/// Oracle: for β > 1, each ±m*·ξ^μ is a fixed point with m* = tanh(β·m*) > 0, and its spectrum is
/// −1 + β·(1 − m*²) with multiplicity P (the span of the patterns; negative, so stable) and −1 with
/// multiplicity N − P. The origin is fixed with spectrum β − 1 (multiplicity P, unstable) and −1.
public struct HopfieldNetwork: ContinuousFlow, Sendable {
    /// The patterns, each of N entries ±1, mutually orthogonal.
    public let patterns: [[Double]]
    /// The gain β.
    public let beta: Double
    /// W = (1/N)·Σ ξξᵀ.
    public let weights: Matrix

    /// A network storing `patterns`.
    ///
    /// - Parameters:
    ///   - patterns: ±1 vectors of one length N, mutually orthogonal.
    ///   - beta: the gain; β > 1 makes the patterns attractors.
    public init(patterns: [[Double]], beta: Double) {
        let n = patterns.first?.count ?? 0
        precondition(n > 0 && patterns.allSatisfy { $0.count == n }, "HopfieldNetwork: patterns must be non-empty and of one length")
        self.patterns = patterns
        self.beta = beta
        var w = Matrix(rows: n, columns: n)
        for xi in patterns {
            for i in 0..<n { for j in 0..<n { w[i, j] += xi[i] * xi[j] / Double(n) } }
        }
        weights = w
    }

    /// A network with `count` random orthogonal patterns in N = 2^`log2Size` units: rows of a Sylvester
    /// Hadamard matrix with random signs, under one random permutation of the units.
    public init(log2Size: Int, patternCount count: Int, beta: Double, using rng: inout some RandomNumberGenerator) {
        let n = 1 << log2Size
        precondition(count >= 1 && count <= n, "HopfieldNetwork: 1...\(n) patterns fit in \(n) units, asked for \(count)")
        // Sylvester: H[i][j] = (−1)^popcount(i & j); its rows are mutually orthogonal.
        let permutation = Array(0..<n).shuffled(using: &rng)
        let rows = Array(0..<n).shuffled(using: &rng).prefix(count)
        let patterns = rows.map { r -> [Double] in
            let sign: Double = Bool.random(using: &rng) ? 1 : -1
            return permutation.map { j in sign * ((r & j).nonzeroBitCount % 2 == 0 ? 1 : -1) }
        }
        self.init(patterns: patterns, beta: beta)
    }

    /// N.
    public var dimension: Int { weights.rows }

    /// −x + W·tanh(β·x).
    @inlinable
    public func step<T: DynamicsScalar>(_ x: [T]) -> [T] {
        let activity = x.map { T.tanh(T(beta) * $0) }
        let n = dimension
        return (0..<n).map { i in
            var sum = -x[i]
            for j in 0..<n { sum += T(weights.elements[i * n + j]) * activity[j] }
            return sum
        }
    }

    /// Analytic: −I + W·diag(β·(1 − tanh²(β·x))).
    public func jacobian(at x: [Double]) -> Matrix {
        let n = dimension
        var result = Matrix(rows: n, columns: n)
        let gain = x.map { v -> Double in
            let t = Double.tanh(beta * v)
            return beta * (1 - t * t)
        }
        for i in 0..<n {
            for j in 0..<n { result[i, j] = weights[i, j] * gain[j] }
            result[i, i] -= 1
        }
        return result
    }

    /// m*, the positive root of m = tanh(β·m) for β > 1 (Newton from m = 1).
    public static func overlap(beta: Double) -> Double {
        precondition(beta > 1, "HopfieldNetwork.overlap: a non-zero root exists only for β > 1, got \(beta)")
        var m = 1.0
        for _ in 0..<100 {
            let t = Double.tanh(beta * m)
            let update = (m - t) / (1 - beta * (1 - t * t))
            m -= update
            if abs(update) < 1e-16 { break }
        }
        return m
    }
}
