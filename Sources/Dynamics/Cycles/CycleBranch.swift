import ComplexModule

/// One certified cycle on a branch followed in a parameter.
public struct CyclePoint: Sendable {
    /// The varied parameter's value.
    public var parameter: Double
    /// The period: a time for a flow, the number of iterates k for a map.
    public var period: Double
    /// Flows: the shooting nodes x(i·T/m) on the cycle; maps: the k points of the cycle, each the
    /// image of the one before.
    public var nodes: [[Double]]
    /// The least and the greatest value of the first variable over the cycle (ten samples per
    /// segment, each extreme refined by the parabola through its neighbours): the two curves of a
    /// bifurcation diagram.
    public var minimum: Double
    public var maximum: Double
    /// ``maximum`` − ``minimum``.
    public var amplitude: Double { maximum - minimum }
    /// Flows: the Floquet multipliers, the trivial one (≈ 1) first, then by decreasing modulus. Maps:
    /// the eigenvalues of D(F^k) at the first point, by decreasing modulus (no trivial one).
    public var multipliers: [Complex<Double>]
    /// The norm of the periodicity, phase and arclength equations at the point.
    public var residual: Double
    /// Arclength along the branch (in the scaled unknowns).
    public var arclength: Double
    /// A cycle of a flow (`.continuous`) or of a map (`.discrete`).
    public var timeDomain: TimeDomain = .continuous

    /// Stable when every nontrivial multiplier lies inside the unit circle.
    public var isStable: Bool { multipliers.dropFirst(timeDomain == .continuous ? 1 : 0).allSatisfy { $0.length < 1 } }
}

/// A bifurcation of cycles on a branch: `.fold` (of cycles), `.periodDoubling` (a multiplier crosses
/// −1) or `.neimarkSacker` (a complex pair crosses the unit circle: a torus).
public struct CycleBifurcation: Sendable {
    /// What happens.
    public var kind: BifurcationKind
    /// The parameter at the event. Maps: located like a fixed point's events (to 1e-13 of the step).
    /// Flows: located on the branch by regula falsi to 1e-12 of the step, as the zero of the tangent's
    /// parameter component (fold), of det(M + I) (period doubling) or of the bialternate product
    /// ∏ᵢ<ⱼ(μᵢμⱼ − 1) (Neimark–Sacker) of the monodromy M; should that fail, estimated from the
    /// neighbouring points (the vertex of the parabola through three, or linearly between two). A change in the count of multipliers beyond
    /// −1 or of complex pairs outside the circle that no multiplier crossing the unit circle explains
    /// (two multipliers meeting on the real axis outside it) is not an event and is not reported.
    public var parameter: Double
    /// Maps: the cycle at the event; flows: the branch point just past it.
    public var point: CyclePoint

    /// An event from its parts (e.g. read back from a saved branch).
    public init(kind: BifurcationKind, parameter: Double, point: CyclePoint) {
        (self.kind, self.parameter, self.point) = (kind, parameter, point)
    }
}

/// A branch of cycles of a flow, or of k-cycles of a map, followed in one parameter.
public struct CycleBranch: Sendable {
    /// The index of the varied parameter.
    public var parameterIndex: Int
    /// The other parameters, held fixed.
    public var parameters: [Double]
    /// The certified cycles, in order along the branch.
    public var points: [CyclePoint]
    /// The events, in order along the branch.
    public var bifurcations: [CycleBifurcation]
    /// Why the branch ends where it does (see ``ContinuationBranch/Termination``).
    public var termination: ContinuationBranch.Termination
}
