import Dynamics
import DynamicsNN
import DynamicsTestSupport
import PropertyBased
import XCTest

/// Each cell against PyTorch's equations written out here on fixed numbers, its derivatives against
/// dual numbers, and fixed points of small cells with stored patterns.
final class CellTests: XCTestCase {
    func weights(_ rng: inout Xoshiro, hidden: Int, inputs: Int, gates: Int) throws -> CellWeights {
        try CellWeights(
            inputWeights: Arbitrary.matrix(gates * hidden, inputs, using: &rng), recurrentWeights: Arbitrary.matrix(gates * hidden, hidden, using: &rng),
            inputBias: Arbitrary.vector(gates * hidden, using: &rng), recurrentBias: Arbitrary.vector(gates * hidden, using: &rng), gates: gates)
    }

    func row(_ m: Matrix, _ i: Int, _ x: [Double]) -> Double { (0..<m.columns).reduce(0) { $0 + m[i, $1] * x[$1] } }
    func sigma(_ x: Double) -> Double { 1 / (1 + Double.exp(-x)) }

    func testCellsAgainstPyTorchEquations() throws {
        try forAllCases(10) { rng in
            let (n, m) = (Arbitrary.int(in: 1...6, using: &rng), Arbitrary.int(in: 1...3, using: &rng))
            let u = Arbitrary.vector(m, using: &rng), h = Arbitrary.vector(n, using: &rng), c = Arbitrary.vector(n, in: -2...2, using: &rng)
            // Elman: h' = tanh(W_ih u + b_ih + W_hh h + b_hh).
            let w1 = try weights(&rng, hidden: n, inputs: m, gates: 1)
            let elman = try ElmanCell(weights: w1, nonlinearity: .tanh)
            let expectedElman = (0..<n).map { i in Double.tanh(row(w1.inputWeights, i, u) + w1.inputBias[i] + row(w1.recurrentWeights, i, h) + w1.recurrentBias[i]) }
            assertClose(elman.step(h, parameters: u), expectedElman, tolerance: 1e-14, "Elman tanh")
            let reluCell = try ElmanCell(weights: w1, nonlinearity: .relu)
            assertClose(reluCell.step(h, parameters: u), (0..<n).map { i in Swift.max(0, row(w1.inputWeights, i, u) + w1.inputBias[i] + row(w1.recurrentWeights, i, h) + w1.recurrentBias[i]) }, tolerance: 1e-14, "Elman relu")
            // GRU, gates r | z | n.
            let w3 = try weights(&rng, hidden: n, inputs: m, gates: 3)
            let gru = try GRUCell(weights: w3)
            let expectedGRU = (0..<n).map { i -> Double in
                func gate(_ g: Int) -> (Double, Double) {
                    (row(w3.inputWeights, g * n + i, u) + w3.inputBias[g * n + i], row(w3.recurrentWeights, g * n + i, h) + w3.recurrentBias[g * n + i])
                }
                let r = sigma(gate(0).0 + gate(0).1), z = sigma(gate(1).0 + gate(1).1)
                let candidate = Double.tanh(gate(2).0 + r * gate(2).1)
                return (1 - z) * candidate + z * h[i]
            }
            assertClose(gru.step(h, parameters: u), expectedGRU, tolerance: 1e-14, "GRU")
            // LSTM, gates i | f | g | o, state [h; c].
            let w4 = try weights(&rng, hidden: n, inputs: m, gates: 4)
            let lstm = try LSTMCell(weights: w4)
            var expectedLSTM = [Double](repeating: 0, count: 2 * n)
            for k in 0..<n {
                func pre(_ g: Int) -> Double { row(w4.inputWeights, g * n + k, u) + w4.inputBias[g * n + k] + row(w4.recurrentWeights, g * n + k, h) + w4.recurrentBias[g * n + k] }
                let cell = sigma(pre(1)) * c[k] + sigma(pre(0)) * Double.tanh(pre(2))
                expectedLSTM[n + k] = cell
                expectedLSTM[k] = sigma(pre(3)) * Double.tanh(cell)
            }
            assertClose(lstm.step(h + c, parameters: u), expectedLSTM, tolerance: 1e-14, "LSTM")
            // Derivatives: reverse mode and the joint Jacobian against dual numbers.
            let map = gru.fixing(parameters: u)
            let cotangent = Arbitrary.vector(n, using: &rng)
            assertClose(map.reverseModeVectorJacobianProduct(at: h, cotangent: cotangent), cotangent * map.dualNumberJacobian(at: h), tolerance: 1e-12, "GRU VJP")
            XCTAssertEqual(gru.jointJacobian(at: h, parameters: u).columns, n + m)
        }
    }

    /// The rate cell h' = (1 − α)·h + α·φ(W_ih u + W_hh h + b), written out, for each activation.
    func testRateCellAgainstItsEquation() throws {
        try forAllCases(10) { rng in
            let (n, m) = (Arbitrary.int(in: 1...6, using: &rng), Arbitrary.int(in: 1...3, using: &rng))
            let (wi, wh, b) = (Arbitrary.matrix(n, m, using: &rng), Arbitrary.matrix(n, n, using: &rng), Arbitrary.vector(n, using: &rng))
            let alpha = Arbitrary.vector(1, in: 0.01...1, using: &rng)[0]
            let u = Arbitrary.vector(m, using: &rng), h = Arbitrary.vector(n, using: &rng)
            let phis: [(Activation, (Double) -> Double)] = [(.tanh, { Double.tanh($0) }), (.relu, { Swift.max(0, $0) }), (.sigmoid, sigma)]
            for (activation, phi) in phis {
                let cell = try RateRNNCell(inputWeights: wi, recurrentWeights: wh, bias: b, alpha: alpha, activation: activation)
                let expected = (0..<n).map { i in (1 - alpha) * h[i] + alpha * phi(row(wi, i, u) + row(wh, i, h) + b[i]) }
                assertClose(cell.step(h, parameters: u), expected, tolerance: 1e-14, "rate cell, \(activation), α = \(alpha)")
            }
        }
        XCTAssertThrowsError(try RateRNNCell(inputWeights: Matrix(rows: 2, columns: 1), recurrentWeights: Matrix(rows: 2, columns: 2), bias: [0, 0], alpha: 0))
        XCTAssertThrowsError(try RateRNNCell(inputWeights: Matrix(rows: 3, columns: 1), recurrentWeights: Matrix(rows: 2, columns: 2), bias: [0, 0])) { error in
            XCTAssertEqual("\(error)", "weight_ih has shape [3, 1]; the cell needs [2, I] with I ≥ 1 inputs (H = 2)")
        }
    }

    /// sigmoid saturates without NaN, in value and derivative.
    func testSigmoidIsStableWhenSaturated() {
        for x in [-1000.0, -50, 0, 50, 1000] {
            let d = sigmoid(Dual<1>(x, seed: 0))
            XCTAssertTrue(d.value.isFinite && d.partials[0].isFinite, "σ at \(x): \(d)")
            XCTAssertEqual(d.partials[0], sigma(x) * (1 - sigma(x)), accuracy: 1e-15)
        }
    }

    /// An Elman tanh cell storing ±ξ (W = β·ξξᵀ/N, no input drive, no bias): h = ±m*·ξ are fixed points
    /// with m* = tanh(β·m*), stable with eigenvalues β(1 − m*²)/1 along ξ and 0 elsewhere, certified.
    func testStoredPatternsAreCertifiedFixedPoints() throws {
        let n = 8, beta = 2.0
        let xi: [Double] = [1, -1, 1, 1, -1, -1, 1, -1]
        var w = Matrix(rows: n, columns: n)
        for i in 0..<n { for j in 0..<n { w[i, j] = beta * xi[i] * xi[j] / Double(n) } }
        let weights = try CellWeights(inputWeights: Matrix(rows: n, columns: 1), recurrentWeights: w, inputBias: .init(repeating: 0, count: n), recurrentBias: .init(repeating: 0, count: n), gates: 1)
        let cell = try ElmanCell(weights: weights).fixing(parameters: [0])
        var mStar = 1.0
        for _ in 0..<200 { mStar = Double.tanh(beta * mStar) }
        let result = try SlowPointFinder(cell).find(from: [xi.map { 0.7 * $0 }, xi.map { -0.9 * $0 }, xi.map { 0.01 * $0 }])
        for sign in [1.0, -1.0] {
            let expected = xi.map { sign * mStar * $0 }
            let found = try XCTUnwrap(result.fixedPoints.first { zip($0.state, expected).allSatisfy { abs($0 - $1) < 1e-9 } }, "±m*ξ")
            let stability = try LinearStability(cell, at: found.state)
            XCTAssertTrue(stability.isStable)
            XCTAssertEqual(stability.eigenvalues[0].real, beta * (1 - mStar * mStar), accuracy: 1e-9)
        }
    }
}

/// The cells' batched BLAS kernels and analytic Jacobians against their generic steps: evaluation,
/// vector-Jacobian products (reverse mode and dual numbers) and the slow-point gradient in both
/// precisions.
final class CellMapTests: XCTestCase {
    func testBatchKernelsMatchTheGenericStep() throws {
        try forAllCases(6) { rng in
            let (n, m) = (Arbitrary.int(in: 1...20, using: &rng), Arbitrary.int(in: 1...3, using: &rng))
            let weights = try CellWeights(
                inputWeights: Arbitrary.matrix(3 * n, m, using: &rng), recurrentWeights: Arbitrary.matrix(3 * n, n, using: &rng),
                inputBias: Arbitrary.vector(3 * n, using: &rng), recurrentBias: Arbitrary.vector(3 * n, using: &rng), gates: 3)
            let map = try GRUCell(weights: weights).map(input: Arbitrary.vector(m, using: &rng))
            assertOverridesMatchDefaults(map, at: Arbitrary.vector(n, using: &rng), using: &rng, "GRU n = \(n), m = \(m)")
        }
    }

    func testLSTMKernelsMatchTheGenericStep() throws {
        try forAllCases(6) { rng in
            let (n, m) = (Arbitrary.int(in: 1...20, using: &rng), Arbitrary.int(in: 1...3, using: &rng))
            let weights = try CellWeights(
                inputWeights: Arbitrary.matrix(4 * n, m, using: &rng), recurrentWeights: Arbitrary.matrix(4 * n, n, using: &rng),
                inputBias: Arbitrary.vector(4 * n, using: &rng), recurrentBias: Arbitrary.vector(4 * n, using: &rng), gates: 4)
            let map = try LSTMCell(weights: weights).map(input: Arbitrary.vector(m, using: &rng))
            assertOverridesMatchDefaults(map, at: Arbitrary.vector(2 * n, in: -2...2, using: &rng), using: &rng, "LSTM n = \(n), m = \(m)")
        }
    }

    /// Rate cells for every activation and α (α = 1 with relu runs through the ReLU layer and, for
    /// n a multiple of 8, its AVX2 kernel), and the Elman cell's map.
    func testRateRNNKernelsMatchTheGenericStep() throws {
        try forAllCases(12) { rng in
            let n = Arbitrary.int(in: 0...1, using: &rng) == 0 ? Arbitrary.int(in: 1...9, using: &rng) : 8 * Arbitrary.int(in: 1...3, using: &rng)
            let m = Arbitrary.int(in: 1...3, using: &rng)
            let activation = Activation.allCases[Arbitrary.int(in: 0...2, using: &rng)]
            let alpha = Arbitrary.int(in: 0...1, using: &rng) == 0 ? 1 : Arbitrary.vector(1, in: 0.05...1, using: &rng)[0]
            let cell = try RateRNNCell(
                inputWeights: Arbitrary.matrix(n, m, using: &rng), recurrentWeights: Arbitrary.matrix(n, n, using: &rng),
                bias: Arbitrary.vector(n, using: &rng), alpha: alpha, activation: activation)
            let map = cell.map(input: Arbitrary.vector(m, using: &rng))
            XCTAssertEqual(map.layer != nil, activation == .relu && alpha == 1, "the ReLU layer serves exactly relu with α = 1")
            assertOverridesMatchDefaults(map, at: Arbitrary.vector(n, using: &rng), using: &rng, "rate RNN n = \(n), m = \(m), \(activation), α = \(alpha)")
            let weights = try CellWeights(
                inputWeights: cell.inputWeights, recurrentWeights: cell.recurrentWeights, inputBias: cell.bias,
                recurrentBias: Arbitrary.vector(n, using: &rng), gates: 1)
            let elman = try ElmanCell(weights: weights, nonlinearity: activation == .sigmoid ? .tanh : activation)
            let u = Arbitrary.vector(m, using: &rng), h = Arbitrary.vector(n, using: &rng)
            assertClose(elman.map(input: u).step(h), elman.step(h, parameters: u), tolerance: 1e-13, "Elman map vs Elman cell, n = \(n)")
        }
    }
}
