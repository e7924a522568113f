extension PhasePlane where System: ContinuousFlow {
    /// The trajectory from `start` for `duration`, by Dormand–Prince 5(4) with adaptive steps.
    ///
    /// - Parameters:
    ///   - options: tolerances; default 1e-8 relative and absolute.
    /// - Throws: ``IntegrationError`` when the solution stops being finite or the step limit is hit.
    /// - Complexity: 6 `step`s per attempted step.
    @inlinable
    public func trajectory(from start: [Double], duration: Double, options: DormandPrinceOptions = DormandPrinceOptions()) throws(IntegrationError) -> ODESolution {
        try slice.integrate(from: start, duration: duration, options: options)
    }

    /// A limit cycle reached from `start`, or nil when the trajectory settles, diverges or does not
    /// cross its section at least 3 times, or no cycle is certified there.
    ///
    /// Found by simulation: after `transient`, the trajectory is followed for `window` and its upward
    /// crossings of the vertical line through its mean (located on the integrator's dense output) give a
    /// first point and period. Refined and
    /// certified by ``CycleFinder`` (multiple shooting on 40 segments, the shared corrector and
    /// Dormand–Prince on dual numbers at 1e-13): ‖φ(xᵢ) − xᵢ₊₁‖ ≤ 1e-11·max(1, ‖(x, T)‖). The nontrivial
    /// multiplier is Π det ∂φ/∂x over the segments (Liouville: the product of the two multipliers),
    /// which keeps its relative accuracy where the monodromy's entries cannot: a relaxation
    /// oscillator's multiplier of 1e-17 is below their rounding.
    ///
    /// - Parameters:
    ///   - start: the initial point.
    ///   - transient: time discarded first; default 200.
    ///   - window: time observed; default 200 (at least 3 periods must fit).
    /// - Returns: the cycle (400 points along it) when it is certified, moves (an equilibrium is never
    ///   reported as a cycle) and its trivial multiplier is within 1e-6 of 1; else nil.
    /// - Complexity: two adaptive integrations, then the shooting of ``CycleFinder/find(from:period:)``.
    @inlinable
    public func limitCycle(from start: [Double], transient: Double = 200, window: Double = 200) -> LimitCycle? {
        var options = DormandPrinceOptions()
        options.maxSteps = 2_000_000
        guard let settled = try? slice.integrate(from: start, duration: transient, options: options),
              let observed = try? slice.integrate(from: settled.finalState, duration: window, options: options) else { return nil }
        let states = observed.states
        // A trajectory that has settled (its extent below 1e-6 of the box) has no cycle to refine.
        let extent = Swift.max(
            (states.map { $0[0] }.max() ?? 0) - (states.map { $0[0] }.min() ?? 0),
            (states.map { $0[1] }.max() ?? 0) - (states.map { $0[1] }.min() ?? 0))
        guard extent > 1e-6 * Swift.max(x.upperBound - x.lowerBound, y.upperBound - y.lowerBound) else { return nil }
        let mean = states.reduce(0.0) { $0 + $1[0] } / Double(states.count)
        // Upward crossings of the vertical line through the mean, on the integrator's dense output.
        let crossings = observed.crossings(of: EventFunction(direction: .rising) { $0[0] - mean }).map { (time: $0.time, point: $0.state) }
        guard crossings.count >= 3 else { return nil }
        let last = crossings.count - 1
        var shooting = CycleFinderOptions()
        shooting.segments = 40
        // Tighter than CycleFinder's defaults: a phase portrait's cycle is reported to 1e-8 in state and
        // multipliers, and a planar shot is cheap.
        (shooting.integrationTolerance, shooting.certificationTolerance) = (1e-13, 1e-11)
        guard let cycle = try? CycleFinder(slice, options: shooting).find(from: crossings[last].point, period: crossings[last].time - crossings[last - 1].time),
              (cycle.multipliers[0] - Complex(1, 0)).length <= 1e-6
        else { return nil }
        return LimitCycle(points: cycle.states, period: cycle.period, residual: cycle.residual, multipliers: cycle.multipliers)
    }
}

extension PhasePlane where System: DiscreteMap {
    /// The orbit of `start`: `steps` iterations of the map, `steps + 1` points.
    ///
    /// - Complexity: `steps` `step`s.
    @inlinable
    public func orbit(from start: [Double], steps: Int) -> [[Double]] { slice.trajectory(from: start, steps: steps) }
}
