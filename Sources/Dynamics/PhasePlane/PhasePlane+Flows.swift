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
    /// cross its section at least 3 times.
    ///
    /// Found by simulation: after `transient`, the trajectory is followed for `window` and its upward
    /// crossings of the vertical line through its mean give a first point and period. Refined by
    /// shooting: Newton on (x₀, T) for φ_T(x₀) = x₀ with the phase condition f(x̂)·(x₀ − x̂) = 0, the
    /// flow φ_T and its monodromy matrix M = ∂φ_T/∂x₀ integrated together by RK4 on dual numbers
    /// (steps doubled until two step sizes agree, to 1e-12 at the end). The trivial Floquet multiplier
    /// is M's eigenvalue nearest 1; the other is exp(∮ tr J dt) (Liouville: det M is the product of
    /// the two), integrated along the certified orbit, which keeps its relative accuracy where M's
    /// entries cannot: a relaxation oscillator's multiplier of 1e-17 is below M's rounding.
    ///
    /// - Parameters:
    ///   - start: the initial point.
    ///   - transient: time discarded first; default 200.
    ///   - window: time observed; default 200 (at least 3 periods must fit).
    /// - Returns: the cycle when shooting certifies it (‖φ_T(x₀) − x₀‖ ≤ 1e-9·max(1, ‖x₀‖), the field at
    ///   x₀ nonzero and the trivial multiplier within 1e-6 of 1, so that an equilibrium is never
    ///   reported as a cycle), else nil.
    /// - Complexity: two adaptive integrations, then per Newton iteration a few RK4 passes over one
    ///   period on `Dual<2>` (to 1e-6 first, then to a thousandth of the gap, 1e-12 for the certificate).
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
        var crossings: [(time: Double, point: [Double])] = []
        for k in 1..<states.count where states[k - 1][0] < mean && states[k][0] >= mean {
            let w = (mean - states[k - 1][0]) / (states[k][0] - states[k - 1][0])
            crossings.append((observed.times[k - 1] + w * (observed.times[k] - observed.times[k - 1]),
                              [mean, states[k - 1][1] + w * (states[k][1] - states[k - 1][1])]))
        }
        guard crossings.count >= 3 else { return nil }
        let last = crossings.count - 1
        var x0 = crossings[last].point
        var period = crossings[last].time - crossings[last - 1].time
        let anchor = x0
        let direction = field(at: anchor)
        guard period > 0, direction.allSatisfy(\.isFinite) else { return nil }
        // Steps of the last converged shot: the next starts at half of them (they change little).
        var steps = 1024
        // Early iterates need the flow only to a fraction of their gap; the certificate needs 1e-12.
        var accuracy = 1e-6
        // Newton on (x₀, T): [M − I, f(φ_T(x₀)); f(x̂)ᵀ, 0]·(δx, δT) = −(φ_T(x₀) − x₀, f(x̂)·(x₀ − x̂)).
        for _ in 0..<30 {
            guard let (end, monodromy, _, used, _) = shoot(from: x0, period: period, startSteps: steps, accuracy: accuracy) else { return nil }
            steps = Swift.max(used / 2, 64)
            let gap = [end[0] - x0[0], end[1] - x0[1]]
            let residual = (gap[0] * gap[0] + gap[1] * gap[1]).squareRoot()
            let size = Swift.max(1, (x0[0] * x0[0] + x0[1] * x0[1]).squareRoot())
            if residual <= 1e-9 * size && accuracy <= 1e-12 {
                guard let (_, _, points, _, divergence) = shoot(from: x0, period: period, startSteps: steps, accuracy: accuracy, record: true) else { return nil }
                var multipliers = floquetMultipliers(monodromy)
                // Shooting can also converge onto an equilibrium, a "cycle" of any period: a true
                // cycle moves, and its trivial multiplier is 1.
                let speed = field(at: x0)
                let moving = (speed[0] * speed[0] + speed[1] * speed[1]).squareRoot() > 1e-8 * size
                guard moving && (multipliers[0] - Complex(1, 0)).length <= 1e-6 else { return nil }
                multipliers[1] = Complex(Double.exp(divergence), 0)
                return LimitCycle(points: points, period: period, residual: residual, multipliers: multipliers)
            }
            accuracy = Swift.max(1e-12, Swift.min(accuracy, 1e-3 * residual / size))
            if residual <= 1e-9 * size { continue }   // certify with the accurate flow
            let velocity = field(at: end)
            var system = Matrix(rows: 3, columns: 3)
            for i in 0..<2 {
                for j in 0..<2 { system[i, j] = monodromy[i, j] - (i == j ? 1 : 0) }
                system[i, 2] = velocity[i]
                system[2, i] = direction[i]
            }
            let rhs = [-gap[0], -gap[1], -(direction[0] * (x0[0] - anchor[0]) + direction[1] * (x0[1] - anchor[1]))]
            guard let delta = try? system.solve(rhs), delta.allSatisfy(\.isFinite) else { return nil }
            x0 = [x0[0] + delta[0], x0[1] + delta[1]]
            period += delta[2]
            guard period > 0 else { return nil }
        }
        return nil
    }

    /// φ_T(x₀) and M = ∂φ_T/∂x₀ by RK4 on `Dual<2>`, steps doubled from `startSteps` until the end
    /// points of two step sizes agree to `accuracy`·max(1, |x|); with `record`, about 400 points along the
    /// way and ∮ tr J dt by the same RK4 weights on the stages' traces. Also returns the steps of the
    /// accepted pass.
    @inlinable
    func shoot(from x0: [Double], period: Double, startSteps: Int, accuracy: Double, record: Bool = false) -> ([Double], Matrix, [[Double]], Int, Double)? {
        var steps = startSteps
        var previous: [Double]?
        while steps <= 1 << 22 {
            var state = [Dual<2>(x0[0], seed: 0), Dual<2>(x0[1], seed: 1)]
            let h = period / Double(steps)
            var points: [[Double]] = record ? [x0] : []
            var divergence = 0.0
            let every = Swift.max(steps / 400, 1)
            for k in 0..<steps {
                state = RungeKutta4.step(from: state, by: h, field: slice.step) { stage, weight in
                    if record { divergence += h * weight * trace(at: [stage[0].value, stage[1].value]) }
                }
                if record && (k + 1) % every == 0 { points.append([state[0].value, state[1].value]) }
            }
            let end = [state[0].value, state[1].value]
            guard end.allSatisfy(\.isFinite) else { return nil }
            if let previous {
                let scale = Swift.max(1, Swift.abs(end[0]), Swift.abs(end[1]))
                if Swift.abs(end[0] - previous[0]) <= accuracy * scale && Swift.abs(end[1] - previous[1]) <= accuracy * scale {
                    let monodromy = Matrix(rows: 2, columns: 2, elements: [state[0].partials[0], state[0].partials[1], state[1].partials[0], state[1].partials[1]])
                    return (end, monodromy, points, steps, divergence)
                }
            }
            previous = end
            steps *= 2
        }
        return nil
    }

    /// tr J at `point`: the divergence of the planar field.
    @inlinable
    func trace(at point: [Double]) -> Double {
        let f = slice.step([Dual<2>(point[0], seed: 0), Dual<2>(point[1], seed: 1)])
        return f[0].partials[0] + f[1].partials[1]
    }

    /// The eigenvalues of a 2 × 2 monodromy matrix, the one nearer 1 (the trivial multiplier) first.
    @inlinable
    func floquetMultipliers(_ m: Matrix) -> [Complex<Double>] {
        let (trace, determinant) = (m[0, 0] + m[1, 1], m[0, 0] * m[1, 1] - m[0, 1] * m[1, 0])
        let discriminant = trace * trace / 4 - determinant
        if discriminant < 0 {
            let imaginary = (-discriminant).squareRoot()
            return [Complex(trace / 2, imaginary), Complex(trace / 2, -imaginary)]
        }
        // The larger root without cancellation, the other from the product.
        let root = discriminant.squareRoot()
        let large = trace / 2 + (trace >= 0 ? root : -root)
        let small = large == 0 ? 0 : determinant / large
        let ordered = Swift.abs(large - 1) <= Swift.abs(small - 1) ? [large, small] : [small, large]
        return ordered.map { Complex($0, 0) }
    }
}

extension PhasePlane where System: DiscreteMap {
    /// The orbit of `start`: `steps` iterations of the map, `steps + 1` points.
    ///
    /// - Complexity: `steps` `step`s.
    @inlinable
    public func orbit(from start: [Double], steps: Int) -> [[Double]] { slice.trajectory(from: start, steps: steps) }
}
