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
    let lorenz = LorenzFlow()
    for duration in [1_000.0, 10_000.0] {
        var result = ""
        _ = measure("Lorenz spectrum, \(Int(duration)) time units, adaptive, tolerance 1e-8", samples: 3, warmup: 1) {
            let spectrum = try! LyapunovSpectrum(lorenz, from: [1, 1, 1], duration: duration, transient: 10, tolerance: 1e-8)
            let sum = spectrum.exponents.reduce(0, +) + (10 + 1 + 8.0 / 3)
            result = "exponents \(spectrum.exponents.map { ($0 * 1e4).rounded() / 1e4 }), sum error \(sum)"
        }
        print("  \(result)")
    }
    _ = measure("Lorenz spectrum, 1000 time units, fixed RK4 step 0.005 (baseline)", samples: 3, warmup: 1) {
        _ = try! LyapunovSpectrum(lorenz, from: [1, 1, 1], duration: 1_000, timeStep: 0.005)
    }
}

/// The Lorenz flow with an in-place `step(_:into:)`: the adaptive spectrum then allocates nothing per step.
struct LorenzFlow: ContinuousFlow {
    var dimension: Int { 3 }
    func step<T: DynamicsScalar>(_ x: [T]) -> [T] {
        var out = x
        step(x, into: &out)
        return out
    }
    func step<T: DynamicsScalar>(_ x: [T], into output: inout [T]) {
        output[0] = T(10) * (x[1] - x[0])
        output[1] = x[0] * (T(28) - x[2]) - x[1]
        output[2] = x[0] * x[1] - T(8.0 / 3) * x[2]
    }
}
