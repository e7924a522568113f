import Foundation
import Dynamics
import ToySystems

/// The global-dynamics issue's workloads, each timed from a fresh mapper (cells, attractors and their
/// identification included): Hénon (1.4, 0.3) basins on a 1000 × 1000 grid over [−3, 3]² with the
/// attractor unknown, 500 cells per side, on one thread and on two; a 2000 × 2000 grid on a mapper that
/// already knows the attractor; and Thomas' 3-D flow. Peers (Julia, published, compilation included):
/// Attractors.jl 600 × 600 in 7.7 s unknown, 1.06 s known; 2000 × 2000 in 17.1 s; Thomas 251³ about
/// an hour.
func globalBenchmark() {
    let henon = HenonFamily().fixing(parameters: [1.4, 0.3])
    func axis(_ count: Int, _ range: ClosedRange<Double> = -3...3) -> [Double] {
        (0..<count).map { range.lowerBound + (range.upperBound - range.lowerBound) * Double($0) / Double(count - 1) }
    }
    // `THOMAS_PROBE=N` maps one N³ grid of Thomas' flow (b = 0.3) on both cores and prints what it found.
    if let side = ProcessInfo.processInfo.environment["THOMAS_PROBE"].flatMap(Int.init) {
        var options = AttractorMapperOptions()
        options.timeStep = 0.5
        options.substeps = 2
        options.progress = { print($0) }
        let grid = axis(side, -3...3)
        let clock = ContinuousClock()
        let start = clock.now
        let (b, cells) = (0.3, 60)
        let mapper = try! AttractorMapper(Thomas(b: b), box: [-4...4, -4...4, -4...4], cellsPerDimension: cells, options: options)
        let basins = try! mapper.basins(grid: [grid, grid, grid])
        print(clock.now - start, "\(basins.attractors.count) attractors", basins.attractors.map { "\($0.kind) λ \(($0.leadingLyapunovExponent ?? .nan) * 1000 / 1000)" }, basins.fractions.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" })
        return
    }
    // `GLOBAL_PROBE=N` maps one N × N Hénon grid on one thread and stops (for a profiler).
    if let side = ProcessInfo.processInfo.environment["GLOBAL_PROBE"].flatMap(Int.init) {
        var options = AttractorMapperOptions()
        options.parallel = false
        let mapper = try! AttractorMapper(henon, box: [-3...3, -3...3], cellsPerDimension: 500, options: options)
        print(try! mapper.basins(grid: [axis(side), axis(side)]).fractions)
        return
    }
    for (threads, parallel) in [("1 thread", false), ("2 threads", true)] {
        var options = AttractorMapperOptions()
        options.parallel = parallel
        let m = measure("Hénon 1000 × 1000, attractor unknown, \(threads)", samples: 5, warmup: 1) {
            let mapper = try! AttractorMapper(henon, box: [-3...3, -3...3], cellsPerDimension: 500, options: options)
            _ = try! mapper.basins(grid: [axis(1000), axis(1000)])
        }
        print(String(format: "  %.3f s against the goal 1 s (one core)", m.seconds))
    }
    let warm = try! AttractorMapper(henon, box: [-3...3, -3...3], cellsPerDimension: 500)
    _ = try! warm.basins(grid: [axis(300), axis(300)])
    let known = measure("Hénon 2000 × 2000, mapper that knows the attractor, 2 threads", samples: 3, warmup: 1) {
        _ = try! warm.basins(grid: [axis(2000), axis(2000)])
    }
    print(String(format: "  %.3f s against the goal 2 s", known.seconds))
    // Thomas' flow at b = 0.3: eight coexisting limit cycles (two large, six small, related by its
    // symmetries). Sampled every 0.5 time units by two RK4 steps, 60 cells per side over [−4, 4]³.
    var options = AttractorMapperOptions()
    options.timeStep = 0.5
    options.substeps = 2
    let side = 100
    let grid = axis(side, -3...3)
    var basins: Basins?
    let m = measure("Thomas (b = 0.3) \(side)³ grid, 60³ cells, 2 threads", samples: 1, warmup: 0) {
        let mapper = try! AttractorMapper(Thomas(b: 0.3), box: [-4...4, -4...4, -4...4], cellsPerDimension: 60, options: options)
        basins = try! mapper.basins(grid: [grid, grid, grid])
    }
    print("  \(basins!.attractors.count) attractors; fractions \(basins!.fractions.sorted { $0.key < $1.key }.map { String(format: "%d: %.4f", $0.key, $0.value) }.joined(separator: ", "))")
    print(String(format: "  %.2f µs per initial condition; 250³ at this rate: %.0f s (goal 120 s; THOMAS_PROBE=250 measures it)", m.seconds / Double(side * side * side) * 1e6, m.seconds / Double(side * side * side) * 250 * 250 * 250))
}
