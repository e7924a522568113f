/// The leading eigenvalues and eigenvectors of a system's Jacobian at a state, without forming the
/// Jacobian: block Arnoldi on Jacobian-vector products (eight per pass of `step` on `Dual<8>`), then
/// Rayleigh–Ritz on the small projected matrix by LAPACK, each pair checked by its residual. A
/// Jacobian already formed (an analytic one) serves as well: ``init(jacobian:timeDomain:count:tolerance:maximumDimension:seed:)``.
///
/// "Leading" means least stable: the largest real parts for a flow, the largest moduli for a map, which
/// decide stability. Use it where ``LinearStability`` (the whole spectrum, O(n³)) is too costly.
///
/// ```swift
/// let spectrum = try LeadingSpectrum(network, at: point.state, count: 6)
/// spectrum.eigenvalues          // e.g. [≈0, −0.5, ...] on a continuous attractor
/// spectrum.isStable             // from the leading eigenvalue, when it converged
/// ```
///
/// Krylov methods find exterior eigenvalues first, and both the rightmost eigenvalue and the one of
/// largest modulus are exterior, so they converge first; a Ritz value counts only when its residual
/// ‖J·v − λ·v‖ ≤ `tolerance`·max(1, |λ|). If the subspace reaches its limit first, ``isConverged`` is
/// false and the residuals say how far each pair is from exact.
///
/// - Complexity: ⌈m/8⌉ passes of `step` on `Dual<8>`, O(m²·n) orthogonalisation and a few O(m³)
///   eigenproblems, with m ≤ `maximumDimension`.
public struct LeadingSpectrum: Sendable {
    /// Map or flow: decides what "leading" and "stable" mean.
    public let timeDomain: TimeDomain
    /// The leading eigenvalues of the Jacobian, by growth rate descending (real part for a flow,
    /// modulus for a map); complex pairs appear together.
    public let eigenvalues: [Complex<Double>]
    /// `eigenvectors[k]` belongs to `eigenvalues[k]`, unit norm.
    public let eigenvectors: [[Complex<Double>]]
    /// ‖J·v − λ·v‖ of each pair.
    public let residuals: [Double]
    /// Whether every reported pair met the tolerance.
    public let isConverged: Bool
    /// The size of the Krylov subspace used.
    public let subspaceDimension: Int

    /// The leading `count` eigenpairs of `system`'s Jacobian at `state`.
    ///
    /// - Parameters:
    ///   - system: a map or a flow; only its `step` (on dual numbers) is used.
    ///   - state: the point, usually a fixed point.
    ///   - count: how many eigenvalues; default 6 (the slow modes that matter for a verdict).
    ///   - tolerance: relative residual for convergence; default 1e-8.
    ///   - maximumDimension: the largest subspace; default 192.
    ///   - seed: of the random start block; default 0 (same seed, same bits).
    /// - Throws: ``LinearAlgebraError`` when the state or the products are not finite.
    @inlinable
    public init<System: DynamicalSystem>(
        _ system: System, at state: [Double], count: Int = 6, tolerance: Double = 1e-8, maximumDimension: Int = 192, seed: UInt64 = 0
    ) throws(LinearAlgebraError) {
        let n = system.dimension
        guard state.count == n else {
            throw .invalidArguments(InvalidArgument("LeadingSpectrum(at:)", is: "a state of \(state.count) values", allowed: "the system's dimension is \(n)"))
        }
        guard state.allSatisfy(\.isFinite) else { throw .nonFinite(operation: "leading spectrum") }
        var workspace = DualJacobianWorkspace(dimension: n, jacobian: false)
        try self.init(
            dimension: n, timeDomain: System.timeDomain, count: count, tolerance: tolerance, maximumDimension: maximumDimension, seed: seed
        ) { block in system.jacobianProducts(at: state, directions: block, workspace: &workspace) }
    }

    /// The leading `count` eigenpairs of a Jacobian already formed (an analytic one, say): the same
    /// block Arnoldi with the products as gemms, so each block of eight directions costs O(8·n²)
    /// instead of a pass of `step` on `Dual<8>`.
    ///
    /// - Parameters:
    ///   - jacobian: J, square, finite.
    ///   - timeDomain: map or flow (what "leading" and "stable" mean).
    ///   - count, tolerance, maximumDimension, seed: as in ``init(_:at:count:tolerance:maximumDimension:seed:)``.
    /// - Throws: ``LinearAlgebraError`` when J is not square or not finite.
    /// - Complexity: O(m·n²) products, O(m²·n) orthogonalisation and a few O(m³) eigenproblems.
    public init(
        jacobian: Matrix, timeDomain: TimeDomain, count: Int = 6, tolerance: Double = 1e-8, maximumDimension: Int = 192, seed: UInt64 = 0
    ) throws(LinearAlgebraError) {
        guard jacobian.isSquare else { throw .notSquare(operation: "leading spectrum", rows: jacobian.rows, columns: jacobian.columns) }
        guard jacobian.isFinite else { throw .nonFinite(operation: "leading spectrum") }
        try self.init(
            dimension: jacobian.rows, timeDomain: timeDomain, count: count, tolerance: tolerance, maximumDimension: maximumDimension, seed: seed
        ) { block in
            // Rows of the block are directions v; row k of the result is (J·v_k)ᵀ = v_kᵀ·Jᵀ.
            var products = Matrix(rows: block.rows, columns: jacobian.rows)
            Matrix.multiply(block, jacobian, transposeB: true, into: &products)
            return products
        }
    }

    /// Block Arnoldi from a seeded random block of eight on `products` (row k of its result is J·v_k for
    /// row k of its argument), Ritz pairs checked every other block.
    @usableFromInline
    init(
        dimension n: Int, timeDomain: TimeDomain, count: Int, tolerance: Double, maximumDimension: Int, seed: UInt64,
        products: (Matrix) -> Matrix
    ) throws(LinearAlgebraError) {
        guard count >= 1 else { throw .invalidArguments(InvalidArgument("count", is: count, allowed: "it must be at least 1 (default 6)")) }
        guard tolerance > 0 && tolerance < 1 else { throw .invalidArguments(InvalidArgument("tolerance", is: tolerance, allowed: "it must be in (0, 1) (default 1e-8)")) }
        guard maximumDimension >= 1 else { throw .invalidArguments(InvalidArgument("maximumDimension", is: maximumDimension, allowed: "it must be at least 1 (default 192)")) }
        var krylov = BlockKrylovSubspace(dimension: n, capacity: Swift.min(maximumDimension, n))
        var rng = SeededGenerator(seed: seed)
        var start = Matrix(rows: Swift.min(8, n), columns: n)
        start.elements.withUnsafeMutableBufferPointer { for k in $0.indices { $0[k] = rng.nextStandardNormal() } }
        krylov.appendOrthonormalized(start)
        let wanted = Swift.min(count, n)
        let isFlow = timeDomain == .continuous
        func growth(_ value: Complex<Double>) -> Double { isFlow ? value.real : value.length }
        var best: [(value: Complex<Double>, coefficients: [Complex<Double>], residual: Double)] = []
        var finite = true
        while krylov.extend({ block in
            let result = products(block)
            if !result.isFinite { finite = false }
            return result
        }) {
            guard finite else { throw .nonFinite(operation: "leading spectrum (Jacobian-vector products)") }
            let done = krylov.appliedCount >= krylov.capacity || !krylov.canExtend
            // The small eigenproblem costs O(m³): check every other block once the subspace can hold
            // the wanted pairs, and always at the end.
            guard done || (krylov.appliedCount >= 2 * wanted && (krylov.appliedCount / 8) % 2 == 0) else { continue }
            let pairs = try krylov.ritzPairs().sorted { growth($0.value) > growth($1.value) }
            best = Array(pairs.prefix(wanted))
            if best.count == wanted && best.allSatisfy({ $0.residual <= tolerance * Swift.max(1, $0.value.length) }) { break }
            if done { break }
        }
        if best.isEmpty { best = Array(try krylov.ritzPairs().sorted { growth($0.value) > growth($1.value) }.prefix(wanted)) }
        self.timeDomain = timeDomain
        eigenvalues = best.map(\.value)
        eigenvectors = best.map { pair in
            let (re, im) = krylov.complexCombination(pair.coefficients)
            let norm = zip(re, im).reduce(0) { $0 + $1.0 * $1.0 + $1.1 * $1.1 }.squareRoot()
            return zip(re, im).map { Complex($0 / Swift.max(norm, .leastNormalMagnitude), $1 / Swift.max(norm, .leastNormalMagnitude)) }
        }
        residuals = best.map(\.residual)
        isConverged = best.count == wanted && best.allSatisfy { $0.residual <= tolerance * Swift.max(1, $0.value.length) }
        subspaceDimension = krylov.appliedCount
    }

    /// Each eigenvalue's growth rate: |λ| − 1 for a map, Re λ for a flow (negative is stable).
    public var growthRates: [Double] {
        switch timeDomain {
        case .discrete: return eigenvalues.map { $0.length - 1 }
        case .continuous: return eigenvalues.map(\.real)
        }
    }

    /// Whether the state is linearly stable, judged by the leading eigenvalue (every other has a
    /// smaller growth rate): |λ| < 1 for a map, Re λ < 0 for a flow.
    public var isStable: Bool { (growthRates.first ?? 0) < 0 }

    /// The number of eigenvalues among the leading ones with |growth rate| ≤ `tolerance` (marginal
    /// directions, as along a continuous attractor).
    ///
    /// - Parameter tolerance: default 1e-3, as ``LinearStability/classification(tolerance:)``.
    public func marginalCount(tolerance: Double = 1e-3) -> Int {
        growthRates.filter { abs($0) <= tolerance }.count
    }

    /// The least stable direction as a real unit vector (the real part of the leading eigenvector,
    /// renormalised; its largest-magnitude entry positive).
    public var slowDirection: [Double] {
        guard let vector = eigenvectors.first else { return [] }
        var v = vector.map(\.real)
        if v.allSatisfy({ $0 == 0 }) { v = vector.map(\.imaginary) }
        let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
        let pivot = v.indices.max { abs(v[$0]) < abs(v[$1]) } ?? 0
        let sign: Double = v.isEmpty || v[pivot] >= 0 ? 1 : -1
        return v.map { sign * $0 / Swift.max(norm, .leastNormalMagnitude) }
    }
}
