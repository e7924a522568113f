import Dynamics
import DynamicsNN
import DynamicsTestSupport
import PropertyBased
import ToySystems
import XCTest

/// The activation-pattern search for exact fixed points and cycles of ReLU networks against brute-force
/// enumeration of every pattern sequence on small networks.
final class ReLURegionSearchOracleTests: XCTestCase {
    private func sameOrbit(_ a: PeriodicOrbit, _ b: PeriodicOrbit) -> Bool {
        guard a.period == b.period else { return false }
        let k = a.period
        func close(_ x: [Double], _ y: [Double]) -> Bool { zip(x, y).allSatisfy { abs($0 - $1) <= 1e-8 } }
        return (0..<k).contains { shift in (0..<k).allSatisfy { close(a.states[$0], b.states[($0 + shift) % k]) } }
    }

    /// Every cycle the search returns is exact and among the enumerated ones; every enumerated cycle is
    /// found from seeds near it, and every stable one from the end of a trajectory that starts near it.
    func testSearchAgainstEnumeration() throws {
        try forAllCases(6) { rng in
            let k = Arbitrary.int(in: 1...2, using: &rng)
            let n = Arbitrary.int(in: 3...(k == 1 ? 8 : 5), using: &rng)
            // Random coupling minus a self-inhibition s·I and biases of either sign: several fixed
            // points, and 2-cycles where a unit overshoots (s > 1).
            var weights = RandomMatrices.gaussian(rows: n, columns: n, scale: Gen.double(in: 0.8...2.5).run(using: &rng) / Double(n).squareRoot(), using: &rng)
            let inhibition = Gen.double(in: 0...2.5).run(using: &rng)
            for i in 0..<n { weights[i, i] -= inhibition }
            let network = ReluNetworkMap(weights: weights, bias: (0..<n).map { _ in Gen.double(in: -1...1).run(using: &rng) })
            let search = ReLURegionSearch(network.layer)
            let all = try search.allCycles(period: k)
            XCTAssertEqual(all.regionsTried, 1 << (n * k))
            let seeds = (0..<200).map { _ in Arbitrary.vector(n, in: -2...2, using: &rng) }
            let found = try search.cycles(period: k, seeds: seeds)
            let label = "n = \(n), period \(k)"
            XCTAssertLessThanOrEqual(found.regionsTried, 200 * search.maxIterationsPerSeed, label)
            for orbit in found.cycles {
                XCTAssertTrue(all.cycles.contains { sameOrbit($0, orbit) }, "\(label): a cycle the enumeration does not have")
            }
            for orbit in all.cycles {
                XCTAssertEqual(orbit.period, k, label)
                for j in 0..<k {
                    let image = network.step(orbit.states[j])
                    for (a, b) in zip(image, orbit.states[(j + 1) % k]) { XCTAssertEqual(a, b, accuracy: 1e-10, "\(label): F(xⱼ) = xⱼ₊₁") }
                }
                if k == 2 { XCTAssertFalse(zip(orbit.states[0], orbit.states[1]).allSatisfy { abs($0 - $1) < 1e-9 }, "\(label): minimal period") }
                let near = orbit.states.map { $0.map { $0 + 1e-9 } }
                XCTAssertTrue(try search.cycles(period: k, seeds: near).cycles.contains { sameOrbit($0, orbit) }, "\(label): found from its own points")
                // The multipliers are the eigenvalues of the product of the Jacobians along the cycle.
                var product = Matrix.identity(n)
                for x in orbit.states { product = network.jacobian(at: x) * product }
                let expected = try EigenDecomposition(of: product).eigenvalues.map(\.length).sorted()
                for (a, b) in zip(orbit.multipliers.map(\.length).sorted(), expected) { XCTAssertEqual(a, b, accuracy: 1e-9, "\(label): multipliers") }
                if orbit.isStable && orbit.multipliers.allSatisfy({ $0.length < 0.95 }) {
                    var x = orbit.states[0].map { $0 + 1e-4 }
                    for _ in 0..<(400 * k) { x = network.step(x) }
                    XCTAssertTrue(try search.cycles(period: k, seeds: [x]).cycles.contains { sameOrbit($0, orbit) }, "\(label): a stable cycle from a trajectory")
                }
            }
        }
    }

    func testBadArguments() throws {
        var rng = SeededGenerator(seed: 1)
        let search = ReLURegionSearch(ReluNetworkMap(dimension: 4, using: &rng).layer)
        XCTAssertThrowsError(try search.cycles(period: 0, seeds: [])) { XCTAssertTrue("\($0)".contains("period")) }
        XCTAssertThrowsError(try search.cycles(period: 1, seeds: [[1, 2]])) { XCTAssertTrue("\($0)".contains("4 units")) }
        XCTAssertThrowsError(try search.cycles(period: 1, seeds: [[1, 2, .nan, 0]])) { XCTAssertTrue("\($0)".contains("NaN")) }
        XCTAssertThrowsError(try search.allCycles(period: 6)) { XCTAssertTrue("\($0)".contains("too large")) }
    }
}
