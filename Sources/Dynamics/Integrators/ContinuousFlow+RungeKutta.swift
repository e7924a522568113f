extension ContinuousFlow {
    /// Integrates dx/dt = f(x) with the classical fixed-step Runge-Kutta method of order 4.
    ///
    /// - Parameters:
    ///   - x0: the initial state, `dimension` values.
    ///   - duration: the time span, ≥ 0; the last step is shortened to land on it exactly.
    ///   - dt: the step size, > 0; the global error scales as dt⁴.
    /// - Returns: the states at 0, dt, 2·dt, ..., duration.
    /// - Complexity: 4 evaluations of `step` per step, ⌈duration/dt⌉ steps.
    @inlinable
    public func trajectory(from x0: [Double], duration: Double, dt: Double) -> ODESolution {
        precondition(x0.count == dimension, "trajectory: the initial state has \(x0.count) values, dimension is \(dimension)")
        precondition(dt > 0 && dt.isFinite, "trajectory: dt must be positive and finite, got \(dt)")
        precondition(duration >= 0 && duration.isFinite, "trajectory: duration must be ≥ 0 and finite, got \(duration)")
        var solution = ODESolution(times: [0], states: [x0])
        var x = x0
        var t = 0.0
        var stepIndex = 0
        while t < duration {
            // Times are multiples of dt (not accumulated sums), so rounding does not drift.
            let tNext = Swift.min(Double(stepIndex + 1) * dt, duration)
            x = RungeKutta4.step(from: x, by: tNext - t, field: step)
            t = tNext
            stepIndex += 1
            solution.times.append(t)
            solution.states.append(x)
        }
        return solution
    }
}
