import Dynamics
import DynamicsTestSupport
import PropertyBased
import ToySystems
import XCTest

/// Analytic overrides of the toy systems against the generic dual-number and row-by-row defaults.
final class ToySystemJacobianTests: XCTestCase {
    /// The checks every system with overrides must pass at a random state.
    func checkOverrides<S: DynamicalSystem>(_ system: S, at x: [Double], using rng: inout Xoshiro, _ label: String) {
        let n = system.dimension
        let analytic = system.jacobian(at: x)
        let dual = system.dualNumberJacobian(at: x)
        assertClose(dual, analytic, tolerance: 1e-12, "\(label): dual Jacobian vs analytic, n = \(n)")
        let v = Arbitrary.vector(n, using: &rng), u = Arbitrary.vector(n, using: &rng)
        assertClose(system.jacobianVectorProduct(at: x, direction: v), analytic * v, tolerance: 1e-12, "\(label): JVP vs J·v")
        assertClose(system.dualNumberJacobianVectorProduct(at: x, direction: v), analytic * v, tolerance: 1e-12, "\(label): dual JVP vs J·v")
        assertClose(system.vectorJacobianProduct(at: x, cotangent: u), u * analytic, tolerance: 1e-12, "\(label): VJP vs Jᵀ·u")
        let rows = Arbitrary.int(in: 1...5, using: &rng)
        let states = Arbitrary.matrix(rows, n, in: -2...2, using: &rng)
        let cotangents = Arbitrary.matrix(rows, n, using: &rng)
        assertClose(system.evaluate(states), system.rowByRowEvaluation(states), tolerance: 1e-13, "\(label): batched vs row-by-row evaluation")
        assertClose(
            system.vectorJacobianProducts(at: states, cotangents: cotangents),
            system.rowByRowVectorJacobianProducts(at: states, cotangents: cotangents), tolerance: 1e-12,
            "\(label): batched vs row-by-row VJP")
        var dualRows = Matrix(rows: rows, columns: n)
        for r in 0..<rows {
            dualRows.elements.replaceSubrange(r * n..<(r + 1) * n, with: system.dualNumberVectorJacobianProduct(at: states.row(r), cotangent: cotangents.row(r)))
        }
        assertClose(system.vectorJacobianProducts(at: states, cotangents: cotangents), dualRows, tolerance: 1e-12, "\(label): batched VJP vs dual numbers")
    }

    /// Random dense ReLU maps of sizes 1...20 (most not multiples of the chunk width 8), including
    /// states exactly on a kink (pre-activation 0, where relu'(0) = 0 on both paths).
    func testReluNetworkOverrides() {
        forAllCases(25) { rng in
            let n = Arbitrary.int(in: 1...20, using: &rng)
            let system = ReluNetworkMap(dimension: n, using: &rng)
            checkOverrides(system, at: Arbitrary.vector(n, in: -2...2, using: &rng), using: &rng, "relu n = \(n)")
        }
        let kink = ReluNetworkMap(weights: Matrix.identity(3), bias: [0, 0, 0])
        XCTAssertEqual(kink.dualNumberJacobian(at: [0, 1, -1]), kink.jacobian(at: [0, 1, -1]))
        XCTAssertEqual(kink.jacobian(at: [0, 1, -1]), Matrix.diagonal([0, 1, 0]))
    }

    func testTanhNetworkOverrides() {
        forAllCases(25) { rng in
            let n = Arbitrary.int(in: 1...20, using: &rng)
            let system = TanhNetwork(weights: Arbitrary.matrix(n, n, using: &rng))
            checkOverrides(system, at: Arbitrary.vector(n, using: &rng), using: &rng, "tanh n = \(n)")
            // Oracle: at the origin the Jacobian is W.
            assertClose(system.dualNumberJacobian(at: Array(repeating: 0, count: n)), system.weights, tolerance: 0, "tanh: J(0) = W")
        }
    }

    func testLinearSystemsAndLineAttractorsOverrides() {
        forAllCases(15) { rng in
            let n = Arbitrary.int(in: 1...17, using: &rng)
            let spectrum = RandomMatrices.spectrum(count: n, radius: 0.95, using: &rng)
            let a = RandomMatrices.withSpectrum(spectrum, using: &rng)
            let c = Arbitrary.vector(n, using: &rng)
            let x = Arbitrary.vector(n, using: &rng)
            checkOverrides(LinearMap(matrix: a, offset: c), at: x, using: &rng, "linear map n = \(n)")
            checkOverrides(LinearFlow(matrix: a, offset: c), at: x, using: &rng, "linear flow n = \(n)")
            checkOverrides(LineAttractorMap(dimension: n, inputScale: 1, using: &rng), at: x, using: &rng, "line map n = \(n)")
            checkOverrides(LineAttractorFlow(dimension: n, inputScale: 1, using: &rng), at: x, using: &rng, "line flow n = \(n)")
        }
    }

    func testHopfieldOverrides() {
        forAllCases(10) { rng in
            let log2Size = Arbitrary.int(in: 1...4, using: &rng)
            let count = Arbitrary.int(in: 1...(1 << log2Size), using: &rng)
            let system = HopfieldNetwork(log2Size: log2Size, patternCount: count, beta: Gen.double(in: 1.1...3).run(using: &rng), using: &rng)
            checkOverrides(system, at: Arbitrary.vector(system.dimension, in: -2...2, using: &rng), using: &rng, "Hopfield N = \(system.dimension), P = \(count)")
        }
    }
}
