import RealModule

/// The adaptive Dormand–Prince 5(4) loop on values, written once for every caller that integrates a
/// flow's states (trajectories, phase planes, manifolds), over a closure so that the user's `step` is
/// specialised at the entry point and the algorithm is compiled here once. It keeps, per accepted step,
/// the coefficients of the order-4 continuous extension (Hairer, Nørsett & Wanner, Solving ODEs I,
/// II.6; the `contd5` of their DOPRI5), which ``ODESolution/state(at:)`` evaluates and on which the
/// zeros of event functions are located.
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
    static func solve(field: ([Double]) -> [Double], from x0: [Double], duration: Double, options: DormandPrinceOptions,
                      events: [EventFunction]) throws(IntegrationError) -> (solution: ODESolution, crossings: [EventCrossing]) {
        let n = x0.count
        let a = DormandPrinceTableau.a
        let e = DormandPrinceTableau.errorWeights
        let (atol, rtol) = (options.absoluteTolerance, options.relativeTolerance)
        func scaledNorm(_ v: [Double], _ x: [Double], _ y: [Double]) -> Double {
            var sum = 0.0
            for i in 0..<n {
                let scale = atol + rtol * Swift.max(abs(x[i]), abs(y[i]))
                sum += (v[i] / scale) * (v[i] / scale)
            }
            return n == 0 ? 0 : (sum / Double(n)).squareRoot()
        }

        var solution = ODESolution(times: [0], states: [x0])
        var crossings: [EventCrossing] = []
        var x = x0
        var t = 0.0
        var f = field(x)
        guard f.allSatisfy(\.isFinite), x.allSatisfy(\.isFinite) else { throw .nonFinite(time: 0) }
        var eventValues = events.map { $0.value(x) }
        var h: Double
        if let initial = options.initialStep {
            h = initial
        } else {
            // Hairer, Nørsett & Wanner, "Solving ODEs I", II.4: h = 0.01·‖x‖/‖f‖, bounded below.
            let d0 = scaledNorm(x, x, x)
            let d1 = scaledNorm(f, x, x)
            h = (d0 < 1e-5 || d1 < 1e-5) ? 1e-6 : 0.01 * d0 / d1
        }
        h = Swift.min(h, options.maxStep)
        var attempts = 0
        var k = [[Double]](repeating: [], count: 7)
        while t < duration {
            attempts += 1
            if attempts > options.maxSteps { throw .tooManySteps(maxSteps: options.maxSteps, time: t) }
            h = Swift.min(h, duration - t)
            if h <= 16 * t.ulp { throw .stepSizeUnderflow(time: t) }
            k[0] = f
            var stage = x
            for s in 1..<7 {
                for i in 0..<n {
                    var sum = 0.0
                    for j in 0..<s { sum += a[s][j] * k[j][i] }
                    stage[i] = x[i] + h * sum
                }
                k[s] = field(stage)
            }
            // `stage` is now the 5th-order solution and k[6] = f(stage).
            var errorEstimate = [Double](repeating: 0, count: n)
            for i in 0..<n {
                var sum = 0.0
                for j in 0..<7 { sum += e[j] * k[j][i] }
                errorEstimate[i] = h * sum
            }
            let error = scaledNorm(errorEstimate, x, stage)
            guard error.isFinite, stage.allSatisfy(\.isFinite) else {
                // A non-finite trial may be a step too long; shrink hard before giving up.
                h *= 0.1
                if h <= 16 * Swift.max(t, 1).ulp { throw .nonFinite(time: t) }
                continue
            }
            if error <= 1 {
                let tNext = (duration - t - h <= 16 * duration.ulp) ? duration : t + h
                let first = solution.dense.count
                appendDenseCoefficients(from: x, to: stage, stages: k, step: h, into: &solution.dense)
                solution.times.append(tNext)
                solution.states.append(stage)
                if !events.isEmpty {
                    let segment = solution.dense[first...]
                    let nextValues = events.map { $0.value(stage) }
                    for (index, event) in events.enumerated() {
                        guard let crossing = locate(event, from: eventValues[index], to: nextValues[index], segment: segment, start: t, step: tNext - t) else { continue }
                        crossings.append(EventCrossing(event: index, time: crossing.time, state: crossing.state, rising: crossing.rising))
                    }
                    eventValues = nextValues
                }
                t = tNext
                x = stage
                f = k[6]
            }
            let factor = DormandPrinceTableau.stepFactor(error: error)
            h = Swift.min(h * factor, options.maxStep)
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
    /// event's direction): regula falsi (Illinois) in θ on the continuous extension, to 1e-13.
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
        var (lo, hi, fLo, fHi) = (0.0, 1.0, g0, g1)
        var side = 0
        var theta = 1.0
        for _ in 0..<100 where hi - lo > 1e-13 {
            theta = hi - fHi * (hi - lo) / (fHi - fLo)
            if !(theta > lo && theta < hi) { theta = (lo + hi) / 2 }
            let g = event.value(interpolate(segment, at: theta))
            guard g.isFinite else { break }
            if g == 0 { break }
            if (g < 0) == (fHi < 0) {
                (hi, fHi) = (theta, g)
                if side == 1 { fLo /= 2 }
                side = 1
            } else {
                (lo, fLo) = (theta, g)
                if side == -1 { fHi /= 2 }
                side = -1
            }
        }
        return (start + theta * step, interpolate(segment, at: theta), rising)
    }
}
