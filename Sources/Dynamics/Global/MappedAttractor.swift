import ComplexModule

/// An attractor found by an ``AttractorMapper``, identified as precisely as the toolkit can.
public struct MappedAttractor: Sendable, CustomStringConvertible {
    /// What the attractor is.
    public enum Kind: Sendable, Equatable, CustomStringConvertible {
        /// A fixed point (equilibrium of a flow), refined and certified by the corrector; stable.
        case fixedPoint
        /// A periodic orbit of a map with this minimal period, refined and certified; stable.
        case periodic(period: Int)
        /// A limit cycle of a flow, certified by ``CycleFinder``; stable. Its period is
        /// ``MappedAttractor/period``.
        case limitCycle
        /// Anything else (a chaotic attractor, a torus), or a set the corrector could not certify; see
        /// ``MappedAttractor/leadingLyapunovExponent``.
        case other

        /// "fixed point", "period-3 orbit", "limit cycle", "other".
        public var description: String {
            switch self {
            case .fixedPoint: return "fixed point"
            case let .periodic(period): return "period-\(period) orbit"
            case .limitCycle: return "limit cycle"
            case .other: return "other"
            }
        }
    }

    /// The id basins label it with: 1, 2, ... in canonical order (by position, see
    /// ``AttractorMapper``), the same for any thread count.
    public var id: Int
    /// What it is.
    public var kind: Kind
    /// States on it: the certified point, the orbit's points in order, or a sample of the
    /// trajectory that found it (for `.other`).
    public var states: [[Double]]
    /// The largest Lyapunov exponent along it (per step for maps, per unit time for flows), for
    /// `.other` attractors; nil for certified fixed points and cycles, whose stability is
    /// ``eigenvalues`` instead.
    public var leadingLyapunovExponent: Double?
    /// The eigenvalues of the Jacobian (fixed points) or the multipliers of the orbit (map cycles;
    /// for a flow's limit cycle the trivial multiplier ≈ 1 first, then the others), sorted by modulus,
    /// descending; empty for `.other`.
    public var eigenvalues: [Complex<Double>]
    /// ‖G‖ at the certified state (fixed points, cycles); nil for `.other`.
    public var residual: Double?
    /// The period of a flow's limit cycle (time); nil for other kinds.
    public var period: Double?

    /// An attractor from its parts.
    public init(
        id: Int, kind: Kind, states: [[Double]], leadingLyapunovExponent: Double? = nil, eigenvalues: [Complex<Double>] = [], residual: Double? = nil,
        period: Double? = nil
    ) {
        self.period = period
        self.id = id
        self.kind = kind
        self.states = states
        self.leadingLyapunovExponent = leadingLyapunovExponent
        self.eigenvalues = eigenvalues
        self.residual = residual
    }

    /// "attractor 2: fixed point at [..]" and the like.
    public var description: String {
        let first = states.first.map { "\($0)" } ?? "[]"
        let exponent = leadingLyapunovExponent.map { ", leading Lyapunov exponent \($0)" } ?? ""
        return "attractor \(id): \(kind) at \(first)\(states.count > 1 ? " (\(states.count) states)" : "")\(exponent)"
    }
}
