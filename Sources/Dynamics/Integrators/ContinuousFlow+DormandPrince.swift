import RealModule

/// Settings of the adaptive Dormand-Prince 5(4) integrator.
public struct DormandPrinceOptions: Sendable {
    /// Absolute tolerance per component; default 1e-8.
    public var absoluteTolerance: Double
    /// Relative tolerance per component; default 1e-8.
    public var relativeTolerance: Double
    /// The first trial step; nil (default) picks one from the scale of x₀ and f(x₀) (Hairer's rule).
    public var initialStep: Double?
    /// Upper bound on the step size; default ∞.
    public var maxStep: Double
    /// Give up after this many accepted and rejected steps; default 100,000.
    public var maxSteps: Int

    /// Options with the documented defaults. Values are checked when an integration starts
    /// (``validationError``), which throws ``IntegrationError/invalidArguments(_:)`` for a bad one.
    public init(
        absoluteTolerance: Double = 1e-8, relativeTolerance: Double = 1e-8, initialStep: Double? = nil,
        maxStep: Double = .infinity, maxSteps: Int = 100_000
    ) {
        self.absoluteTolerance = absoluteTolerance
        self.relativeTolerance = relativeTolerance
        self.initialStep = initialStep
        self.maxStep = maxStep
        self.maxSteps = maxSteps
    }

    /// The first option out of its domain, or nil when all are usable.
    ///
    /// - Complexity: O(1).
    public var validationError: InvalidArgument? {
        if !(absoluteTolerance > 0 && absoluteTolerance.isFinite) {
            return InvalidArgument("absoluteTolerance", is: absoluteTolerance, allowed: "it must be positive and finite (default 1e-8)")
        }
        if !(relativeTolerance >= 0 && relativeTolerance.isFinite) {
            return InvalidArgument("relativeTolerance", is: relativeTolerance, allowed: "it must be ≥ 0 and finite (default 1e-8)")
        }
        if let initialStep, !(initialStep > 0 && initialStep.isFinite) {
            return InvalidArgument("initialStep", is: initialStep, allowed: "it must be positive and finite, or nil to choose one")
        }
        if !(maxStep > 0) || maxStep.isNaN {
            return InvalidArgument("maxStep", is: maxStep, allowed: "it must be positive (default ∞)")
        }
        if maxSteps < 1 {
            return InvalidArgument("maxSteps", is: maxSteps, allowed: "it must be at least 1 (default 100,000)")
        }
        return nil
    }
}

extension ContinuousFlow {
    /// Integrates dx/dt = f(x) adaptively with the Dormand-Prince 5(4) pair, keeping the local error of
    /// each accepted step below `atol + rtol·|x|` in the RMS norm (as scipy's RK45 and Julia's DP5).
    ///
    /// - Parameters:
    ///   - x0: the initial state, `dimension` values.
    ///   - duration: the time span, ≥ 0.
    ///   - options: tolerances and step limits; defaults 1e-8 / 1e-8.
    /// - Returns: every accepted step's time and state, ending exactly at `duration`, with the dense
    ///   output that ``ODESolution/state(at:)`` evaluates at any time in between.
    /// - Throws: ``IntegrationError`` for a bad argument (wrong-length state, negative or infinite
    ///   duration, an option out of its domain), or when the solution stops being finite, the step
    ///   size underflows, or `maxSteps` is reached.
    /// - Complexity: 6 evaluations of `step` per attempted step (first-same-as-last).
    @inlinable
    public func integrate(
        from x0: [Double], duration: Double, options: DormandPrinceOptions = DormandPrinceOptions()
    ) throws(IntegrationError) -> ODESolution {
        try integrate(from: x0, duration: duration, options: options, events: []).solution
    }

    /// Integrates like ``integrate(from:duration:options:)`` and records where the state crosses the
    /// zero of each event function: Poincaré sections, thresholds, period detection. Zeros are located
    /// on the dense output of each step in which an event function changes sign (in its direction), so
    /// an event function that changes sign twice within one step is missed: cap `maxStep` below half
    /// the shortest time between crossings when that can happen.
    ///
    /// ```swift
    /// let section = EventFunction(direction: .rising) { $0[1] }
    /// let (_, crossings) = try flow.integrate(from: x0, duration: 100, events: [section])
    /// ```
    ///
    /// - Parameters:
    ///   - events: the event functions (see ``EventFunction``).
    /// - Returns: the solution and the crossings in time order.
    /// - Throws: as ``integrate(from:duration:options:)``.
    /// - Complexity: as ``integrate(from:duration:options:)``, plus one evaluation of each event
    ///   function per accepted step and about ten per crossing.
    @inlinable
    public func integrate(
        from x0: [Double], duration: Double, options: DormandPrinceOptions = DormandPrinceOptions(), events: [EventFunction]
    ) throws(IntegrationError) -> (solution: ODESolution, crossings: [EventCrossing]) {
        guard x0.count == dimension else {
            throw .invalidArguments(InvalidArgument("the initial state", is: "\(x0.count) values", allowed: "the system's dimension is \(dimension)"))
        }
        guard duration >= 0 && duration.isFinite else {
            throw .invalidArguments(InvalidArgument("duration", is: duration, allowed: "it must be ≥ 0 and finite"))
        }
        if let problem = options.validationError { throw .invalidArguments(problem) }
        let n = dimension
        return try DormandPrinceSolver.solve(
            field: { x in
                let f = step(x)
                precondition(f.count == n, "step returned \(f.count) values, the system's dimension is \(n)")
                return f
            },
            from: x0, duration: duration, options: options, events: events)
    }
}
