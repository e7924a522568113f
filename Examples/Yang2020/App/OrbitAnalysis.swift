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
        var perStep: Double
        var finalNorm: Double
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
    ///   - maxSeeds: activity rows used as seeds, evenly spaced; default 200.
    static func run(network: RecurrentNetwork, input: [Double], activity rows: [[Double]], maxSeeds: Int = 200) throws -> OrbitAnalysis {
        let clock = ContinuousClock()
        let start = clock.now
        guard let origin = rows.last else { return OrbitAnalysis(exponents: [], cycles: [], seeds: 0, seconds: 0) }
        var exponents: [Exponent] = []
        let (steps, transient) = (5_000, 500)
        for (condition, conditionInput) in conditions where conditionInput.count == network.inputCount {
            let map = network.map(input: conditionInput)
            let spectrum = try LyapunovSpectrum(map, from: origin, steps: steps, transient: transient, count: 1)
            exponents.append(Exponent(condition: condition, input: conditionInput, perStep: spectrum.exponents[0], finalNorm: spectrum.finalState.reduce(0) { $0 + $1 * $1 }.squareRoot(), steps: steps, transient: transient))
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
                             seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
    }
}
