import Dynamics
import DynamicsNN

/// A GRU's slow-point search through its batched BLAS kernels (`GRUMap`) against the same search on
/// its generic `step` (reverse mode row by row), H = 64 and 128, 2000 candidates, 20 Adam steps.
func gruBenchmark() {
    print("GRU slow-point gradient: batched kernels vs the generic step (2000 candidates, 20 Adam steps, 1 thread)")
    for hidden in [64, 128] {
        var rng = SeededGenerator(seed: 1)
        let scale = 1 / Double(hidden).squareRoot()
        func random(_ count: Int, _ factor: Double = 1) -> [Double] { (0..<count).map { _ in factor * scale * rng.nextStandardNormal() } }
        let weights = try! CellWeights(
            inputWeights: Matrix(rows: 3 * hidden, columns: 3, elements: random(9 * hidden)),
            recurrentWeights: Matrix(rows: 3 * hidden, columns: hidden, elements: random(3 * hidden * hidden, 2)),
            inputBias: random(3 * hidden), recurrentBias: random(3 * hidden), gates: 3)
        let cell = try! GRUCell(weights: weights)
        let input = [1, 0.5, 0.5]
        let candidates = (0..<2000).map { _ in (0..<hidden).map { _ in Double.random(in: -1...1, using: &rng) } }
        var options = SlowPointOptions()
        options.numSteps = 20
        options.stepsPerChunk = 20
        options.tolerance = 0
        options.parallel = false
        func run<M: DynamicalSystem>(_ map: M, _ label: String, _ precision: ComputePrecision) -> Measurement {
            var o = options
            o.precision = precision
            return measure("H = \(hidden), \(label)", samples: 3, warmup: 1) { _ = try! SlowPointFinder(map, options: o).optimize(candidates) }
        }
        let generic = run(cell.fixing(parameters: input), "generic step (reverse mode), double", .double)
        let batched = run(cell.map(input: input), "batched kernels (BLAS), double", .double)
        let single = run(cell.map(input: input), "batched kernels (BLAS), single", .single)
        ratio("generic / batched (double)", generic, batched)
        ratio("generic / batched single", generic, single)
    }
}
