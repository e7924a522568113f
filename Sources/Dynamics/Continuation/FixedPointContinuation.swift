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
        let direction: Double = end > start ? 1 : -1
        let engine = ContinuationEngine(system: system, parameters: parameters, index: index, options: options)
        guard let x0 = engine.correctAtFixedParameter(state, parameter: start) else {
            throw .notNearFixedPoint(residual: euclideanNorm(engine.residual([state, [start]].flatMap { $0 })))
        }
        let y = x0 + [start]
        var seed = [Double](repeating: 0, count: n + 1)
        seed[n] = direction
        guard let t = engine.tangent(at: y, orientedLike: seed) else { throw .notNearFixedPoint(residual: 0) }
        return follow(engine, from: y, tangent: t, start: start, end: end)
    }

    /// The branch that leaves the fixed point y = (x, λ) along `direction` (a branch switch: the
    /// predictor y + h·direction corrected on the hyperplane normal to `direction`), followed from λ
    /// towards `end`; nil when the corrector or the tangent fails there.
    @inlinable
    func branch(leaving y: [Double], along direction: [Double], step h: Double, parameters: [Double], varying index: Int, to end: Double) -> ContinuationBranch? {
        let engine = ContinuationEngine(system: system, parameters: parameters, index: index, options: options)
        let predicted = zip(y, direction).map { $0 + h * $1 }
        guard let (first, _) = engine.correct(predicted, tangent: direction),
              let tangent = engine.tangent(at: first, orientedLike: direction) else { return nil }
        return follow(engine, from: first, tangent: tangent, start: y[system.dimension], end: end)
    }

    /// The branch through the certified point y = (x, λ) with unit tangent t, followed from λ = `start`
    /// towards `end`: the predictor–corrector loop with events, shared by every way of starting a branch.
    @inlinable
    func follow(_ engine: ContinuationEngine<System>, from y0: [Double], tangent t0: [Double], start: Double, end: Double) -> ContinuationBranch {
        let (n, index, parameters) = (system.dimension, engine.index, engine.parameters)
        let (range, direction) = (abs(end - start), end > start ? 1.0 : -1.0)
        var (y, t) = (y0, t0)
        var step = options.initialStep * range
        let (largest, smallest) = (options.maximumStep * range, options.minimumStep * range)
        var points = [engine.point(y, arclength: 0)]
        var bifurcations: [Bifurcation] = []
        var tests = engine.tests(y, tangent: t, eigenvalues: points[0].eigenvalues)
        var arclength = 0.0
        var termination = ContinuationBranch.Termination.pointLimit
        while points.count < options.maximumPoints {
            let predicted = zip(y, t).map { $0 + step * $1 }
            guard let (next, iterations) = engine.correct(predicted, tangent: t),
                  let nextTangent = engine.tangent(at: next, orientedLike: t)
            else {
                step /= 2
                if step < smallest { termination = .correctorFailed; break }
                continue
            }
            let nextPoint = engine.point(next, arclength: arclength + step)
            let nextTests = engine.tests(next, tangent: nextTangent, eigenvalues: nextPoint.eigenvalues)
            // A tangent that turns by more than about 18° means the step was too long to follow the
            // curve, unless the rule switched in between (a kink turns the branch at once).
            if dot(t, nextTangent) <= 0.95 && step > smallest && !tests.changed(.borderCollision, comparedWith: nextTests) {
                step /= 2
                continue
            }
            let beyondEnd = (next[n] - end) * direction > 0
            let beforeStart = (next[n] - start) * direction < 0
            // Events up to the end of the step (or up to λ = end).
            var limit = step
            var endPoint: [Double]?
            if beyondEnd, let located = engine.locate(from: y, tangent: t, step: step, where: { ($0[n] - end) * direction > 0 }) {
                limit = located.arclength
                endPoint = engine.correctAtFixedParameter(Array(located.point[0..<n]), parameter: end).map { $0 + [end] }
            }
            var found: [Bifurcation] = []
            for kind in BifurcationKind.allCases where tests.changed(kind, comparedWith: nextTests) {
                // A border collision per switching function that changed sign.
                let components = kind == .borderCollision ? tests.switching.indices.filter { tests.switching[$0] != nextTests.switching[$0] } : [0]
                for component in components {
                    let scale = engine.logScale(kind, at: y, tangent: t)
                    // Continuous tests by regula falsi; the eigenvalue counts (Hopf, Neimark–Sacker), or a
                    // continuous test that fails, by bisection on the test of this kind alone.
                    let located = engine.locateZero(from: y, tangent: t, step: step) {
                        engine.testValue(kind, at: $0, tangent: t, component: component, logScale: scale)
                    } ?? engine.locate(from: y, tangent: t, step: step, where: { point in
                        let tangent = kind == .fold || kind == .branchPoint ? engine.tangent(at: point, orientedLike: t) ?? t : t
                        return tests.changed(kind, comparedWith: engine.tests(point, tangent: tangent, kinds: [kind]))
                    })
                    guard let located, located.arclength <= limit else { continue }
                    let eigenvalues = engine.point(located.point, arclength: 0).eigenvalues
                    found.append(Bifurcation(
                        kind: kind, parameter: located.point[n], state: Array(located.point[0..<n]), eigenvalues: eigenvalues,
                        arclength: arclength + located.arclength))
                }
            }
            // At a kink the eigenvalues jump: a stability change there is the border collision itself,
            // not a smooth bifurcation at the same place.
            let kinks = found.filter { $0.kind == .borderCollision }.map(\.arclength)
            bifurcations += found.filter { event in
                event.kind == .borderCollision || !kinks.contains { abs($0 - event.arclength) <= 1e-9 * Swift.max(step, 1e-300) + 1e-12 * abs($0) }
            }
            if beyondEnd {
                if let endPoint { points.append(engine.point(endPoint, arclength: arclength + limit)) }
                termination = .reachedEnd
                break
            }
            if beforeStart { termination = .leftInterval; break }
            arclength += step
            points.append(nextPoint)
            (y, t, tests) = (next, nextTangent, nextTests)
            if iterations <= 3 { step = Swift.min(step * 1.5, largest) } else if iterations >= 7 { step = Swift.max(step / 2, smallest) }
        }
        bifurcations.sort { $0.arclength < $1.arclength }
        if let flow = system as? any ParametricFlow {
            for k in bifurcations.indices where bifurcations[k].kind == .hopf {
                var atEvent = parameters
                atEvent[index] = bifurcations[k].parameter
                bifurcations[k].firstLyapunovCoefficient = flow.firstLyapunovCoefficient(at: bifurcations[k].state, parameters: atEvent)
            }
        }
        var fixed = parameters
        fixed[index] = start
        return ContinuationBranch(parameterIndex: index, parameters: fixed, points: points, bifurcations: bifurcations, termination: termination)
    }
}

/// x·y.
@usableFromInline
func dot(_ x: [Double], _ y: [Double]) -> Double {
    var sum = 0.0
    for (a, b) in zip(x, y) { sum += a * b }
    return sum
}
