/// Why Newton / Levenberg-Marquardt refinement of a point stopped.
public enum RefinementOutcome: String, Sendable, Codable {
    /// ‖G(x)‖ fell below the certification tolerance: an exact fixed point.
    case certified
    /// No step reduced ‖G‖ any further: a local minimum of q above zero (a slow point), or a point
    /// whose residual cannot be reduced below the tolerance in floating point.
    case stalled
    /// The iteration limit was reached before either.
    case iterationLimit
}

extension RefinementOutcome {
    /// The slow-point reading of why the shared corrector stopped.
    @usableFromInline
    init(_ outcome: NewtonCorrector.Outcome) {
        switch outcome {
        case .converged: self = .certified
        case .stalled: self = .stalled
        case .iterationLimit: self = .iterationLimit
        }
    }
}

/// A point found by ``SlowPointFinder``, with the diagnostics that say what it is.
public struct SlowPoint: Sendable {
    /// The state.
    public var state: [Double]
    /// Index, into the candidates passed in, of the candidate this point came from (the first one, when
    /// several converged to the same point).
    public var candidateIndex: Int
    /// Every candidate that converged to this point, ascending.
    public var candidateIndices: [Int]
    /// ‖G(x)‖₂: ‖F(x) − x‖ for a map, ‖f(x)‖ for a flow.
    public var residual: Double
    /// q(x) = mean over dimensions of G(x)².
    public var loss: Double
    /// Refinement iterations used.
    public var iterations: Int
    /// Why refinement stopped.
    public var outcome: RefinementOutcome
    /// Estimated 1-norm condition number of ∂G/∂x at the point (J − I for a map, J for a flow); ∞ when
    /// singular, as at a point of a line attractor.
    public var conditionNumber: Double

    /// A point with its diagnostics.
    @inlinable
    public init(
        state: [Double], candidateIndex: Int, candidateIndices: [Int], residual: Double, loss: Double,
        iterations: Int, outcome: RefinementOutcome, conditionNumber: Double
    ) {
        self.state = state
        self.candidateIndex = candidateIndex
        self.candidateIndices = candidateIndices
        self.residual = residual
        self.loss = loss
        self.iterations = iterations
        self.outcome = outcome
        self.conditionNumber = conditionNumber
    }

    /// Whether the point is certified as an exact fixed point (its residual is below the tolerance).
    public var isFixedPoint: Bool { outcome == .certified }
}

/// What ``SlowPointFinder/find(from:)`` found.
public struct SlowPointResult: Sendable {
    /// The distinct points, exact fixed points and slow points alike, ordered by candidate index.
    public var points: [SlowPoint]
    /// Every candidate's own refinement result, in candidate order (before de-duplication).
    public var refined: [SlowPoint]
    /// The gradient warm start.
    public var warmStart: GradientSearchResult

    /// A result from its parts.
    @inlinable
    public init(points: [SlowPoint], refined: [SlowPoint], warmStart: GradientSearchResult) {
        self.points = points
        self.refined = refined
        self.warmStart = warmStart
    }

    /// The distinct certified fixed points.
    public var fixedPoints: [SlowPoint] { points.filter(\.isFixedPoint) }
    /// The distinct points that are not fixed points: local minima of q above zero.
    public var slowPoints: [SlowPoint] { points.filter { !$0.isFixedPoint } }
}

/// The outcome of the tutorial's Adam protocol on a batch of candidates.
public struct GradientSearchResult: Sendable {
    /// The optimized states, one per candidate, in candidate order.
    public var states: [[Double]]
    /// q at each optimized state.
    public var losses: [Double]
    /// The objective (mean of q over the points) at every step, before that step's update.
    public var objectiveHistory: [Double]
    /// Steps taken (≤ numSteps; fewer after an early stop).
    public var steps: Int
    /// Wall-clock seconds.
    public var seconds: Double

    /// A result from its parts.
    @inlinable
    public init(states: [[Double]], losses: [Double], objectiveHistory: [Double], steps: Int, seconds: Double) {
        self.states = states
        self.losses = losses
        self.objectiveHistory = objectiveHistory
        self.steps = steps
        self.seconds = seconds
    }

    /// The objective after the last update (mean of `losses`).
    public var finalObjective: Double { losses.isEmpty ? 0 : losses.reduce(0, +) / Double(losses.count) }

    /// The optimized points as a ``CandidateSet``, ready for the tutorial's filters.
    public var candidates: CandidateSet {
        CandidateSet(states: states, losses: losses, candidateIndices: Array(states.indices))
    }
}

/// Bad candidates for a slow-point search: the message names the row and what to fix.
public enum SlowPointError: Error, Equatable, CustomStringConvertible {
    /// No candidates were given.
    case noCandidates
    /// Row `row` has `count` values; the system's dimension is `dimension`.
    case wrongDimension(row: Int, count: Int, dimension: Int)
    /// Row `row` holds NaN or ±∞.
    case nonFinite(row: Int)
    /// The search diverged (the objective became NaN or infinite) at `step`.
    case diverged(step: Int)
    /// An option of ``SlowPointOptions`` is out of range; the message names it.
    case invalidOptions(String)
    /// Row `row` holds a value beyond float32's range, and the search runs in single precision.
    case beyondSinglePrecision(row: Int)
    /// The eigenvalues at a found point could not be computed (LAPACK failed to converge).
    case stability(LinearAlgebraError)

    /// A readable explanation with a suggested fix.
    public var description: String {
        switch self {
        case .noCandidates:
            return "no candidate states were given; pass at least one state (e.g. rows of recorded activity)"
        case let .wrongDimension(row, count, dimension):
            return "candidate row \(row) has \(count) values, but the system's dimension is \(dimension)"
        case let .nonFinite(row):
            return "candidate row \(row) holds NaN or infinite values; remove or repair it"
        case let .diverged(step):
            return "the gradient search diverged at step \(step) (objective NaN or infinite); lower the learning rate"
        case let .invalidOptions(message):
            return "invalid slow-point options: \(message)"
        case let .beyondSinglePrecision(row):
            return "candidate row \(row) holds values beyond float32's range (±3.4e38); run the search in double precision or rescale the states"
        case let .stability(problem):
            return "the stability of a found point could not be computed: \(problem)"
        }
    }
}
