import RealModule

/// States by Dormand–Prince 5(4) with dense output and events: the shared ``DormandPrinceStepper`` on
/// `Double`, over a closure so that the user's `step` is specialised at the entry point and this is
/// compiled once. It keeps, per accepted step, the coefficients of the order-4 continuous extension
/// (Hairer, Nørsett & Wanner, Solving ODEs I, II.6; the `contd5` of their DOPRI5), which
/// ``ODESolution/state(at:)`` evaluates and on which the zeros of event functions are located.
@usableFromInline
enum DormandPrinceSolver {
    /// The dense-output weights d₁…d₇ of the fifth coefficient (d₂ = 0).
    static let dense: [Double] = [
        -12715105075.0 / 11282082432, 0, 87487479700.0 / 32700410799, -10690763975.0 / 1880347072,
        701980252875.0 / 199316789632, -1453857185.0 / 822651844, 69997945.0 / 29380423,
    ]

    /// Integrates dx/dt = `field`(x) from `x0` for `duration`; see ``ContinuousFlow/integrate(from:duration:options:)``.
    ///
    /// - Complexity: 6 evaluations of `field` per attempted step; per accepted step O(n) for the dense
    ///   coefficients and, per event function, one evaluation plus about 10 to locate a zero.
    @usableFromInline
    static func solve(field: @escaping ([Double]) -> [Double], from x0: [Double], duration: Double, options: DormandPrinceOptions,
                      events: [EventFunction]) throws(IntegrationError) -> (solution: ODESolution, crossings: [EventCrossing]) {
        var stepper = DormandPrinceStepper<Double>(
            dimension: x0.count, absoluteTolerance: options.absoluteTolerance, relativeTolerance: options.relativeTolerance,
            initialStep: 0)
        stepper.maxStep = options.maxStep
        stepper.maxSteps = options.maxSteps
        let f0 = field(x0)
        guard f0.allSatisfy(\.isFinite), x0.allSatisfy(\.isFinite) else { throw .nonFinite(time: 0) }
        stepper.y = x0
        stepper.stages[0] = f0
        stepper.slopeIsCurrent = true
        stepper.stepSize = options.initialStep ?? stepper.initialStep(from: x0, slope: f0)

        var solution = ODESolution(times: [0], states: [x0])
        var crossings: [EventCrossing] = []
        var eventValues = events.map { $0.value(x0) }
        try stepper.advance(by: duration, field: ClosureField(field)) { (start, h, step) throws(IntegrationError) in
            let end = duration - start - h <= 16 * duration.ulp ? duration : start + h
            let first = solution.dense.count
            appendDenseCoefficients(from: step.y, to: step.trial, stages: step.stages, step: h, into: &solution.dense)
            solution.times.append(end)
            solution.states.append(step.trial)
            guard !events.isEmpty else { return }
            let segment = solution.dense[first...]
            let nextValues = events.map { $0.value(step.trial) }
            for (index, event) in events.enumerated() {
                guard let crossing = locate(event, from: eventValues[index], to: nextValues[index], segment: segment, start: start, step: end - start) else { continue }
                crossings.append(EventCrossing(event: index, time: crossing.time, state: crossing.state, rising: crossing.rising))
            }
            eventValues = nextValues
        }
        crossings.sort { $0.time < $1.time || ($0.time == $1.time && $0.event < $1.event) }
        return (solution, crossings)
    }

    /// Appends the five coefficient vectors r₁…r₅ (5n values) of the continuous extension
    /// x(t + θh) = r₁ + θ(r₂ + (1 − θ)(r₃ + θ(r₄ + (1 − θ)r₅))) to `storage`.
    static func appendDenseCoefficients(from x: [Double], to next: [Double], stages k: [[Double]], step h: Double, into storage: inout [Double]) {
        let n = x.count
        let d = dense   // one read of the static table, not one per term
        let base = storage.count
        storage.append(contentsOf: repeatElement(0, count: 5 * n))
        for i in 0..<n {
            let difference = next[i] - x[i]
            let slope = h * k[0][i] - difference
            let fifth = d[0] * k[0][i] + d[2] * k[2][i] + d[3] * k[3][i] + d[4] * k[4][i] + d[5] * k[5][i] + d[6] * k[6][i]
            storage[base + i] = x[i]
            storage[base + n + i] = difference
            storage[base + 2 * n + i] = slope
            storage[base + 3 * n + i] = difference - h * k[6][i] - slope
            storage[base + 4 * n + i] = h * fifth
        }
    }

    /// The continuous extension of one step at θ ∈ [0, 1].
    static func interpolate(_ r: ArraySlice<Double>, at theta: Double) -> [Double] {
        let n = r.count / 5
        let (o, rest) = (r.startIndex, 1 - theta)
        return (0..<n).map { i in r[o + i] + theta * (r[o + n + i] + rest * (r[o + 2 * n + i] + theta * (r[o + 3 * n + i] + rest * r[o + 4 * n + i]))) }
    }

    /// The zero of `event` within one step whose ends have values g₀, g₁ of opposite signs (in the
    /// event's direction): ``RegulaFalsi`` in θ on the continuous extension, to 1e-13.
    static func locate(_ event: EventFunction, from g0: Double, to g1: Double, segment: ArraySlice<Double>, start: Double, step: Double) -> (time: Double, state: [Double], rising: Bool)? {
        guard g0.isFinite, g1.isFinite, g0 != 0 || g1 != 0 else { return nil }
        // A zero exactly at the start belongs to the previous step (it ended there); one exactly at the end here.
        guard g0 != 0, (g0 < 0) != (g1 < 0) || g1 == 0 else { return nil }
        let rising = g0 < 0
        switch event.direction {
        case .rising where !rising, .falling where rising: return nil
        default: break
        }
        if g1 == 0 { return (start + step, interpolate(segment, at: 1), rising) }
        let narrowed = RegulaFalsi.narrow(low: 0, high: 1, fLow: g0, fHigh: g1, width: 1e-13) { theta -> (value: Double, payload: [Double])? in
            let state = interpolate(segment, at: theta)
            let g = event.value(state)
            return g.isFinite ? (g, state) : nil
        }
        guard let (theta, state) = narrowed.last else { return (start + step, interpolate(segment, at: 1), rising) }
        return (start + theta * step, state, rising)
    }
}
