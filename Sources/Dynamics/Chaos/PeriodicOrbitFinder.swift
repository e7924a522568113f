/// A periodic orbit of a map: k states with F(xᵢ) = xᵢ₊₁ and F(xₖ₋₁) = x₀, of minimal period k.
public struct PeriodicOrbit: Sendable {
    /// The states along the orbit, starting from the lexicographically smallest (so that the same
    /// orbit found from different starts reads the same).
    public var states: [[Double]]
    /// The Floquet multipliers: eigenvalues of J(xₖ₋₁)···J(x₀), by modulus descending.
    public var multipliers: [Complex<Double>]
    /// max ‖F(xᵢ) − xᵢ₊₁‖₂ over the orbit (certified: ≤ tolerance · max(1, ‖x‖)).
    public var residual: Double

    /// An orbit from its parts.
    public init(states: [[Double]], multipliers: [Complex<Double>], residual: Double) {
        self.states = states
        self.multipliers = multipliers
        self.residual = residual
    }

    /// The period k.
    public var period: Int { states.count }
    /// Whether every multiplier has modulus below 1.
    public var isStable: Bool { multipliers.allSatisfy { $0.length < 1 } }
}

/// Finds periodic orbits of a map by Newton's method on the k-point (multiple-shooting) system
/// F(xᵢ) − xᵢ₊₁ = 0, i = 0…k−1 (indices mod k), with the exact Jacobian (dual numbers), keeping only
/// certified orbits of minimal period k (a fixed point is not a 2-cycle), each once up to cyclic shift.
///
/// ```swift
/// let orbits = try PeriodicOrbitFinder(henon).find(period: 2, from: [[0.9, -0.1], [-0.4, 0.3]])
/// for orbit in orbits { print(orbit.states, orbit.multipliers, orbit.isStable) }
/// ```
///
/// Each start x₀ is spread over the orbit by iterating the map (x₁ = F(x₀), ...), then Newton with
/// backtracking (Levenberg–Marquardt where the step fails) runs on all k·n unknowns at once, which is
/// far better conditioned for unstable orbits than Newton on Fᵏ(x) = x. The multipliers come from the
/// product of the k Jacobians, rescaled after each factor so that long products neither overflow nor
/// underflow (the scale is put back into the moduli afterwards).
///
/// - Complexity: per start and Newton iteration, k Jacobians and one O((k·n)³) LU.
public struct PeriodicOrbitFinder<System: DiscreteMap> {
    /// The map.
    public var system: System
    /// Certification: max ‖F(xᵢ) − xᵢ₊₁‖ ≤ this · max(1, ‖x‖); default 1e-10.
    public var certificationTolerance: Double
    /// Newton iterations per start; default 60.
    public var maxIterations: Int
    /// Orbits closer than this (after alignment of their starting points) are one; default 1e-6.
    public var deduplicationTolerance: Double

    /// A finder for `system`.
    public init(_ system: System, certificationTolerance: Double = 1e-10, maxIterations: Int = 60, deduplicationTolerance: Double = 1e-6) {
        self.system = system
        self.certificationTolerance = certificationTolerance
        self.maxIterations = maxIterations
        self.deduplicationTolerance = deduplicationTolerance
    }

    /// The distinct certified orbits of minimal period `period` reached from `starts`.
    ///
    /// - Throws: ``PeriodicOrbitError`` for a bad period or starts of the wrong size or not finite.
    @inlinable
    public func find(period k: Int, from starts: [[Double]]) throws(PeriodicOrbitError) -> [PeriodicOrbit] {
        let n = system.dimension
        guard k >= 1 && k <= 1000 else { throw .invalidArguments("the period must be in 1...1000, got \(k)") }
        guard (0...1_000_000).contains(maxIterations) else { throw .invalidArguments("maxIterations must be in 0...1000000, got \(maxIterations)") }
        guard certificationTolerance > 0 && certificationTolerance.isFinite else {
            throw .invalidArguments("certificationTolerance must be positive and finite, got \(certificationTolerance)")
        }
        guard deduplicationTolerance >= 0 && deduplicationTolerance.isFinite else {
            throw .invalidArguments("deduplicationTolerance must be ≥ 0 and finite, got \(deduplicationTolerance)")
        }
        guard !starts.isEmpty else { throw .invalidArguments("no start states were given") }
        for (row, start) in starts.enumerated() {
            guard start.count == n else { throw .invalidArguments("start \(row) has \(start.count) values, the map's dimension is \(n)") }
            guard start.allSatisfy(\.isFinite) else { throw .invalidArguments("start \(row) holds NaN or infinite values") }
        }
        var orbits: [PeriodicOrbit] = []
        for start in starts {
            guard let orbit = refine(start, period: k), isMinimal(orbit) else { continue }
            if !orbits.contains(where: { same($0, orbit) }) { orbits.append(orbit) }
        }
        return orbits
    }

    /// Newton on the multiple-shooting system from the orbit of `start`; the certified orbit or nil.
    @inlinable
    func refine(_ start: [Double], period k: Int) -> PeriodicOrbit? {
        var points = [start]
        for _ in 1..<k { points.append(system.step(points[points.count - 1])) }
        guard points.allSatisfy({ $0.allSatisfy(\.isFinite) }),
              let solved = Self.correct(points, tolerance: certificationTolerance, maximumIterations: maxIterations,
                                        step: { system.step($0) }, jacobian: { system.jacobian(at: $0) })
        else { return nil }
        points = solved
        // Canonical start: the lexicographically smallest point.
        let first = points.indices.min { lexicographicallyPrecedes(points[$0], points[$1]) }!
        let ordered = (0..<k).map { points[(first + $0) % k] }
        guard let multipliers = floquetMultipliers(ordered) else { return nil }
        let worst = (0..<k).map { i in euclideanNorm(zip(system.step(ordered[i]), ordered[(i + 1) % k]).map { $0 - $1 }) }.max() ?? 0
        return PeriodicOrbit(states: ordered, multipliers: multipliers, residual: worst)
    }

    /// The shared corrector on the multiple-shooting system F(xᵢ) − x_{i+1 mod k} = 0, whose Jacobian has
    /// J(xᵢ) in block (i, i) and −I in block (i, i + 1): the certified points, or nil.
    ///
    /// - Complexity: per iteration k Jacobians and one O((k·n)³) solve.
    @usableFromInline
    static func correct(
        _ points: [[Double]], tolerance: Double, maximumIterations: Int, step: ([Double]) -> [Double], jacobian: ([Double]) -> Matrix
    ) -> [[Double]]? {
        let (k, n) = (points.count, points[0].count)
        func split(_ z: [Double]) -> [[Double]] { (0..<k).map { Array(z[($0 * n)..<(($0 + 1) * n)]) } }
        func residual(_ z: [Double]) -> [Double] {
            let nodes = split(z)
            var g = [Double](repeating: 0, count: k * n)
            for i in 0..<k {
                let image = step(nodes[i])
                for j in 0..<n { g[i * n + j] = image[j] - nodes[(i + 1) % k][j] }
            }
            return g
        }
        func shootingJacobian(_ z: [Double]) -> Matrix {
            let nodes = split(z)
            var matrix = Matrix(rows: k * n, columns: k * n)
            for i in 0..<k {
                let block = jacobian(nodes[i])
                let next = (i + 1) % k
                for r in 0..<n {
                    for c in 0..<n { matrix[i * n + r, i * n + c] += block[r, c] }
                    matrix[i * n + r, next * n + r] -= 1
                }
            }
            return matrix
        }
        var corrector = NewtonCorrector()
        corrector.tolerance = tolerance
        corrector.maximumIterations = maximumIterations
        let solution = corrector.solve(from: points.flatMap { $0 }, residual: residual, jacobian: shootingJacobian)
        return solution.converged ? split(solution.state) : nil
    }

    /// Eigenvalues of J(xₖ₋₁)···J(x₀), the product rescaled by its largest entry after each factor and
    /// the moduli multiplied back by the product of the scales (geometric mean per eigenvalue is not
    /// needed: the scales multiply every eigenvalue alike).
    @inlinable
    func floquetMultipliers(_ points: [[Double]]) -> [Complex<Double>]? {
        var product = Matrix.identity(system.dimension)
        var logScale = 0.0
        for point in points {
            product = system.jacobian(at: point) * product
            let largest = product.elements.reduce(0) { Swift.max($0, abs($1)) }
            guard largest.isFinite else { return nil }
            if largest > 0 {
                for e in product.elements.indices { product.elements[e] /= largest }
                logScale += Double.log(largest)
            }
        }
        guard let eigenvalues = try? EigenDecomposition(of: product).eigenvalues else { return nil }
        let factor = Double.exp(logScale)
        return eigenvalues.map { Complex($0.real * factor, $0.imaginary * factor) }
    }

    /// Whether no proper divisor d of the period has x_d = x₀ (the orbit is not a shorter one repeated).
    @inlinable
    func isMinimal(_ orbit: PeriodicOrbit) -> Bool {
        let k = orbit.period
        let scale = Swift.max(1, euclideanNorm(orbit.states[0]))
        for d in 1..<Swift.max(k, 1) where k % d == 0 {
            if euclideanNorm(zip(orbit.states[d], orbit.states[0]).map { $0 - $1 }) <= deduplicationTolerance * scale { return false }
        }
        return true
    }

    /// Whether two orbits of the same period are one orbit up to a cyclic shift.
    @inlinable
    func same(_ a: PeriodicOrbit, _ b: PeriodicOrbit) -> Bool {
        guard a.period == b.period else { return false }
        func close(_ x: [Double], _ y: [Double]) -> Bool { euclideanNorm(zip(x, y).map { $0 - $1 }) <= deduplicationTolerance * Swift.max(1, euclideanNorm(x)) }
        let k = a.period
        return (0..<k).contains { shift in (0..<k).allSatisfy { close(a.states[$0], b.states[($0 + shift) % k]) } }
    }
}

/// x before y in dictionary order of their entries.
@usableFromInline
func lexicographicallyPrecedes(_ x: [Double], _ y: [Double]) -> Bool {
    for (a, b) in zip(x, y) where a != b { return a < b }
    return false
}

/// Bad arguments to ``PeriodicOrbitFinder``.
public enum PeriodicOrbitError: Error, Equatable, CustomStringConvertible {
    /// The message names the argument.
    case invalidArguments(String)

    /// A readable explanation.
    public var description: String {
        switch self {
        case let .invalidArguments(message): return "periodic orbits: \(message)"
        }
    }
}
