/// A periodic orbit of a planar flow, refined by shooting, with its Floquet multipliers.
public struct LimitCycle: Sendable {
    /// Points along one period, starting and ending at the shooting point (about 400).
    public var points: [[Double]]
    /// The period T.
    public var period: Double
    /// ‖φ_T(x₀) − x₀‖₂ at the refined start x₀.
    public var residual: Double
    /// The eigenvalues of the monodromy matrix ∂φ_T/∂x₀: the trivial one (≈ 1, along the orbit) first,
    /// then the nontrivial one, which decides stability.
    public var multipliers: [Complex<Double>]

    /// A limit cycle from its parts.
    public init(points: [[Double]], period: Double, residual: Double, multipliers: [Complex<Double>]) {
        self.points = points
        self.period = period
        self.residual = residual
        self.multipliers = multipliers
    }

    /// Whether the nontrivial multiplier lies inside the unit circle (orbitally stable).
    public var isStable: Bool { multipliers.count == 2 && multipliers[1].length < 1 }
}
