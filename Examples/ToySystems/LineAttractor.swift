import Dynamics

/// The geometry shared by the line-attractor map and flow: an orthonormal basis Q whose first column
/// d spans the line, the stable rates along the other columns, and an input c ⊥ d.
///
/// Oracle: the fixed points are exactly the line x₀ + s·d (s ∈ ℝ), with x₀ the particular solution
/// below; the spectrum is {marginal value} ∪ {stable values}, the marginal eigenvector is d.
public struct LineAttractorGeometry: Sendable {
    /// Orthogonal basis, column 0 the line direction d.
    public let basis: Matrix
    /// The eigenvalues along columns 1..<n of `basis`.
    public let stableEigenvalues: [Double]
    /// The constant input c, orthogonal to d (any component along d is removed).
    public let input: [Double]

    /// A random geometry in `dimension` dimensions.
    ///
    /// - Parameters:
    ///   - dimension: n ≥ 1.
    ///   - stableRange: the n − 1 off-line eigenvalues are drawn uniformly from it.
    ///   - inputScale: size of the random input c (0, the default, puts the line through the origin).
    public init(
        dimension: Int, stableRange: ClosedRange<Double>, inputScale: Double = 0,
        using rng: inout some RandomNumberGenerator
    ) {
        precondition(dimension >= 1, "LineAttractorGeometry: dimension must be ≥ 1")
        basis = RandomMatrices.orthogonal(dimension, using: &rng)
        stableEigenvalues = (1..<dimension).map { _ in Double.random(in: stableRange, using: &rng) }
        var c = (0..<dimension).map { _ in inputScale * rng.nextStandardNormal() }
        let d = basis.column(0)
        let along = zip(c, d).reduce(0) { $0 + $1.0 * $1.1 }
        for i in 0..<dimension { c[i] -= along * d[i] }
        input = c
    }

    /// The unit direction d of the line.
    public var direction: [Double] { basis.column(0) }

    /// Q·diag(values)·Qᵀ.
    func symmetricMatrix(_ values: [Double]) -> Matrix {
        basis * Matrix.diagonal(values) * basis.transposed
    }

    /// The point of the line closest to the origin, given the generalized inverse of the operator
    /// restricted to the stable subspace: x₀ = Q·diag(0, g₂, ..., gₙ)·Qᵀ·c.
    func particularPoint(inverseStable: [Double]) -> [Double] {
        symmetricMatrix([0] + inverseStable) * input
    }
}

/// A linear line attractor as a map: x' = A·x + c with A = Q·diag(1, λ₂, ..., λₙ)·Qᵀ, |λᵢ| < 1.
///
/// Oracle: every point x₀ + s·d is fixed, with x₀ = (I − A)⁺·c; the spectrum is {1, λ₂, ..., λₙ};
/// exactly one eigenvalue is marginal (|λ| = 1) and its eigenvector is the line direction d.
public struct LineAttractorMap: DiscreteMap, AffineSystem, Sendable {
    /// The line's geometry.
    public let geometry: LineAttractorGeometry
    /// A.
    public let matrix: Matrix

    /// A random line attractor.
    ///
    /// - Parameters:
    ///   - dimension: n ≥ 1.
    ///   - inputScale: size of the input c ⊥ d; default 0 (the line passes through the origin).
    ///   - rng: the source of the random basis and eigenvalues (λᵢ uniform in [−0.9, 0.9]).
    public init(dimension: Int, inputScale: Double = 0, using rng: inout some RandomNumberGenerator) {
        geometry = LineAttractorGeometry(
            dimension: dimension, stableRange: -0.9...0.9,
            inputScale: inputScale, using: &rng)
        matrix = geometry.symmetricMatrix([1] + geometry.stableEigenvalues)
    }

    /// c, the input.
    public var offset: [Double] { geometry.input }

    /// The fixed point x₀ + s·d.
    public func fixedPoint(along s: Double) -> [Double] {
        let x0 = geometry.particularPoint(inverseStable: geometry.stableEigenvalues.map { 1 / (1 - $0) })
        return zip(x0, geometry.direction).map { $0 + s * $1 }
    }
}

/// A linear line attractor as a flow: dx/dt = B·x + c with B = Q·diag(0, μ₂, ..., μₙ)·Qᵀ, μᵢ < 0.
///
/// Oracle: every point x₀ + s·d is fixed, with x₀ = −B⁺·c; the spectrum is {0, μ₂, ..., μₙ}; exactly one
/// eigenvalue is marginal (Re λ = 0) and its eigenvector is d.
public struct LineAttractorFlow: ContinuousFlow, AffineSystem, Sendable {
    /// The line's geometry.
    public let geometry: LineAttractorGeometry
    /// B.
    public let matrix: Matrix

    /// A random line attractor flow (μᵢ uniform in [−2, −0.1]).
    ///
    /// - Parameters:
    ///   - dimension: n ≥ 1.
    ///   - inputScale: size of the input c ⊥ d; default 0.
    public init(dimension: Int, inputScale: Double = 0, using rng: inout some RandomNumberGenerator) {
        geometry = LineAttractorGeometry(
            dimension: dimension, stableRange: -2 ... -0.1,
            inputScale: inputScale, using: &rng)
        matrix = geometry.symmetricMatrix([0] + geometry.stableEigenvalues)
    }

    /// c, the input.
    public var offset: [Double] { geometry.input }

    /// The fixed point x₀ + s·d.
    public func fixedPoint(along s: Double) -> [Double] {
        let x0 = geometry.particularPoint(inverseStable: geometry.stableEigenvalues.map { -1 / $0 })
        return zip(x0, geometry.direction).map { $0 + s * $1 }
    }
}
