import Dynamics
import DynamicsNN
import DynamicsTestSupport
import Foundation
import PropertyBased
import XCTest
import Yang2020

final class RecurrentNetworkTests: XCTestCase {
    /// The map's analytic overrides equal the dual-number and row-by-row defaults, for α = 1 (the
    /// tutorial) and α < 1, in double and single precision.
    func testRecurrentMapOverridesMatchDefaults() {
        forAllCases(12) { rng in
            let hidden = Arbitrary.int(in: 1...20, using: &rng)
            let alpha = Arbitrary.int(in: 0...1, using: &rng) == 0 ? 1 : Gen.double(in: 0.1...0.9).run(using: &rng)
            var generator = SeededGenerator(seed: rng.next())
            let network = RecurrentNetwork(hidden: hidden, alpha: alpha, using: &generator)
            let map = network.map(input: [1, 0.5, 0.5])
            let h = Arbitrary.vector(hidden, in: 0...2, using: &rng)
            let label = "hidden \(hidden), α \(alpha)"
            assertOverridesMatchDefaults(map, at: h, using: &rng, label)
            let rows = Arbitrary.int(in: 1...6, using: &rng)
            let states = Arbitrary.matrix(rows, hidden, in: -1...2, using: &rng)
            // Single precision kernels agree with double to float accuracy.
            let single = states.elements.map(Float.init)
            var values = [Float](repeating: 0, count: rows * hidden)
            single.withUnsafeBufferPointer { x in values.withUnsafeMutableBufferPointer { map.evaluateBatch(x, rows: rows, into: $0) } }
            assertClose(values.map(Double.init), map.evaluate(states).elements, tolerance: 1e-5, "\(label): float evaluation")
        }
    }

    /// `map(input:)` is one step of the network: F(h) equals nextHidden(h, input).
    func testMapIsOneNetworkStep() {
        var rng = SeededGenerator(seed: 4)
        let network = RecurrentNetwork(hidden: 9, alpha: 0.5, using: &rng)
        let h = (0..<9).map { _ in abs(rng.nextStandardNormal()) }
        assertClose(network.map(input: [1, 0.2, 0.7]).step(h), network.nextHidden(h, input: [1, 0.2, 0.7]), tolerance: 1e-14)
    }

    /// Kaiming init: truncated at 2σ, final std √(1/fan_in); biases within ±1/√H.
    /// With α = 1 the network is DynamicsNN's rate cell with ReLU (W_ih = W_irᵀ, W_hh = W_rrᵀ, b = b_rr),
    /// and its map is the same ReLU layer.
    func testNetworkIsTheRateCellWithReLU() throws {
        var rng = Xoshiro(seed: (11, 12, 13, 14))
        var generator = SeededGenerator(seed: 11)
        let network = RecurrentNetwork(hidden: 16, using: &generator)
        let cell = try RateRNNCell(
            inputWeights: network.inputWeights.transposed, recurrentWeights: network.recurrentWeights.transposed,
            bias: network.recurrentBias, alpha: 1, activation: .relu)
        for input in [[1.0, 0.6, 0.4], [1, 0, 0], [0, 0.3, 0.9]] {
            let h = Arbitrary.vector(16, in: 0...1, using: &rng)
            assertClose(cell.step(h, parameters: input), network.nextHidden(h, input: input), tolerance: 1e-14, "rate cell vs network at \(input)")
            let (yang, rate) = (network.map(input: input), cell.map(input: input))
            assertClose(rate.layer!.matrix, yang.layer.matrix, tolerance: 1e-15, "the same layer matrix at \(input)")
            assertClose(rate.layer!.offset, yang.layer.offset, tolerance: 1e-14, "the same layer offset at \(input)")
        }
    }

    func testInitialisation() {
        var rng = SeededGenerator(seed: 8)
        let network = RecurrentNetwork(hidden: 256, using: &rng)
        let w = network.recurrentWeights.elements
        let std = (w.reduce(0) { $0 + $1 * $1 } / Double(w.count)).squareRoot()
        XCTAssertEqual(std, (1.0 / 256).squareRoot(), accuracy: 0.02 * (1.0 / 256).squareRoot() * 4)
        let bound = 2 * (1.0 / 256).squareRoot() / 0.8796256610342398
        XCTAssertTrue(w.allSatisfy { abs($0) <= bound + 1e-15 }, "truncated at 2σ of the underlying normal")
        XCTAssertTrue(network.recurrentBias.allSatisfy { abs($0) <= 1 / 16 })
    }

    /// Backpropagation through time against dual numbers: for random directions v, ∇L·v equals the
    /// directional derivative of the plainly written loss on Dual<1>, within 1e-8 relative.
    func testGradientAgainstDualNumbers() {
        forAllCases(6) { rng in
            let hidden = Arbitrary.int(in: 2...10, using: &rng)
            let alpha = Arbitrary.int(in: 0...1, using: &rng) == 0 ? 1 : Gen.double(in: 0.2...0.9).run(using: &rng)
            var generator = SeededGenerator(seed: rng.next())
            let network = RecurrentNetwork(hidden: hidden, alpha: alpha, using: &generator)
            var task = DecisionMakingTask()
            task.stimulus = Double(100 * Arbitrary.int(in: 1...6, using: &rng))
            let batch = task.makeBatch(size: Arbitrary.int(in: 1...5, using: &rng), using: &generator)
            let (loss, gradient) = network.lossAndGradient(batch)
            let parameters = network.flatParameters
            XCTAssertEqual(loss, network.referenceLoss(parameters: parameters, batch: batch), accuracy: 1e-12 * max(1, loss), "loss, hidden \(hidden)")
            for _ in 0..<3 {
                let v = Arbitrary.vector(parameters.count, using: &rng)
                let seeded = zip(parameters, v).map { Dual<1>(value: $0, partials: [$1]) }
                let directional = network.referenceLoss(parameters: seeded, batch: batch).partials[0]
                let backprop = zip(gradient, v).reduce(0) { $0 + $1.0 * $1.1 }
                XCTAssertEqual(backprop, directional, accuracy: 1e-8 * max(abs(directional), 1e-3),
                               "∇L·v, hidden \(hidden), α \(alpha), \(batch.steps) steps x \(batch.size) trials")
            }
        }
    }

    /// Training reduces the loss, and the same seed gives bit-identical weights.
    func testTrainingIsDeterministicAndLearns() throws {
        var options = TrainingOptions()
        options.epochs = 3
        options.batchesPerEpoch = 8
        var task = DecisionMakingTask()
        task.stimulus = 500
        func run() throws -> (RecurrentNetwork, [EpochRecord]) {
            var rng = SeededGenerator(seed: 21)
            var network = RecurrentNetwork(hidden: 16, using: &rng)
            let records = try Trainer.train(&network, task: task, options: options, using: &rng)
            return (network, records)
        }
        let (a, recordsA) = try run()
        let (b, _) = try run()
        XCTAssertEqual(a, b, "same seed, same weights")
        XCTAssertEqual(recordsA.count, 3)
        XCTAssertLessThan(recordsA.last!.loss, recordsA.first!.loss)
    }

    /// Training gives the same bits under every OpenBLAS kernel family the CPU runs (its products go
    /// through `yang2020_ordered_gemm`, whose summation order is fixed), while numbers that come out of
    /// LAPACK (an LU solve, eigenvalues) may differ in their last bits between families and agree to
    /// 1e-12: the documented reason reports can differ there (README, "Same seed").
    func testTrainingIsIdenticalUnderEveryOpenBLASKernelFamily() throws {
        let cpu = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        var families = ["Prescott"]
        if cpu.contains(" avx2") && cpu.contains(" fma") { families += ["Haswell", "Zen"] }
        if ["avx512f", "avx512dq", "avx512bw", "avx512vl", "avx512cd"].allSatisfy({ cpu.contains(" \($0)") }) { families.append("SkylakeX") }
        var options = TrainingOptions()
        options.epochs = 2
        options.batchesPerEpoch = 4
        var task = DecisionMakingTask()
        task.stimulus = 300
        func run() throws -> (network: RecurrentNetwork, losses: [Double], solution: [Double], eigenvalues: [Complex<Double>]) {
            var rng = SeededGenerator(seed: 5)
            var network = RecurrentNetwork(hidden: 16, using: &rng)
            let records = try Trainer.train(&network, task: task, options: options, using: &rng)
            let w = network.recurrentWeights - 2 * Matrix.identity(16)
            return (network, records.map(\.loss), try w.solve(Matrix(rows: 16, columns: 1, repeating: 1)).elements,
                    try EigenDecomposition.eigenvalues(of: network.recurrentWeights))
        }
        guard let reference = try withOpenBLASKernels(families[0], run) else { throw XCTSkip("the BLAS is not a dynamic-dispatch OpenBLAS") }
        for family in families.dropFirst() {
            let result = try XCTUnwrap(try withOpenBLASKernels(family, run), "OpenBLAS refused \(family)")
            XCTAssertEqual(result.network, reference.network, "\(family) vs \(families[0]): the trained weights")
            XCTAssertEqual(result.losses, reference.losses, "\(family) vs \(families[0]): the losses")
            assertClose(result.solution, reference.solution, tolerance: 1e-12, "\(family): LU solve")
            for (a, b) in zip(result.eigenvalues, reference.eigenvalues) {
                XCTAssertLessThan((a - b).length, 1e-12 * Swift.max(1, b.length), "\(family): eigenvalues")
            }
        }
    }

    /// A step size that blows the loss up is a thrown error naming the epoch and batch, in both
    /// precisions, and the network is left as it was (it used to trap in `try!`).
    func testDivergentTrainingThrowsAndKeepsTheNetwork() {
        for precision in [ComputePrecision.single, .double] {
            for learningRate in [1e30, 1e300] {
                var options = TrainingOptions()
                options.epochs = 2
                options.batchesPerEpoch = 16
                options.learningRate = learningRate
                options.precision = precision
                var rng = SeededGenerator(seed: 4)
                var network = RecurrentNetwork(hidden: 16, using: &rng)
                let before = network
                XCTAssertThrowsError(try Trainer.train(&network, task: DecisionMakingTask(), options: options, using: &rng), "\(precision), lr \(learningRate)") { error in
                    guard case let .diverged(epoch, batch, rate) = error as? TrainingError else { return XCTFail("\(error)") }
                    XCTAssertTrue((1...2).contains(epoch) && (1...16).contains(batch), "\(epoch), \(batch)")
                    XCTAssertEqual(rate, learningRate)
                    XCTAssertTrue("\(error)".contains("lower the learning rate"))
                }
                XCTAssertEqual(network, before, "\(precision), lr \(learningRate): network unchanged")
            }
        }
    }
}
