import Dynamics
import DynamicsNN
import Yang2020

/// Beyond fixed points: the leading Lyapunov exponent of the trained network under constant inputs,
/// its exact cycles of period 1 to 4 found by activation-pattern search seeded from its activity, and
/// each cycle of period 2 or more followed across stimulus coherence (``CycleContinuation``).
struct OrbitAnalysis {
    /// One constant input and the leading exponent along the orbit from an activity state.
    struct Exponent {
        var condition: String
        var input: [Double]
        /// nil when the orbit left the finite numbers first (see `divergedAtStep`).
        var perStep: Double?
        /// ‖h‖ at the end (infinite when the orbit diverged).
        var finalNorm: Double
        /// The step at which the orbit became infinite: activity that grows without bound.
        var divergedAtStep: Int?
        var steps: Int
        var transient: Int
    }

    /// The cycles of one period.
    struct Cycles {
        var period: Int
        var regionsTried: Int
        var orbits: [PeriodicOrbit]
    }

    /// One cycle followed across coherence, both ways from where it was found.
    struct CycleBranches {
        var period: Int
        /// The coherence of the analysed input, where the cycle was found.
        var coherence: Double
        /// Toward −51.2, then toward +51.2.
        var branches: [CycleBranch]
    }

    var exponents: [Exponent]
    var cycles: [Cycles]
    var branches: [CycleBranches] = []
    var seeds: Int
    var seconds: Double

    /// The inputs measured: fixation alone, and fixation with a 25.6 % coherent stimulus.
    static let conditions: [(String, [Double])] = [
        ("fixation", [1, 0, 0]),
        ("stimulus, coherence 25.6", [1, 0.5 + 25.6 / 200, 0.5 - 25.6 / 200]),
    ]

    /// Runs both on `network` (3 inputs); `activity` rows are the seeds and starting states.
    ///
    /// - Parameters:
    ///   - input: the input of the cycle search (the analysis' input).
    ///   - maxSeeds: activity rows used as seeds, evenly spaced; default 100 (about 0.5 s for four periods at 64 units).
    static func run(network: RecurrentNetwork, input: [Double], activity rows: [[Double]], maxSeeds: Int = 100) throws -> OrbitAnalysis {
        let clock = ContinuousClock()
        let start = clock.now
        guard let origin = rows.last else { return OrbitAnalysis(exponents: [], cycles: [], branches: [], seeds: 0, seconds: 0) }
        var exponents: [Exponent] = []
        let (steps, transient) = (5_000, 500)
        for (condition, conditionInput) in conditions where conditionInput.count == network.inputCount {
            let map = network.map(input: conditionInput)
            do {
                let spectrum = try LyapunovSpectrum(map, from: origin, steps: steps, transient: transient, count: 1)
                let norm = spectrum.finalState.reduce(0) { $0 + $1 * $1 }.squareRoot()
                exponents.append(Exponent(condition: condition, input: conditionInput, perStep: spectrum.exponents[0], finalNorm: norm, divergedAtStep: nil, steps: steps, transient: transient))
            } catch let error {
                // A ReLU network with an unstable direction under a constant input can grow without
                // bound: that is a finding about the network, not a failure of the analysis.
                guard case let .diverged(time) = error else { throw error }
                exponents.append(Exponent(condition: condition, input: conditionInput, perStep: nil, finalNorm: .infinity, divergedAtStep: Int(time), steps: steps, transient: transient))
            }
        }
        let spacing = Swift.max(1, rows.count / maxSeeds)
        let seeds = stride(from: 0, to: rows.count, by: spacing).prefix(maxSeeds).map { rows[$0] }
        let search = ReLURegionSearch(network.map(input: input).layer)
        var cycles: [Cycles] = []
        for period in 1...4 {
            let result = try search.cycles(period: period, seeds: seeds)
            cycles.append(Cycles(period: period, regionsTried: result.regionsTried, orbits: result.cycles))
        }
        let branches = continueCycles(cycles.flatMap { entry in entry.period >= 2 ? entry.orbits : [] }, network: network, input: input)
        let elapsed = clock.now - start
        return OrbitAnalysis(exponents: exponents, cycles: cycles, branches: branches, seeds: seeds.count,
                             seconds: elapsed.inSeconds)
    }

    /// Each cycle (at most `limit`) followed in coherence to both ends of ±51.2 when the analysed input is
    /// a coherence input (fixation, 0.5 + c/200, 0.5 − c/200); none otherwise. Branches of k-cycles are
    /// branches of fixed points of F^k, with their period doublings, folds and border collisions.
    static func continueCycles(_ orbits: [PeriodicOrbit], network: RecurrentNetwork, input: [Double], limit: Int = 4) -> [CycleBranches] {
        guard input.count == 3, abs(input[1] + input[2] - 1) <= 1e-12 else { return [] }
        let coherence = 100 * (input[1] - input[2])
        let family = CoherenceMap(network: network, fixation: input[0])
        var options = CycleContinuationOptions()
        options.maximumPoints = 400
        let continuation = CycleContinuation(family, options: options)
        return orbits.prefix(limit).map { orbit in
            let parts = [-51.2, 51.2].filter { $0 != coherence }.compactMap { end in
                try? continuation.branch(fromOrbit: orbit.states, parameters: [coherence], varying: 0, to: end)
            }
            return CycleBranches(period: orbit.states.count, coherence: coherence, branches: parts)
        }
    }
}
