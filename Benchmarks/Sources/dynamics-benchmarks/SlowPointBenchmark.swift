@_spi(Benchmarks) import Dynamics
@_spi(Benchmarks) import DynamicsNN
import ToySystems

/// Candidates like recorded RNN activity: 100 noisy trajectories of 22 steps of the map.
func activityCandidates(of system: ReluNetworkMap, trajectories: Int, using rng: inout SeededGenerator) -> [[Double]] {
    var rows: [[Double]] = []
    for _ in 0..<trajectories {
        var x = (0..<system.dimension).map { _ in abs(rng.nextStandardNormal()) }
        for _ in 0..<22 {
            x = system.step(x).map { $0 + 0.1 * rng.nextStandardNormal() }
            rows.append(x)
        }
    }
    return rows
}

/// A wrapper of the benchmark's ReLU map that keeps its step, Jacobian and batch kernels, so that a
/// baseline can replace just the slow-point gradient.
protocol ReluMapBaseline: DiscreteMap, BatchKernelSystem {
    var base: ReluNetworkMap { get }
}

extension ReluMapBaseline {
    var dimension: Int { base.dimension }
    func step<T: DynamicsScalar>(_ x: [T]) -> [T] { base.step(x) }
    func jacobian(at x: [Double]) -> Matrix { base.jacobian(at: x) }
    func evaluateBatch<S: BLASScalar>(_ states: UnsafeBufferPointer<S>, rows: Int, into values: UnsafeMutableBufferPointer<S>) {
        base.evaluateBatch(states, rows: rows, into: values)
    }
    func vectorJacobianProductsBatch<S: BLASScalar>(
        states: UnsafeBufferPointer<S>, values: UnsafeBufferPointer<S>, cotangents: UnsafeBufferPointer<S>,
        rows: Int, into products: UnsafeMutableBufferPointer<S>
    ) {
        base.vectorJacobianProductsBatch(states: states, values: values, cotangents: cotangents, rows: rows, into: products)
    }
}

/// The ReLU map with its batch kernels but without its fused slow-point gradient: the search then runs
/// on the composed default (evaluation, then vector-Jacobian products, with elementwise passes between).
struct ComposedKernels: ReluMapBaseline {
    let base: ReluNetworkMap
}

/// The ReLU map with its slow-point gradient fused by OpenBLAS (two gemms and one pass) instead of
/// the hand-written AVX2 kernel: the baseline that the kernel is measured against.
struct BLASFusedKernels: ReluMapBaseline, SlowPointGradientKernel {
    let base: ReluNetworkMap
    func slowPointGradientBatch<S: BLASScalar>(
        _ states: UnsafeBufferPointer<S>, rows: Int, scale: S,
        scratch: UnsafeMutableBufferPointer<S>, into gradient: UnsafeMutableBufferPointer<S>
    ) -> Double {
        base.layer.blasSlowPointGradient(states, rows: rows, scale: scale, scratch: scratch, into: gradient)
    }
}

/// One Adam step on 2200 × 64 single-precision values: the AVX kernel against the portable SSE loop.
func adamBenchmark() {
    let count = 2200 * 64
    var rng = SeededGenerator(seed: 3)
    let gradients = (0..<count).map { _ in Float(rng.nextStandardNormal()) }
    var (parameters, m, v) = ([Float](repeating: 0, count: count), [Float](repeating: 0, count: count), [Float](repeating: 0, count: count))
    let adam = Adam()
    func time(_ label: String, portable: Bool) -> Measurement {
        measure("100 Adam steps, 2200 x 64 floats, \(label)", samples: 21, warmup: 3, operationsPerSample: 100) {
            parameters.withUnsafeMutableBufferPointer { p in
                m.withUnsafeMutableBufferPointer { mb in
                    v.withUnsafeMutableBufferPointer { vb in
                        gradients.withUnsafeBufferPointer { g in
                            for t in 1...100 {
                                if portable {
                                    adam.portableUpdate(parameters: p, gradients: g, firstMoments: mb, secondMoments: vb, step: t)
                                } else {
                                    adam.update(parameters: p, gradients: g, firstMoments: mb, secondMoments: vb, step: t)
                                }
                            }
                        }
                    }
                }
            }
        }
    }
    let portable = time("portable (SSE)", portable: true)
    let vector = time("update (AVX kernel: \(VectorKernels.isAvailable))", portable: false)
    ratio("AVX kernel / portable Adam", vector, portable)
}

/// The slow-point workloads of a 64-unit ReLU map with 2200 candidates: the tutorial's 10,000-step
/// Adam protocol, `find(from:)`, and the three filters; then how `find(from:)` scales.
func slowPointBenchmark() {
    print("Slow points of relu(Wx + b), n = 64, 2200 candidates")
    var rng = SeededGenerator(seed: 11)
    let system = ReluNetworkMap(dimension: 64, gain: 0.9, using: &rng)
    let candidates = activityCandidates(of: system, trajectories: 100, using: &rng)
    var search: GradientSearchResult?
    var protocolRuns: [String: Measurement] = [:]
    func run<System: DynamicalSystem>(_ system: System, _ label: String, precision: ComputePrecision, parallel: Bool) {
        var options = SlowPointOptions()
        options.precision = precision
        options.parallel = parallel
        options.tolerance = 0   // run all 10,000 steps, as the tutorial does
        protocolRuns[label] = measure("(i) Adam protocol, 10,000 steps, \(label)", samples: 3, warmup: 0) {
            search = try! SlowPointFinder(system, options: options).optimize(candidates)
        }
        print("      final objective \(search!.finalObjective), \(search!.steps) steps")
    }
    // The composed baseline first, so that `search` ends as the fused float32 result the filters use.
    run(ComposedKernels(base: system), "single, 2 cores, composed", precision: .single, parallel: true)
    run(BLASFusedKernels(base: system), "single, 2 cores, OpenBLAS fused", precision: .single, parallel: true)
    run(system, "double, 1 core", precision: .double, parallel: false)
    run(system, "single, 1 core", precision: .single, parallel: false)
    run(system, "single, 2 cores", precision: .single, parallel: true)
    ratio("fused / composed kernels (single, 2 cores)", protocolRuns["single, 2 cores"]!, protocolRuns["single, 2 cores, composed"]!)
    ratio("fused / OpenBLAS fused (single, 2 cores; AVX kernel: \(VectorKernels.runFusedReLUGradient(dimension: 64)))",
          protocolRuns["single, 2 cores"]!, protocolRuns["single, 2 cores, OpenBLAS fused"]!)
    ratio("single / double (1 core)", protocolRuns["single, 1 core"]!, protocolRuns["double, 1 core"]!)
    ratio("2 cores / 1 core (single)", protocolRuns["single, 2 cores"]!, protocolRuns["single, 1 core"]!)
    findBenchmark(system, candidates)
    let optimized = search!.candidates
    var kept = 0
    _ = measure("(iii) the three filters (loss, unique, outliers)", samples: 21, warmup: 2) {
        kept = optimized.filteringLoss(below: 1e-4).keepingUnique(tolerance: 0.03).excludingOutliers(tolerance: 0.1).count
    }
    print("      \(kept) points kept")
}

/// (ii) `find(from:)` on the 64-unit map, with the warm start in double and in single precision.
func findBenchmark(_ system: ReluNetworkMap, _ candidates: [[Double]]) {
    let finder = SlowPointFinder(system)
    var found: SlowPointResult?
    _ = measure("(ii) find(from:): 200 warm-up steps (double) + refinement", samples: 5, warmup: 1) {
        found = try! finder.find(from: candidates)
    }
    var singleWarmStart = SlowPointOptions()
    singleWarmStart.precision = .single
    let singleFinder = SlowPointFinder(system, options: singleWarmStart)
    _ = measure("(ii') find(from:): 200 warm-up steps (single) + refinement", samples: 5, warmup: 1) {
        found = try! singleFinder.find(from: candidates)
    }
    print("      \(found!.fixedPoints.count) distinct fixed point(s), \(found!.slowPoints.count) slow point(s); \(found!.refined.filter(\.isFixedPoint).count) of 2200 candidates certified")
}

/// `find(from:)` alone, on the same map and candidates as ``slowPointBenchmark()``.
func findOnlyBenchmark() {
    var rng = SeededGenerator(seed: 11)
    let system = ReluNetworkMap(dimension: 64, gain: 0.9, using: &rng)
    findBenchmark(system, activityCandidates(of: system, trajectories: 100, using: &rng))
}

/// How `find(from:)` grows with the state size and the number of candidates.
func slowPointScalingBenchmark() {
    print("find(from:) scaling (ReLU map, gain 0.9)")
    for n in [32, 64, 128, 256] {
        var rng = SeededGenerator(seed: 5)
        let system = ReluNetworkMap(dimension: n, gain: 0.9, using: &rng)
        let candidates = activityCandidates(of: system, trajectories: 100, using: &rng)
        let finder = SlowPointFinder(system)
        _ = measure("n = \(n), 2200 candidates", samples: 3, warmup: 1) { _ = try! finder.find(from: candidates) }
    }
    for trajectories in [23, 46, 91, 182, 364] {
        var rng = SeededGenerator(seed: 5)
        let system = ReluNetworkMap(dimension: 64, gain: 0.9, using: &rng)
        let candidates = activityCandidates(of: system, trajectories: trajectories, using: &rng)
        let finder = SlowPointFinder(system)
        _ = measure("n = 64, \(candidates.count) candidates", samples: 3, warmup: 1) { _ = try! finder.find(from: candidates) }
    }
}
