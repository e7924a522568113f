import ComplexModule

/// Settings of ``CycleContinuation``.
public struct CycleContinuationOptions: Sendable {
    /// Shooting segments m; default 8.
    public var segments = 8
    /// Local error tolerance of the shots (Dormand–Prince 8(5,3)); default 1e-11, at which a
    /// Hodgkin–Huxley branch's events and periods are as near the exact ones (measured against 1e-13)
    /// as the 5(4) pair's at 1e-12.
    public var integrationTolerance = 1e-11
    /// A point is certified when its equations' residual is at most this times max(1, ‖z‖); default
    /// 1e-10 (small cycles near a Hopf point need it: their nodes are a residual's size from exact).
    public var certificationTolerance = 1e-10
    /// Arclength steps (in the unknowns: nodes, period, parameter): first, largest, smallest;
    /// defaults 0.02, 0.2, 1e-7.
    public var initialStep = 0.02
    public var maximumStep = 0.2
    public var minimumStep = 1e-7
    /// Points at most; default 300.
    public var maximumPoints = 300
    /// The first cycle's displacement from a Hopf point, times max(1, ‖x*‖); default 1e-3.
    public var startAmplitude = 1e-3

    /// Options with the defaults above.
    public init() {}

    /// The first option out of its domain, or nil.
    public var validationError: InvalidArgument? {
        if !(1...200).contains(segments) { return InvalidArgument("segments", is: segments, allowed: "it must be in 1...200 (default 8)") }
        if !(integrationTolerance >= 1e-15 && integrationTolerance <= 1e-4) {
            return InvalidArgument("integrationTolerance", is: integrationTolerance, allowed: "it must be in [1e-15, 1e-4] (default 1e-11)")
        }
        if !(certificationTolerance > 0 && certificationTolerance < 1) {
            return InvalidArgument("certificationTolerance", is: certificationTolerance, allowed: "it must be in (0, 1) (default 1e-10)")
        }
        if !(minimumStep > 0 && minimumStep <= initialStep && initialStep <= maximumStep && maximumStep.isFinite) {
            return InvalidArgument("steps", is: "\(minimumStep), \(initialStep), \(maximumStep)", allowed: "need 0 < minimumStep ≤ initialStep ≤ maximumStep < ∞")
        }
        if !(2...100_000).contains(maximumPoints) { return InvalidArgument("maximumPoints", is: maximumPoints, allowed: "it must be in 2...100000 (default 300)") }
        if !(startAmplitude > 0 && startAmplitude < 1) { return InvalidArgument("startAmplitude", is: startAmplitude, allowed: "it must be in (0, 1) (default 1e-3)") }
        return nil
    }
}

/// Branches of periodic orbits of a parametric flow followed in one parameter by pseudo-arclength
/// continuation of the multiple-shooting system (see ``CycleFinder``), from a Hopf point or from a
/// cycle found by ``CycleFinder``, with folds of cycles, period doublings and Neimark–Sacker points
/// detected on the way.
///
/// ```swift
/// let branch = try FixedPointContinuation(family).branch(from: x0, parameters: p, varying: 0, to: 2)
/// let hopf = branch.bifurcations.first { $0.kind == .hopf }!
/// let cycles = try CycleContinuation(family).branch(fromHopf: hopf, on: branch, to: 2.0)
/// for c in cycles.points { print(c.parameter, c.period, c.amplitude, c.isStable) }
/// ```
///
/// The unknowns are the m nodes, the period T and the parameter λ; the equations are the periodicity
/// of the shots, a phase condition against the previous cycle, and the arclength condition. In the
/// shots with tangents λ is a dual number, so ∂φ/∂λ comes with ∂φ/∂x from the same dual-number
/// integration. Every point is certified by the shared corrector.
public struct CycleContinuation<Family: ParametricSystem> {
    /// The family of flows.
    public let family: Family
    /// The settings.
    public let options: CycleContinuationOptions

    /// Continuation for `family` (a ``ParametricFlow``).
    public init(_ family: Family, options: CycleContinuationOptions = CycleContinuationOptions()) {
        self.family = family
        self.options = options
    }

    /// The branch of cycles born at `hopf` (an event of `branch`), followed until the parameter reaches
    /// `end`, the branch turns back out of the interval, or a limit is hit.
    ///
    /// - Parameters:
    ///   - hopf: a `.hopf` event of `branch`.
    ///   - branch: the fixed-point branch it lies on (for the parameters and the index varied).
    ///   - end: the parameter value to reach.
    /// - Returns: the branch, starting next to the Hopf point (amplitude about `startAmplitude`).
    /// - Throws: ``CycleError`` for a map, an event that is not a Hopf point, or no first cycle.
    /// - Complexity: per point a few Newton iterations, each ⌈(n + 1)/8⌉ passes of Dormand–Prince on
    ///   dual numbers over one period and one O((m·n)³) solve.
    @inlinable
    public func branch(fromHopf hopf: Bifurcation, on branch: ContinuationBranch, to end: Double) throws(CycleError) -> CycleBranch {
        guard Family.timeDomain == .continuous else { throw .invalidArguments(InvalidArgument("family", is: "a map", allowed: "cycles of flows only")) }
        guard hopf.kind == .hopf else { throw .invalidArguments(InvalidArgument("hopf", is: hopf.kind, allowed: "a .hopf event of the branch")) }
        var parameters = branch.parameters
        parameters[branch.parameterIndex] = hopf.parameter
        return try engine(parameters: parameters, index: branch.parameterIndex).branch(fromHopf: hopf.state, at: hopf.parameter, to: end)
    }

    /// The branch through `cycle` (found at `parameters`), followed in parameter `index` toward `end`.
    ///
    /// - Throws: ``CycleError`` for bad arguments or when the cycle does not continue.
    @inlinable
    public func branch(from cycle: FlowCycle, parameters: [Double], varying index: Int, to end: Double) throws(CycleError) -> CycleBranch {
        guard Family.timeDomain == .continuous else { throw .invalidArguments(InvalidArgument("family", is: "a map", allowed: "cycles of flows only")) }
        guard parameters.count == family.parameterCount, (0..<family.parameterCount).contains(index) else {
            throw .invalidArguments(InvalidArgument("parameters / index", is: "\(parameters.count) / \(index)", allowed: "one value per parameter and an index below \(family.parameterCount)"))
        }
        let samples = cycle.states.count >= options.segments ? cycle.states : cycle.nodes
        let nodes = (0..<options.segments).map { samples[$0 * samples.count / options.segments] }
        return try engine(parameters: parameters, index: index).branch(fromNodes: nodes, period: cycle.period, at: parameters[index], to: end)
    }

    /// The engine over shots of the family, λ a dual number in the shots with tangents.
    @inlinable
    func engine(parameters: [Double], index: Int) throws(CycleError) -> CycleBranchEngine {
        if let problem = options.validationError { throw .invalidArguments(problem) }
        guard parameters.allSatisfy(\.isFinite) else { throw .invalidArguments(InvalidArgument("parameters", is: parameters, allowed: "they must be finite")) }
        let family = self.family
        let n = family.dimension
        // The n + 1 columns [∂φ/∂x | ∂φ/∂λ] in ⌈(n + 1)/W⌉ passes: one on Dual<4> for planar and 3-D
        // families (about half Dual<8>'s cost, with the same steps: unused partials are zero and add
        // nothing to the error norm), Dual<8> otherwise.
        var integrator = EmbeddedRungeKuttaStepper<Dual<8>, DormandPrince853>(dimension: n, tolerance: options.integrationTolerance, initialStep: 1e-3)
        var narrow = EmbeddedRungeKuttaStepper<Dual<4>, DormandPrince853>(dimension: n, tolerance: options.integrationTolerance, initialStep: 1e-3)
        // Shots without tangents run on plain values, at their λ.
        var values = EmbeddedRungeKuttaStepper<Double, DormandPrince853>(dimension: n, tolerance: options.integrationTolerance, initialStep: 1e-3)
        return CycleBranchEngine(
            options: options, dimension: n, parameterIndex: index, parameters: parameters,
            field: { x, lambda in
                var p = parameters
                p[index] = lambda
                return family.step(x, parameters: p)
            },
            jacobian: { x, lambda in
                // ∂f/∂x: the first n columns of the family's [∂f/∂x | ∂f/∂p] (an analytic override if any).
                var p = parameters
                p[index] = lambda
                let joint = family.jointJacobian(at: x, parameters: p)
                var stateJacobian = Matrix(rows: n, columns: n)
                for r in 0..<n { for c in 0..<n { stateJacobian[r, c] = joint[r, c] } }
                return stateJacobian
            },
            shot: { x, lambda, duration, wantsJacobian throws(CycleError) in
                var p = parameters
                p[index] = lambda
                if !wantsJacobian {
                    return (try CycleShooting.shoot(FixedParameterFlow(base: family, parameters: p), &values, from: x, duration: duration), nil)
                }
                // λ's tangent lane in the pass that holds column n, if this pass does.
                func lane(_ first: Int, _ width: Int) -> Int? { (first..<(first + width)).contains(n) ? n - first : nil }
                return n + 1 <= 4
                    ? try CycleShooting.shootWithJacobian(&narrow, from: x, duration: duration, columns: n + 1) { first, width in
                        DualParameterField<Family, 4>(base: family, parameters: p, index: index, lane: lane(first, width))
                    }
                    : try CycleShooting.shootWithJacobian(&integrator, from: x, duration: duration, columns: n + 1) { first, width in
                        DualParameterField<Family, 8>(base: family, parameters: p, index: index, lane: lane(first, width))
                    }
            })
    }
}

/// A family at fixed parameters as the field of a shot on `Dual<W>`, parameter `index` carrying the
/// tangent lane `lane` (a constant when nil): the shot's partials in that lane are ∂φ/∂λ, from the
/// same steps as ∂φ/∂x.
@usableFromInline
struct DualParameterField<Base: ParametricSystem, let W: Int>: DormandPrinceField {
    @usableFromInline let base: Base
    @usableFromInline let parameters: [Dual<W>]

    @inlinable init(base: Base, parameters: [Double], index: Int, lane: Int?) {
        self.base = base
        var dual = parameters.map { Dual<W>($0) }
        if let lane {
            var partials = InlineArray<W, Double>(repeating: 0)
            partials[lane] = 1
            dual[index] = Dual<W>(value: parameters[index], partials: partials)
        }
        self.parameters = dual
    }

    @inlinable @inline(__always)
    func evaluate(_ x: [Dual<W>], into f: inout [Dual<W>]) { f = base.step(x, parameters: parameters) }
}
