import Dynamics
import DynamicsNN
import ToySystems

/// The chaos issue's goals: exact fixed points and 2-cycles of a 64-unit ReLU network by region search
/// (goal 1 s), and the Lorenz spectrum with its heap allocations at two lengths (they should not grow).
func chaosBenchmark() {
    var rng = SeededGenerator(seed: 3)
    var weights = RandomMatrices.gaussian(rows: 64, columns: 64, scale: 1.5 / 8, using: &rng)
    for i in 0..<64 { weights[i, i] -= 2 }
    var bias: [Double] = []
    for _ in 0..<64 { bias.append(Double.random(in: -1...1, using: &rng)) }
    let network = ReluNetworkMap(weights: weights, bias: bias)
    var seeds: [[Double]] = []
    for _ in 0..<20 {
        var x: [Double] = []
        for _ in 0..<64 { x.append(Double.random(in: -2...2, using: &rng)) }
        for t in 0..<100 {
            x = network.step(x)
            if t % 10 == 9 { seeds.append(x) }
        }
    }
    print("ReLU network, 64 units with self-inhibition, \(seeds.count) trajectory states as seeds")
    let search = ReLURegionSearch(network.layer)
    var summary = ""
    _ = measure("region search, periods 1 and 2", samples: 5) {
        let fixed = try! search.cycles(period: 1, seeds: seeds)
        let twoCycles = try! search.cycles(period: 2, seeds: seeds)
        summary = "\(fixed.cycles.count) fixed point(s) in \(fixed.regionsTried) regions, \(twoCycles.cycles.count) 2-cycle(s) in \(twoCycles.regionsTried) regions"
    }
    print("  \(summary)")
    let lorenz = LorenzFamily().fixing(parameters: [10, 28, 8.0 / 3])
    for duration in [100.0, 1_000.0] {
        _ = measure("Lorenz spectrum, \(Int(duration)) time units, Δt = 0.005", samples: 3, warmup: 1) {
            _ = try! LyapunovSpectrum(lorenz, from: [1, 1, 1], duration: duration, timeStep: 0.005)
        }
    }
}
