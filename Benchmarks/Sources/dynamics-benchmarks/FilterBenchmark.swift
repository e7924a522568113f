import Dynamics
import Yang2020

/// The three filters on the points the tutorial filters: the Yang 2020 network (seed 0, as the
/// `yang2020` command trains it), its 2200 activity rows optimized by the 10,000-step protocol; and on
/// the raw activity (all passing the loss filter), a cloud with fewer near pairs. Also the naive
/// O(n²) keep_unique as the baseline.
func filterBenchmark() {
    print("The tutorial's three filters on 2200 points of the trained Yang 2020 RNN")
    BLASThreads.setThreadCount(1)
    var rng = SeededGenerator(seed: 0)
    var network = RecurrentNetwork(hidden: 64, using: &rng)
    _ = try! Trainer.train(&network, task: DecisionMakingTask(), options: TrainingOptions(), using: &rng)
    var trialRNG = SeededGenerator(seed: 0 ^ 0x7269_616C_7331_3030)
    let batch = DecisionMakingTask().makeBatch(size: 100, using: &trialRNG)
    let activity = network.hiddenActivity(batch)
    let rows = (0..<2200).map { r in Array(activity[(r * 64)..<((r + 1) * 64)]) }
    var options = SlowPointOptions()
    options.precision = .single
    let optimized = try! SlowPointFinder(network.map(input: [1, 0.5, 0.5]), options: options).optimize(rows).candidates
    let raw = CandidateSet(states: rows, losses: Array(repeating: 0, count: rows.count), candidateIndices: Array(rows.indices))
    for (label, set) in [("optimized points", optimized), ("raw activity", raw)] {
        var counts: [Int] = []
        let grid = measure("filters, \(label)", samples: 21, warmup: 2) {
            let a = set.filteringLoss(below: 1e-4)
            let b = a.keepingUnique(tolerance: 0.03)
            let c = b.excludingOutliers(tolerance: 0.1)
            counts = [a.count, b.count, c.count]
        }
        print("      \(set.count) -> \(counts.map(String.init).joined(separator: " -> "))")
        let passing = set.filteringLoss(below: 1e-4).states
        let naive = measure("naive O(n²) keep_unique, \(label) (baseline)", samples: 5, warmup: 1) {
            var keep = [Bool](repeating: true, count: passing.count)
            for i in passing.indices {
                for j in (i + 1)..<passing.count where keep[j] {
                    var d = 0.0
                    for k in 0..<64 { d += (passing[i][k] - passing[j][k]) * (passing[i][k] - passing[j][k]) }
                    if d.squareRoot() <= 0.03 { keep[j] = false }
                }
            }
            counts = [keep.filter { $0 }.count]
        }
        ratio("grid-hashed filters / naive keep_unique", grid, naive)
    }
}
