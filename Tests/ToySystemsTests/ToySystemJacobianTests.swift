import Dynamics
import DynamicsTestSupport
import PropertyBased
import ToySystems
import XCTest

/// Analytic overrides of the toy systems against the generic dual-number and row-by-row defaults.
final class ToySystemJacobianTests: XCTestCase {
    /// Random dense ReLU maps of sizes 1...20 (most not multiples of the chunk width 8), including
    /// states exactly on a kink (pre-activation 0, where relu'(0) = 0 on both paths).
    func testReluNetworkOverrides() {
        forAllCases(25) { rng in
            let n = Arbitrary.int(in: 1...20, using: &rng)
            let system = ReluNetworkMap(dimension: n, using: &rng)
            assertOverridesMatchDefaults(system, at: Arbitrary.vector(n, in: -2...2, using: &rng), using: &rng, "relu n = \(n)")
        }
        let kink = ReluNetworkMap(weights: Matrix.identity(3), bias: [0, 0, 0])
        XCTAssertEqual(kink.dualNumberJacobian(at: [0, 1, -1]), kink.jacobian(at: [0, 1, -1]))
        XCTAssertEqual(kink.jacobian(at: [0, 1, -1]), Matrix.diagonal([0, 1, 0]))
    }

    func testTanhNetworkOverrides() {
        forAllCases(25) { rng in
            let n = Arbitrary.int(in: 1...20, using: &rng)
            let system = TanhNetwork(weights: Arbitrary.matrix(n, n, using: &rng))
            assertOverridesMatchDefaults(system, at: Arbitrary.vector(n, using: &rng), using: &rng, "tanh n = \(n)")
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
            assertOverridesMatchDefaults(LinearMap(matrix: a, offset: c), at: x, using: &rng, "linear map n = \(n)")
            assertOverridesMatchDefaults(LinearFlow(matrix: a, offset: c), at: x, using: &rng, "linear flow n = \(n)")
            assertOverridesMatchDefaults(LineAttractorMap(dimension: n, inputScale: 1, using: &rng), at: x, using: &rng, "line map n = \(n)")
            assertOverridesMatchDefaults(LineAttractorFlow(dimension: n, inputScale: 1, using: &rng), at: x, using: &rng, "line flow n = \(n)")
        }
    }

    func testHopfieldOverrides() {
        forAllCases(10) { rng in
            let log2Size = Arbitrary.int(in: 1...4, using: &rng)
            let count = Arbitrary.int(in: 1...(1 << log2Size), using: &rng)
            let system = HopfieldNetwork(log2Size: log2Size, patternCount: count, beta: Gen.double(in: 1.1...3).run(using: &rng), using: &rng)
            assertOverridesMatchDefaults(system, at: Arbitrary.vector(system.dimension, in: -2...2, using: &rng), using: &rng, "Hopfield N = \(system.dimension), P = \(count)")
        }
    }
}
