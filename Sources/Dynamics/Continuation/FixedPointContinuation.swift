/// Follows a branch of fixed points of a parametric map or flow as one parameter varies, and locates
/// the bifurcations on it.
///
/// ```swift
/// let branch = try FixedPointContinuation(logistic).branch(from: [0.6], parameters: [2.5], varying: 0, to: 3.5)
/// for point in branch.points { print(point.parameter, point.state, point.isStable) }
/// for event in branch.bifurcations { print(event.kind, event.parameter) }   // .periodDoubling at r = 3
/// ```
///
/// Pseudo-arclength continuation of G(x; λ) = 0 (G = F − id for a map, f for a flow) in y = (x, λ):
/// a tangent predictor y + h·t, then Newton on [G(y); tᵀ·(y − y_pred)] = 0 with the exact Jacobian
/// [∂G/∂x ∂G/∂λ; tᵀ] from dual numbers (one chunked pass for ∂G/∂x and ∂G/∂λ together), so folds are
/// passed, not stopped at. The step adapts (×1.5 after an easy correction, ÷2 after a hard or failed
/// one, or when the tangent turns by more than about 18°). Every point is certified like a fixed point:
/// ‖G‖ ≤ `certificationTolerance`·max(1, ‖x‖).
///
/// Events are detected by a change, between consecutive points, of a test quantity, then located by
/// bisection in arclength (each trial point corrected onto the branch):
///
/// | event | test |
/// | --- | --- |
/// | fold | sign of the tangent's λ component |
/// | branch point | sign of det [∂G/∂x ∂G/∂λ; tᵀ] |
/// | period doubling (maps) | sign of det(∂F/∂x + I) |
/// | Neimark–Sacker (maps) | number of complex multipliers outside the unit circle |
/// | Hopf (flows) | number of complex eigenvalues with Re λ > 0 |
/// | border collision | signs of a ``PiecewiseSmoothSystem``'s switching functions |
///
/// Continuous tests are located by regula falsi (Illinois), the eigenvalue counts by bisection. At a
/// border collision the eigenvalues jump, so a count that changes exactly there is reported as the
/// border collision alone, not as a smooth bifurcation at the same point.
///
/// The branch stops when λ reaches `to` (a last point exactly there), when it turns back and leaves
/// the interval on the start side, after `maximumPoints`, or when the corrector fails at the smallest
/// step; ``ContinuationBranch/termination`` says which.
///
/// - Complexity: per point a few O(n³) Newton steps and one O(n³) eigendecomposition; each event adds
///   about 45 corrections.
public struct FixedPointContinuation<System: ParametricSystem> {
    /// The system.
    public var system: System
    /// The knobs; see ``ContinuationOptions``.
    public var options: ContinuationOptions

    /// Continuation of `system`'s fixed points.
    ///
    /// - Parameters:
    ///   - system: a ``ParametricMap`` or ``ParametricFlow``.
    ///   - options: default ``ContinuationOptions/init()``.
    public init(_ system: System, options: ContinuationOptions = ContinuationOptions()) {
        self.system = system
        self.options = options
    }

    /// The branch through the fixed point near `state` at `parameters`, followed while parameter
    /// `index` goes towards `end`.
    ///
    /// - Parameters:
    ///   - state: near a fixed point at `parameters` (Newton corrects it first).
    ///   - parameters: all parameters at the start.
    ///   - index: the parameter varied.
    ///   - end: where to stop.
    /// - Throws: ``ContinuationError`` for bad arguments or options, or when no fixed point is near the
    ///   start.
    @inlinable
    public func branch(from state: [Double], parameters: [Double], varying index: Int, to end: Double) throws(ContinuationError) -> ContinuationBranch {
        let (n, m) = (system.dimension, system.parameterCount)
        if let message = options.validationError { throw .invalidOptions(message) }
        guard state.count == n else { throw .invalidArguments("the state has \(state.count) values, the system's dimension is \(n)") }
        guard parameters.count == m else { throw .invalidArguments("\(parameters.count) parameters given, the system has \(m)") }
        guard (0..<m).contains(index) else { throw .invalidArguments("parameter index \(index) is outside 0..<\(m)") }
        guard state.allSatisfy(\.isFinite), parameters.allSatisfy(\.isFinite), end.isFinite else {
            throw .invalidArguments("the state, the parameters and the end value must be finite")
        }
        let start = parameters[index]
        let range = abs(end - start)
        guard range > 0 else { throw .invalidArguments("the end value equals the start value \(start)") }
        return try ContinuationEngine(system: system, parameters: parameters, index: index, options: options)
            .branch(from: state, start: start, end: end)
    }

    /// The branch that leaves the fixed point y = (x, λ) along `direction` (a branch switch: the
    /// predictor y + h·direction corrected on the hyperplane normal to `direction`), followed from λ
    /// towards `end`; nil when the corrector or the tangent fails there.
    @inlinable
    func branch(leaving y: [Double], along direction: [Double], step h: Double, parameters: [Double], varying index: Int, to end: Double) -> ContinuationBranch? {
        ContinuationEngine(system: system, parameters: parameters, index: index, options: options)
            .branch(leaving: y, along: direction, step: h, end: end)
    }
}

/// x·y.
@usableFromInline
func dot(_ x: [Double], _ y: [Double]) -> Double {
    var sum = 0.0
    for (a, b) in zip(x, y) { sum += a * b }
    return sum
}
