import Dynamics
import DynamicsNN
import Yang2020

/// Beyond fixed points: the leading Lyapunov exponent of the trained network under constant inputs,
/// and its exact cycles of period 1 to 4 found by activation-pattern search seeded from its activity.
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

    var exponents: [Exponent]
    var cycles: [Cycles]
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
        guard let origin = rows.last else { return OrbitAnalysis(exponents: [], cycles: [], seeds: 0, seconds: 0) }
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
        let elapsed = clock.now - start
        return OrbitAnalysis(exponents: exponents, cycles: cycles, seeds: seeds.count,
                             seconds: elapsed.inSeconds)
    }
}
