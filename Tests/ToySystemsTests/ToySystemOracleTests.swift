import Dynamics
import DynamicsTestSupport
import PropertyBased
import ToySystems
import XCTest

/// The analytic facts each toy system documents hold numerically: these are the oracles later
/// analyses are tested against, so they are checked first.
final class ToySystemOracleTests: XCTestCase {
    func testPrescribedSpectrum() throws {
        try forAllCases(15) { rng in
            let n = Arbitrary.int(in: 1...12, using: &rng)
            let spectrum = RandomMatrices.spectrum(count: n, radius: 1.5, using: &rng)
            let a = RandomMatrices.withSpectrum(spectrum, using: &rng)
            let computed = try EigenDecomposition(of: a).eigenvalues
            for lambda in spectrum {
                let nearest = computed.map { ($0 - lambda).length }.min()!
                XCTAssertLessThan(nearest, 1e-9 * max(1, lambda.length), "eigenvalue \(lambda) of a prescribed-spectrum matrix, n = \(n)")
            }
        }
    }

    func testLinearFixedPoints() throws {
        try forAllCases(15) { rng in
            let n = Arbitrary.int(in: 1...12, using: &rng)
            let a = RandomMatrices.withSpectrum(RandomMatrices.spectrum(count: n, radius: 0.9, using: &rng), using: &rng)
            let map = LinearMap(matrix: a, offset: Arbitrary.vector(n, using: &rng))
            let xMap = try map.fixedPoint()
            assertClose(map.step(xMap), xMap, tolerance: 1e-10, "F(x*) = x*")
            let flow = LinearFlow(matrix: a, offset: Arbitrary.vector(n, using: &rng))
            let xFlow = try flow.fixedPoint()
            assertClose(flow.step(xFlow), Array(repeating: 0, count: n), tolerance: 1e-10, "f(x*) = 0")
        }
    }

    /// Every point x₀ + s·d of a line attractor is fixed, and d is the marginal eigenvector.
    func testLineAttractorLine() {
        forAllCases(15) { rng in
            let n = Arbitrary.int(in: 2...10, using: &rng)
            let map = LineAttractorMap(dimension: n, inputScale: 1, using: &rng)
            let flow = LineAttractorFlow(dimension: n, inputScale: 1, using: &rng)
            for s in [-3.0, 0, 0.7, 5] {
                let x = map.fixedPoint(along: s)
                assertClose(map.step(x), x, tolerance: 1e-12, "line map: F(x₀ + \(s)·d) = x₀ + \(s)·d, n = \(n)")
                assertClose(flow.step(flow.fixedPoint(along: s)), Array(repeating: 0, count: n), tolerance: 1e-12, "line flow: f = 0 on the line")
            }
            let d = map.geometry.direction
            assertClose(map.matrix * d, d, tolerance: 1e-12, "A·d = d")
            assertClose(flow.matrix * flow.geometry.direction, Array(repeating: 0, count: n), tolerance: 1e-12, "B·d = 0")
        }
    }

    /// ±m*·ξ are fixed points with the documented spectrum; the origin has β − 1.
    func testHopfieldFixedPointsAndSpectrum() throws {
        try forAllCases(10) { rng in
            let log2Size = Arbitrary.int(in: 2...4, using: &rng)
            let n = 1 << log2Size
            let p = Arbitrary.int(in: 1...min(4, n), using: &rng)
            let beta = Gen.double(in: 1.1...3).run(using: &rng)
            let network = HopfieldNetwork(log2Size: log2Size, patternCount: p, beta: beta, using: &rng)
            for (a, ξa) in network.patterns.enumerated() {
                for (b, ξb) in network.patterns.enumerated() where a != b {
                    XCTAssertEqual(zip(ξa, ξb).reduce(0) { $0 + $1.0 * $1.1 }, 0, "patterns \(a) and \(b) orthogonal")
                }
            }
            let m = HopfieldNetwork.overlap(beta: beta)
            XCTAssertEqual(m, Double.tanh(beta * m), accuracy: 1e-15)
            let expected = (Array(repeating: -1 + beta * (1 - m * m), count: p) + Array(repeating: -1.0, count: n - p)).sorted()
            for ξ in network.patterns {
                for sign in [1.0, -1.0] {
                    let x = ξ.map { sign * m * $0 }
                    XCTAssertLessThan(network.step(x).map(abs).max()!, 1e-14, "f(±m*ξ) = 0, N = \(n), β = \(beta)")
                    let eigenvalues = try EigenDecomposition(of: network.jacobian(at: x)).eigenvalues
                    XCTAssertTrue(eigenvalues.allSatisfy { abs($0.imaginary) < 1e-12 })
                    assertClose(eigenvalues.map(\.real).sorted(), expected, tolerance: 1e-12, "spectrum at ±m*ξ")
                }
            }
            let origin = try EigenDecomposition(of: network.jacobian(at: Array(repeating: 0, count: n))).eigenvalues.map(\.real).sorted()
            assertClose(origin, (Array(repeating: beta - 1, count: p) + Array(repeating: -1.0, count: n - p)).sorted(), tolerance: 1e-12, "spectrum at the origin")
        }
    }
}
