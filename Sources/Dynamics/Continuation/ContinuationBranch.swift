/// One certified point of a branch of fixed points.
public struct BranchPoint: Sendable {
    /// The value of the varied parameter.
    public var parameter: Double
    /// The fixed point.
    public var state: [Double]
    /// ‖G(x; p)‖₂ (certified: ≤ tolerance · max(1, ‖x‖)).
    public var residual: Double
    /// Eigenvalues of ∂F/∂x (∂f/∂x for a flow), by modulus descending.
    public var eigenvalues: [Complex<Double>]
    /// Eigenvalues with |λ| > 1 (maps) or Re λ > 0 (flows).
    public var unstableCount: Int
    /// Arclength along the branch from its start (in (x, p) space).
    public var arclength: Double

    /// Whether the fixed point is linearly stable: no unstable eigenvalue, none on the boundary.
    public var isStable: Bool { unstableCount == 0 && !isMarginal }
    /// Whether an eigenvalue sits on the stability boundary to 1e-12.
    public var isMarginal: Bool = false

    /// A point from its parts.
    public init(parameter: Double, state: [Double], residual: Double, eigenvalues: [Complex<Double>], unstableCount: Int, arclength: Double, isMarginal: Bool) {
        self.parameter = parameter
        self.state = state
        self.residual = residual
        self.eigenvalues = eigenvalues
        self.unstableCount = unstableCount
        self.arclength = arclength
        self.isMarginal = isMarginal
    }
}

/// A bifurcation located on a branch.
public struct Bifurcation: Sendable {
    /// What happens there.
    public var kind: BifurcationKind
    /// The value of the varied parameter at the event.
    public var parameter: Double
    /// The fixed point at the event.
    public var state: [Double]
    /// Eigenvalues of ∂F/∂x (∂f/∂x) at the event, by modulus descending.
    public var eigenvalues: [Complex<Double>]
    /// Arclength along the branch.
    public var arclength: Double
    /// For a Hopf point of a flow, the first Lyapunov coefficient ℓ₁: negative when the cycle born
    /// there is stable (supercritical), positive when it is unstable (subcritical); nil otherwise. See
    /// ``DynamicalSystem/firstLyapunovCoefficient(at:)``.
    public var firstLyapunovCoefficient: Double?

    /// An event from its parts.
    public init(kind: BifurcationKind, parameter: Double, state: [Double], eigenvalues: [Complex<Double>], arclength: Double) {
        self.kind = kind
        self.parameter = parameter
        self.state = state
        self.eigenvalues = eigenvalues
        self.arclength = arclength
    }
}

/// A branch of fixed points followed in one parameter.
public struct ContinuationBranch: Sendable {
    /// The index of the varied parameter.
    public var parameterIndex: Int
    /// The other parameters, held fixed (the varied one at its start value).
    public var parameters: [Double]
    /// The certified points, in order along the branch.
    public var points: [BranchPoint]
    /// The events, in order along the branch.
    public var bifurcations: [Bifurcation]
    /// Why the continuation stopped.
    public var termination: Termination

    /// Why a continuation stopped.
    public enum Termination: String, Sendable, Codable {
        /// The branch reached the end value of the parameter.
        case reachedEnd
        /// The branch turned back and left the parameter interval on the start side.
        case leftInterval
        /// `maximumPoints` were computed.
        case pointLimit
        /// The corrector failed even at the smallest step (a singular point it cannot pass, or the
        /// branch ends).
        case correctorFailed
        /// A branch of cycles shrank back onto an equilibrium (into another Hopf point): its amplitude
        /// fell below a tenth of the first cycle's.
        case shrankToEquilibrium
    }

    /// A branch from its parts.
    public init(parameterIndex: Int, parameters: [Double], points: [BranchPoint], bifurcations: [Bifurcation], termination: Termination) {
        self.parameterIndex = parameterIndex
        self.parameters = parameters
        self.points = points
        self.bifurcations = bifurcations
        self.termination = termination
    }
}

/// Why a continuation could not start.
public enum ContinuationError: Error, Equatable, CustomStringConvertible {
    /// The start state has the wrong length, a value is not finite, or the parameter index is out of range.
    case invalidArguments(String)
    /// An option is out of range.
    case invalidOptions(String)
    /// Newton at the start parameter did not reach a fixed point from the given state.
    case notNearFixedPoint(residual: Double)
    /// The event given to ``FixedPointContinuation/curve(of:on:alsoVarying:within:)`` does not solve
    /// the defining system of its kind (it is not such a bifurcation point, or not of this family).
    case notOnCurve(kind: BifurcationKind, residual: Double)

    /// A readable explanation with what to do.
    public var description: String {
        switch self {
        case let .invalidArguments(message): return "continuation: \(message)"
        case let .invalidOptions(message): return "invalid continuation options: \(message)"
        case let .notNearFixedPoint(residual):
            return "continuation: the start state is not near a fixed point at the start parameter (Newton ended at residual \(residual)); start from a fixed point, e.g. one SlowPointFinder certified"
        case let .notOnCurve(kind, residual):
            return "two-parameter continuation: the event is not a \(kind) point of this family (Newton on its defining system ended at residual \(residual)); pass an event of this kind from a branch of this family"
        }
    }
}
