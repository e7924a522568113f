import Dynamics
import Yang2020

/// Continuation of the Yang 2020 network's fixed points across the whole coherence range (the
/// default run's network: seed 0, 20 epochs, float32), from the fixed points certified at c = 0.
func continuationBenchmark() {
    print("Continuation: the Yang 2020 network (seed 0) across coherence −51.2 … 51.2, fixation on")
    var rng = SeededGenerator(seed: 0)
    var network = RecurrentNetwork(hidden: 64, using: &rng)
    _ = try! Trainer.train(&network, task: DecisionMakingTask(), options: TrainingOptions(), using: &rng)
    var trialRNG = SeededGenerator(seed: 0 ^ 0x7269_616C_7331_3030)
    let batch = DecisionMakingTask().makeBatch(size: 100, using: &trialRNG)
    let activity = network.hiddenActivity(batch)
    let rows = stride(from: 0, to: 2200, by: 10).map { r in Array(activity[(r * 64)..<((r + 1) * 64)]) }
    let map = CoherenceMap(network: network)
    let finder = SlowPointFinder(network.map(input: [1, 0.5, 0.5]))
    let seeds = finder.deduplicate(try! finder.refine(rows)).filter(\.isFixedPoint)
    print("      \(seeds.count) fixed point(s) at c = 0")
    var summary = ""
    _ = measure("continuation of every c = 0 fixed point to both ends", samples: 11, warmup: 1) {
        var points = 0, events = 0, certified = true
        for seed in seeds {
            for end in [-51.2, 51.2] {
                let branch = try! FixedPointContinuation(map).branch(from: seed.state, parameters: [0], varying: 0, to: end)
                points += branch.points.count
                events += branch.bifurcations.count
                certified = certified && branch.points.allSatisfy { $0.residual <= 1e-10 * Swift.max(1, $0.state.reduce(0) { $0 + $1 * $1 }.squareRoot()) }
            }
        }
        summary = "\(points) points, \(events) events, every point certified: \(certified)"
    }
    print("      \(summary)")
}
