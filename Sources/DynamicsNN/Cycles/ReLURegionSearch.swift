import Dynamics

/// Exact fixed points and k-cycles of a ReLU layer map x' = relu(W·x + c) (W = Aᵀ of the layer's
/// row-vector form), found by searching over activation patterns (the idea of SCYFI, Eisenmann et
/// al. 2023).
///
/// Inside one sequence of activation patterns D₀, …, D_{k−1} (Dⱼ = diag[W·xⱼ + c > 0]) the map is
/// affine, so the k-cycle through those regions solves one linear system exactly:
/// x_k = Φ·x₀ + ψ with Φ = D_{k−1}W···D₀W, and x₀ = (I − Φ)⁻¹ψ. The solution is a true cycle only if every
/// xⱼ lies in its own region; if it does not, the patterns the solution actually has are tried next.
/// Seeds (slow points, states of trajectories) give the first patterns: the patterns of the seed's k
/// iterates.
///
/// ```swift
/// let search = ReLURegionSearch(network.layer)
/// let result = try search.cycles(period: 2, seeds: activity)
/// result.cycles            // [PeriodicOrbit], exact, minimal period 2, each once up to shift
/// result.regionsTried      // distinct pattern sequences solved
/// ```
///
/// - Complexity: per pattern sequence tried, k products of n × n matrices and one LU: O(k·n³).
public struct ReLURegionSearch: Sendable {
    /// W (n × n), acting on column vectors.
    public let weights: Matrix
    /// c.
    public let offset: [Double]
    /// Pattern sequences tried per seed before it is given up; default 20 (SCYFI's inner loop
    /// converges in a few steps when it converges at all).
    public var maxIterationsPerSeed: Int
    /// Two cycle points closer than this (relative to max(1, ‖x‖)) are one; default 1e-9.
    public var deduplicationTolerance: Double

    /// The search on the map of `layer`: x' = relu(x·A + c), that is W = Aᵀ.
    ///
    /// - Parameters:
    ///   - maxIterationsPerSeed: default 20.
    ///   - deduplicationTolerance: default 1e-9: solutions are exact, so distinct cycles differ by far more.
    public init(_ layer: ReLUAffineLayer, maxIterationsPerSeed: Int = 20, deduplicationTolerance: Double = 1e-9) {
        weights = layer.matrix.transposed
        offset = layer.offset
        self.maxIterationsPerSeed = maxIterationsPerSeed
        self.deduplicationTolerance = deduplicationTolerance
    }

    /// n.
    public var dimension: Int { offset.count }

    /// The k-cycles reached from `seeds`.
    ///
    /// - Parameters:
    ///   - k: the period (1 for fixed points); only cycles of minimal period k are returned.
    ///   - seeds: states whose k iterates give the first patterns.
    /// - Throws: ``ReLURegionSearchError`` for a period below 1 or a seed of the wrong length or not finite.
    /// - Complexity: at most `seeds.count · maxIterationsPerSeed` pattern sequences, each O(k·n³).
    public func cycles(period k: Int, seeds: [[Double]]) throws(ReLURegionSearchError) -> ReLURegionSearchResult {
        guard k >= 1 && k <= 64 else { throw .invalidArguments("the period must be in 1...64, got \(k)") }
        for (index, seed) in seeds.enumerated() {
            guard seed.count == dimension else { throw .invalidArguments("seed \(index) has \(seed.count) values, the network has \(dimension) units") }
            guard seed.allSatisfy(\.isFinite) else { throw .invalidArguments("seed \(index) holds NaN or infinite values") }
        }
        var tried = Set<[Bool]>()
        var found: [PeriodicOrbit] = []
        for seed in seeds {
            var points = [seed]
            for _ in 1..<k { points.append(step(points[points.count - 1])) }
            var patterns = points.flatMap(pattern)
            for _ in 0..<maxIterationsPerSeed {
                guard tried.insert(patterns).inserted else { break }
                guard let cycle = solve(patterns, period: k) else { break }
                let actual = cycle.flatMap(pattern)
                if consistent(cycle, with: patterns) {
                    record(cycle, into: &found)
                    break
                }
                patterns = actual
            }
        }
        return ReLURegionSearchResult(cycles: found, regionsTried: tried.count)
    }

    /// Every k-cycle, by solving all 2^(n·k) pattern sequences: the oracle for small networks.
    ///
    /// - Throws: ``ReLURegionSearchError/invalidArguments(_:)`` when n·k exceeds 22 (4 million systems).
    /// - Complexity: 2^(n·k) · O(k·n³).
    public func allCycles(period k: Int) throws(ReLURegionSearchError) -> ReLURegionSearchResult {
        guard k >= 1 else { throw .invalidArguments("the period must be at least 1, got \(k)") }
        let bits = dimension * k
        guard bits <= 22 else { throw .invalidArguments("enumeration of 2^\(bits) pattern sequences is too large; use cycles(period:seeds:) (n·k at most 22)") }
        var found: [PeriodicOrbit] = []
        for code in 0..<(1 << bits) {
            let patterns = (0..<bits).map { code & (1 << $0) != 0 }
            if let cycle = solve(patterns, period: k), consistent(cycle, with: patterns) { record(cycle, into: &found) }
        }
        return ReLURegionSearchResult(cycles: found, regionsTried: 1 << bits)
    }

    /// relu(W·x + c).
    func step(_ x: [Double]) -> [Double] { preactivation(x).map { Swift.max($0, 0) } }

    /// W·x + c.
    func preactivation(_ x: [Double]) -> [Double] {
        var z = weights * x
        for i in z.indices { z[i] += offset[i] }
        return z
    }

    /// [W·x + c > 0].
    func pattern(_ x: [Double]) -> [Bool] { preactivation(x).map { $0 > 0 } }

    /// The cycle through the regions of `patterns` (k blocks of n), or nil when I − Φ is singular or
    /// the solution is not finite.
    func solve(_ patterns: [Bool], period k: Int) -> [[Double]]? {
        let n = dimension
        var phi = Matrix.identity(n)
        var psi = [Double](repeating: 0, count: n)
        for j in 0..<k {
            // x ← Dⱼ(W·x + c) applied to the affine map x₀ ↦ Φ·x₀ + ψ.
            phi = weights * phi
            psi = weights * psi
            for i in 0..<n {
                if patterns[j * n + i] {
                    psi[i] += offset[i]
                } else {
                    psi[i] = 0
                    for c in 0..<n { phi[i, c] = 0 }
                }
            }
        }
        var system = Matrix.identity(n)
        for e in system.elements.indices { system.elements[e] -= phi.elements[e] }
        guard let x0 = try? system.solve(psi), x0.allSatisfy(\.isFinite) else { return nil }
        var points = [x0]
        for _ in 1..<k { points.append(step(points[points.count - 1])) }
        return points
    }

    /// Whether every point lies in its region (a pre-activation within rounding of 0 counts as either
    /// side) and the cycle closes.
    func consistent(_ cycle: [[Double]], with patterns: [Bool]) -> Bool {
        let n = dimension
        for (j, x) in cycle.enumerated() {
            let z = preactivation(x)
            let scale = Swift.max(1, norm(x))
            for i in 0..<n where Swift.abs(z[i]) > 1e-12 * scale && (z[i] > 0) != patterns[j * n + i] { return false }
        }
        let closing = step(cycle[cycle.count - 1])
        return norm(zip(closing, cycle[0]).map { $0 - $1 }) <= 1e-10 * Swift.max(1, norm(cycle[0]))
    }

    /// Adds `cycle` unless it has a shorter period or is already there up to a shift; ordered from its
    /// lexicographically smallest point, with its Floquet multipliers.
    func record(_ cycle: [[Double]], into found: inout [PeriodicOrbit]) {
        let k = cycle.count
        func close(_ x: [Double], _ y: [Double]) -> Bool {
            norm(zip(x, y).map { $0 - $1 }) <= deduplicationTolerance * Swift.max(1, norm(x))
        }
        for d in 1..<Swift.max(k, 1) where k % d == 0 && close(cycle[d], cycle[0]) { return }
        for orbit in found where orbit.period == k {
            if (0..<k).contains(where: { shift in (0..<k).allSatisfy { close(cycle[$0], orbit.states[($0 + shift) % k]) } }) { return }
        }
        var first = 0
        for j in 1..<k where lessThan(cycle[j], cycle[first]) { first = j }
        let ordered = (0..<k).map { cycle[($0 + first) % k] }
        // The Jacobian along the cycle is Dⱼ·W in each region: multiply them in order.
        var product = Matrix.identity(dimension)
        for x in ordered {
            var jacobian = weights
            for (i, active) in pattern(x).enumerated() where !active { for c in 0..<dimension { jacobian[i, c] = 0 } }
            product = jacobian * product
        }
        let multipliers = (try? EigenDecomposition(of: product).eigenvalues) ?? []
        let residual = (0..<k).map { j in norm(zip(step(ordered[j]), ordered[(j + 1) % k]).map { $0 - $1 }) }.max() ?? 0
        found.append(PeriodicOrbit(states: ordered, multipliers: multipliers, residual: residual))
    }

    /// ‖v‖₂.
    func norm(_ v: [Double]) -> Double { v.reduce(0) { $0 + $1 * $1 }.squareRoot() }

    /// x before y in dictionary order.
    func lessThan(_ x: [Double], _ y: [Double]) -> Bool {
        for (a, b) in zip(x, y) where a != b { return a < b }
        return false
    }
}

/// What ``ReLURegionSearch`` found.
public struct ReLURegionSearchResult: Sendable {
    /// The exact cycles (minimal period, each once up to a cyclic shift), with Floquet multipliers.
    public var cycles: [PeriodicOrbit]
    /// How many distinct activation-pattern sequences were solved.
    public var regionsTried: Int
}

/// Why a region search could not run.
public enum ReLURegionSearchError: Error, Equatable, CustomStringConvertible {
    /// Bad arguments; the message names them.
    case invalidArguments(String)

    /// The message.
    public var description: String {
        switch self {
        case let .invalidArguments(message): return "ReLU region search: \(message)"
        }
    }
}
