import ComplexModule

/// What a recurrent set found on the grid turns out to be: a certified stable fixed point, cycle of a
/// map or limit cycle of a flow, a saddle (reached exactly from its stable manifold, so no attractor),
/// or something else with its leading Lyapunov exponent. The corrector, the periodic-orbit finder,
/// `CycleFinder`, `LinearStability` and `LyapunovSpectrum` do the work; this only decides which to ask.
enum AttractorIdentification {
    case attractor(MappedAttractor)
    case saddle

    /// The longest period looked for among a map's recurrent states.
    static let maximumPeriod = 64

    /// Classifies the located states (consecutive samples on the set, oldest first).
    static func identify<System: DynamicalSystem>(
        _ samples: [[Double]], of system: System, options: AttractorMapperOptions, cellWidths: [Double]
    ) -> AttractorIdentification {
        let last = samples[samples.count - 1]
        let scale = cellWidths.reduce(0) { Swift.max($0, $1) }
        // The smallest p with x_L ≈ x_{L−p}, to a tenth of a cell: a candidate cycle (or p = 1, a
        // candidate fixed point), refined and certified below.
        let period = (1...Swift.min(maximumPeriod, samples.count - 1)).first { p in
            distance(last, samples[samples.count - 1 - p]) <= 0.1 * scale
        }
        if System.timeDomain == .discrete, let period {
            if let identified = certifiedCycle(of: DiscreteView(base: system), period: period, from: last) { return identified }
        } else if System.timeDomain == .continuous {
            if period != nil, let identified = certifiedEquilibrium(of: system, from: last) { return identified }
            if let identified = certifiedLimitCycle(of: ContinuousView(base: system), samples: samples, interval: options.timeStep, cellSize: scale) {
                return identified
            }
        }
        return .attractor(MappedAttractor(
            id: 0, kind: .other, states: thinned(samples), leadingLyapunovExponent: leadingExponent(of: system, from: last, options: options)))
    }

    /// A fixed point (period 1) or minimal k-cycle of a map through `start`, certified; `.saddle`
    /// when it is unstable; nil when nothing certifies.
    static func certifiedCycle<Map: DiscreteMap>(of map: Map, period: Int, from start: [Double]) -> AttractorIdentification? {
        // The certified orbit must pass near the state it was refined from (not a far-off one Newton
        // wandered to).
        let reach = 1e-3 * Swift.max(1, euclideanNorm(start))
        guard let orbit = (try? PeriodicOrbitFinder(map).find(period: period, from: [start]))?.first,
              orbit.states.contains(where: { distance($0, start) <= reach })
        else { return nil }
        guard orbit.isStable else { return .saddle }
        let kind: MappedAttractor.Kind = period == 1 ? .fixedPoint : .periodic(period: period)
        let multipliers = orbit.multipliers.sorted { $0.length > $1.length }
        return .attractor(MappedAttractor(id: 0, kind: kind, states: orbit.states, eigenvalues: multipliers, residual: orbit.residual))
    }

    /// An equilibrium of a flow near `start`, certified; `.saddle` when unstable; nil otherwise.
    static func certifiedEquilibrium<System: DynamicalSystem>(of system: System, from start: [Double]) -> AttractorIdentification? {
        guard let point = (try? SlowPointFinder(system).refine([start]))?.first, point.isFixedPoint,
              let stability = try? LinearStability(system, at: point.state)
        else { return nil }
        guard stability.isStable else { return .saddle }
        return .attractor(MappedAttractor(id: 0, kind: .fixedPoint, states: [point.state], eigenvalues: stability.eigenvalues, residual: point.residual))
    }

    /// A limit cycle through the last sample, certified by ``CycleFinder``; `.saddle` when unstable;
    /// nil when the samples do not return or nothing certifies. The period guess is the first return:
    /// after the trajectory has gone two cells away from the last sample, the nearest it comes back
    /// (samples `interval` apart, so the guess is within an interval of the period).
    static func certifiedLimitCycle<Flow: ContinuousFlow>(of flow: Flow, samples: [[Double]], interval: Double, cellSize: Double) -> AttractorIdentification? {
        let last = samples[samples.count - 1]
        var left = false
        var best: (lag: Int, distance: Double)?
        for lag in 1..<samples.count {
            let gap = distance(last, samples[samples.count - 1 - lag])
            if gap > 2 * cellSize { left = true }
            guard left else { continue }
            if gap <= cellSize, gap < best?.distance ?? .infinity { best = (lag, gap) } else if best != nil && gap > cellSize { break }
        }
        guard let lag = best?.lag,
              let cycle = try? CycleFinder(flow).find(from: last, period: Double(lag) * interval),
              cycle.nodes.contains(where: { distance($0, last) <= cellSize }) || cycle.states.contains(where: { distance($0, last) <= cellSize })
        else { return nil }
        guard cycle.isStable else { return .saddle }
        return .attractor(MappedAttractor(
            id: 0, kind: .limitCycle, states: cycle.states, eigenvalues: cycle.multipliers, residual: cycle.residual, period: cycle.period))
    }

    /// The largest Lyapunov exponent from `start`: 10⁴ steps of a map, or 10³ samples of a flow
    /// (RK4 at the sampling substep); nil when the orbit leaves the finite numbers.
    static func leadingExponent<System: DynamicalSystem>(of system: System, from start: [Double], options: AttractorMapperOptions) -> Double? {
        if System.timeDomain == .discrete {
            return (try? LyapunovSpectrum(DiscreteView(base: system), from: start, steps: 10_000, count: 1))?.exponents.first
        }
        let duration = 1000 * options.timeStep
        let step = options.timeStep / Double(options.substeps)
        return (try? LyapunovSpectrum(
            ContinuousView(base: system), from: start, duration: duration, count: 1, timeStep: step,
            renormalizationInterval: Swift.max(step, options.timeStep)))?.exponents.first
    }

    /// At most 1000 of the samples, evenly spaced.
    static func thinned(_ samples: [[Double]]) -> [[Double]] {
        let stride = Swift.max(1, samples.count / 1000)
        return Swift.stride(from: 0, to: samples.count, by: stride).map { samples[$0] }
    }
}
