import CANN
import Dispatch
import Dynamics

/// How the generic path scales with n on a model written as a plain loop-based `step` (the CANN ring
/// network): one step, one JVP (Dual<1>), one VJP (reverse mode), a block of 8 JVPs (Dual<8>), the
/// dense Jacobian, the leading spectrum (6 eigenvalues, block Arnoldi), and matrix-free refinement
/// per bump candidate; n = 64 … 2048.
func genericScalingBenchmark() {
    print("Generic path scaling: CANN ring network, loop-based generic step, exact ring, 1 thread")
    for n in [64, 128, 256, 512, 1024, 2048] {
        let network = RingNetwork(units: n)
        var rng = SeededGenerator(seed: 1)
        let candidates = Array(network.bumpCandidates(spacing: 0.5, noise: 0.01, using: &rng).prefix(4))
        let x = candidates[0]
        let u = (0..<n).map { Double($0 % 7) / 7 - 0.4 }
        let repeats = Swift.max(1, 4096 / n)
        let small = Swift.max(3, Swift.min(11, 2048 / n))
        print("n = \(n)")
        let step = measure("step", samples: small, operationsPerSample: repeats) { for _ in 0..<repeats { _ = network.step(x) } }
        let jvp = measure("JVP (Dual<1>)", samples: small, operationsPerSample: repeats) {
            for _ in 0..<repeats { _ = network.dualNumberJacobianVectorProduct(at: x, direction: u) }
        }
        let tape = ReverseModeTape()
        let vjp = measure("VJP (reverse mode, reused tape)", samples: small, operationsPerSample: repeats) {
            for _ in 0..<repeats { _ = network.reverseModeVectorJacobianProduct(at: x, cotangent: u, tape: tape) }
        }
        var workspace = DualJacobianWorkspace(dimension: n, jacobian: false)
        let directions = Matrix(rows: 8, columns: n, elements: (0..<(8 * n)).map { Double($0 % 13) / 13 })
        let block = measure("8 JVPs (one Dual<8> pass)", samples: small, operationsPerSample: repeats) {
            for _ in 0..<repeats { _ = network.jacobianProducts(at: x, directions: directions, workspace: &workspace) }
        }
        let jacobianSamples = n >= 1024 ? 1 : 3
        _ = measure("dense Jacobian (Dual<8>)", samples: jacobianSamples, warmup: n >= 1024 ? 0 : 1) { _ = network.jacobian(at: x) }
        var options = SlowPointOptions()
        options.refinement = .matrixFree
        options.parallel = false
        let finder = SlowPointFinder(network, options: options)
        var refined: [SlowPoint] = []
        let find = measure("matrix-free refinement, per candidate (4 bumps)", samples: 3, warmup: 0, operationsPerSample: 4) {
            refined = try! finder.refine(candidates)
        }
        print("      \(refined.filter(\.isFixedPoint).count) of 4 certified, iterations \(refined.map(\.iterations))")
        var spectrum: LeadingSpectrum?
        _ = measure("leading spectrum (6 eigenvalues)", samples: 3, warmup: 0) { spectrum = try! LeadingSpectrum(network, at: refined[0].state) }
        print("      subspace \(spectrum!.subspaceDimension), converged \(spectrum!.isConverged), leading \(spectrum!.eigenvalues.prefix(2).map { String(format: "%.2e", $0.real) })")
        print(String(format: "  per-op ratios to one step: JVP %.1fx, VJP %.1fx, 8 JVPs %.1fx; refinement per candidate %.0f steps",
                     jvp.seconds / step.seconds, vjp.seconds / step.seconds, block.seconds / step.seconds,
                     find.seconds / 4 / (step.seconds / Double(repeats))))
    }
}

/// The CANN goal: the whole analysis of 629 noisy bumps at 512 units (find, leading spectrum at every
/// distinct point, verdict), on both lattices, on 2 cores, against BrainPy's 71 s gradient search.
func cannBenchmark() {
    print("CANN1D, 512 units, 629 bump candidates: find + leading spectra + verdict (2 cores)")
    for lattice in RingNetwork.Lattice.allCases {
        let network = RingNetwork(units: 512, lattice: lattice)
        var rng = SeededGenerator(seed: 0)
        let candidates = network.bumpCandidates(using: &rng)
        var summary = ""
        _ = measure("\(lattice.rawValue) lattice, whole analysis", samples: 3, warmup: 0) {
            let found = try! SlowPointFinder(network).find(from: candidates)
            let points = found.points
            var spectra = [LeadingSpectrum?](repeating: nil, count: points.count)
            spectra.withUnsafeMutableBufferPointer { slots in
                let output = UnsafeSendable(slots)
                DispatchQueue.concurrentPerform(iterations: points.count) { k in
                    output.value[k] = try! LeadingSpectrum(network, at: points[k].state, seed: UInt64(points[k].candidateIndex))
                }
            }
            let fixed = points.indices.filter { points[$0].isFixedPoint }
            let verdict = AttractorVerdict(points: fixed.map { points[$0].state }, spectra: fixed.map { spectra[$0]! })
            summary = "\(found.refined.filter(\.isFixedPoint).count) of \(candidates.count) certified, \(found.fixedPoints.count) fixed, \(found.slowPoints.count) slow; \(verdict.kind.rawValue)"
        }
        print("      \(summary)")
    }
}

/// A buffer handed to concurrent iterations that write distinct indices.
struct UnsafeSendable<Element>: @unchecked Sendable {
    let value: UnsafeMutableBufferPointer<Element>
    init(_ value: UnsafeMutableBufferPointer<Element>) { self.value = value }
}
