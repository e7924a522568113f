import ComplexModule

/// Settings of ``CycleFinder``.
public struct CycleFinderOptions: Sendable {
    /// Shooting segments m; default 8. More segments tame long or strongly unstable cycles (each shot
    /// spans T/m); the multipliers do not depend on m beyond the integration accuracy.
    public var segments = 8
    /// Local error tolerance of the Dormand–Prince shots (relative and absolute, values and tangents);
    /// default 1e-12.
    public var integrationTolerance = 1e-12
    /// Certified when ‖(φ_{T/m}(xᵢ) − xᵢ₊₁)ᵢ, phase‖₂ ≤ certificationTolerance·max(1, ‖(x, T)‖₂);
    /// default 1e-9.
    public var certificationTolerance = 1e-9
    /// Newton iterations at most; default 40.
    public var maximumIterations = 40

    /// Options with the defaults above.
    public init() {}

    /// The first option out of its domain, or nil.
    public var validationError: InvalidArgument? {
        if !(1...1_000).contains(segments) { return InvalidArgument("segments", is: segments, allowed: "it must be in 1...1000 (default 8)") }
        if !(integrationTolerance >= 1e-15 && integrationTolerance <= 1e-3) {
            return InvalidArgument("integrationTolerance", is: integrationTolerance, allowed: "it must be in [1e-15, 1e-3] (default 1e-12)")
        }
        if !(certificationTolerance > 0 && certificationTolerance < 1) {
            return InvalidArgument("certificationTolerance", is: certificationTolerance, allowed: "it must be in (0, 1) (default 1e-9)")
        }
        if !(1...10_000).contains(maximumIterations) { return InvalidArgument("maximumIterations", is: maximumIterations, allowed: "it must be in 1...10000 (default 40)") }
        return nil
    }
}

/// Periodic orbits of a flow of any dimension, stable or unstable, by multiple shooting.
///
/// ```swift
/// let cycle = try CycleFinder(flow).find(from: x0, period: 6.3)
/// print(cycle.period, cycle.multipliers, cycle.isStable)
/// ```
///
/// The unknowns are m nodes x₀ … x_{m−1} and the period T; the equations are
/// φ_{T/m}(xᵢ) = x_{i+1 mod m} (each node flows onto the next in a time T/m) and the phase condition
/// f(x̂)·(x₀ − x̂) = 0 (x̂ the first node of the guess), which removes the shift along the orbit. Newton
/// (with the shared Levenberg–Marquardt fallback) solves them with the exact bordered Jacobian: the
/// blocks Mᵢ = ∂φ_{T/m}/∂x at each node come from Dormand–Prince on dual numbers (eight tangents per
/// pass), −I for the next node, f(φ(xᵢ))/m for T. Since each shot spans only T/m, an unstable cycle
/// (whose single shot would amplify errors by its largest multiplier) is found as easily as a stable
/// one. The Floquet multipliers are the eigenvalues of the monodromy M_{m−1}⋯M₀ (in two dimensions the
/// nontrivial one from Π det Mᵢ, see `FloquetMultipliers`).
public struct CycleFinder<System: ContinuousFlow> {
    /// The flow.
    public let system: System
    /// The settings.
    public let options: CycleFinderOptions

    /// A finder for `system`'s cycles.
    ///
    /// - Parameters:
    ///   - system: the flow, any dimension ≥ 2.
    ///   - options: segments and tolerances; defaults in ``CycleFinderOptions``.
    public init(_ system: System, options: CycleFinderOptions = CycleFinderOptions()) {
        self.system = system
        self.options = options
    }

    /// The cycle through (or near) `start` with period near `period`.
    ///
    /// - Parameters:
    ///   - start: a state on or near the cycle (after a transient, for a stable one).
    ///   - period: a guess of the period, > 0 (from successive crossings of a section, say).
    /// - Returns: the certified cycle, its nodes starting at the solution's x₀.
    /// - Throws: ``CycleError``: a bad argument, a trajectory that diverges, no convergence, or an
    ///   equilibrium found instead of a cycle.
    /// - Complexity: per Newton iteration ⌈n/8⌉ passes of Dormand–Prince on `Dual<8>` over one period
    ///   (⌈n/4⌉ on `Dual<4>` for n ≤ 4) and one O((m·n)³) solve.
    @inlinable
    public func find(from start: [Double], period: Double) throws(CycleError) -> FlowCycle {
        try find(along: [start], period: period)
    }

    /// The cycle near the closed curve `orbit` with period near `period`: the way to an unstable
    /// cycle, whose neighbours leave it too fast to be followed for a whole period.
    ///
    /// - Parameters:
    ///   - orbit: states along the guessed cycle, equally spaced in time over one period (any number;
    ///     the shooting nodes are taken from them). A single state is flowed to make the nodes, as in
    ///     ``find(from:period:)``.
    ///   - period: a guess of the period, > 0.
    /// - Returns: the certified cycle.
    /// - Throws: ``CycleError`` (see ``find(from:period:)``).
    /// - Complexity: as ``find(from:period:)``.
    @inlinable
    public func find(along orbit: [[Double]], period: Double) throws(CycleError) -> FlowCycle {
        let n = system.dimension
        if let problem = options.validationError { throw .invalidArguments(problem) }
        guard n >= 2 else { throw .invalidArguments(InvalidArgument("the system's dimension", is: n, allowed: "a cycle needs at least 2 variables")) }
        guard !orbit.isEmpty else { throw .invalidArguments(InvalidArgument("orbit", is: "empty", allowed: "give at least one state")) }
        for state in orbit {
            guard state.count == n else { throw .invalidArguments(InvalidArgument("start", is: "\(state.count) values", allowed: "the system's dimension is \(n)")) }
            guard state.allSatisfy(\.isFinite) else { throw .invalidArguments(InvalidArgument("start", is: state, allowed: "it must be finite")) }
        }
        guard period > 0 && period.isFinite else { throw .invalidArguments(InvalidArgument("period", is: period, allowed: "it must be positive and finite")) }
        let tolerance = options.integrationTolerance
        let system = self.system
        // Shots without tangents run on plain values.
        var values = EmbeddedRungeKuttaStepper<Double, DormandPrince853>(dimension: n, tolerance: tolerance, initialStep: period / 64)
        if n <= 4 {
            var integrator = EmbeddedRungeKuttaStepper<Dual<4>, DormandPrince853>(dimension: n, tolerance: tolerance, initialStep: period / 64)
            return try CycleShooting(options: options, dimension: n, field: { system.step($0) }) { x, duration, wantsJacobian throws(CycleError) in
                wantsJacobian ? try CycleShooting.shootWithJacobian(&integrator, from: x, duration: duration, columns: n) { _, _ in FlowField(system) }
                    : (try CycleShooting.shoot(system, &values, from: x, duration: duration), nil)
            }.solve(along: orbit, period: period)
        }
        var integrator = EmbeddedRungeKuttaStepper<Dual<8>, DormandPrince853>(dimension: n, tolerance: tolerance, initialStep: period / 64)
        return try CycleShooting(options: options, dimension: n, field: { system.step($0) }) { x, duration, wantsJacobian throws(CycleError) in
            wantsJacobian ? try CycleShooting.shootWithJacobian(&integrator, from: x, duration: duration, columns: n) { _, _ in FlowField(system) }
                : (try CycleShooting.shoot(system, &values, from: x, duration: duration), nil)
        }.solve(along: orbit, period: period)
    }
}
