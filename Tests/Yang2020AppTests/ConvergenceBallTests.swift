import Dynamics
import DynamicsTestSupport
import XCTest
import Yang2020
@testable import Yang2020App

/// `ConvergenceBall`'s certificate, checked by simulation: from anywhere inside the ball, including its
/// boundary sphere, the orbit keeps its activation pattern for 400 steps and closes in on the fixed point.
final class ConvergenceBallTests: XCTestCase {
    func testOrbitsFromInsideTheBallKeepThePatternAndConverge() throws {
        var checked = 0
        try forAllCases(12) { rng in
            let n = Arbitrary.int(in: 4...12, using: &rng)
            let gain = [0.6, 0.9, 1.2][Arbitrary.int(in: 0...2, using: &rng)]
            let alpha = [1.0, 0.5][Arbitrary.int(in: 0...1, using: &rng)]
            let network = try RecurrentNetwork(
                inputWeights: Arbitrary.matrix(3, n, using: &rng),
                recurrentWeights: Matrix(rows: n, columns: n, elements: Arbitrary.vector(n * n, in: -1...1, using: &rng).map { gain * $0 * (3 / Double(n)).squareRoot() }),
                recurrentBias: Arbitrary.vector(n, in: -0.5...1, using: &rng),
                readoutWeights: Arbitrary.matrix(n, 3, using: &rng), readoutBias: [0, 0, 0], alpha: alpha)
            let input = [1, 0.5, 0.5]
            let map = network.map(input: input)
            let starts = (0..<8).map { _ in Arbitrary.vector(n, in: 0...2, using: &rng) }
            let points = try SlowPointFinder(map).refine(starts).filter(\.isFixedPoint)
            for point in points {
                let stability = try LinearStability(map, at: point.state)
                guard stability.isStable else { continue }
                let s = point.state
                let radius = ConvergenceBall(around: s, of: network, input: input).radius
                guard radius > 0 else { continue }
                checked += 1
                func pattern(_ h: [Double]) -> [Bool] {
                    let drive = input * network.inputWeights, recurrent = h * network.recurrentWeights
                    return (0..<n).map { i in (1 - alpha) * h[i] + alpha * (drive[i] + recurrent[i] + network.recurrentBias[i]) > 0 }
                }
                let expected = pattern(s)
                for trial in 0..<10 {
                    // Random directions; half the starts on the boundary sphere itself.
                    var direction = (0..<n).map { _ in rng.nextStandardNormal() }
                    let length = direction.reduce(0) { $0 + $1 * $1 }.squareRoot()
                    let reach = trial % 2 == 0 ? radius : radius * Double.random(in: 0...1, using: &rng)
                    direction = direction.map { $0 / length * reach }
                    var h = zip(s, direction).map { $0 + $1 }
                    let startDistance = euclideanDistance(h, s)
                    for step in 0..<400 {
                        XCTAssertEqual(pattern(h), expected, "n \(n), gain \(gain), α \(alpha): the pattern changed at step \(step) from \(reach / radius) of the radius")
                        h = map.step(h)
                    }
                    let endDistance = euclideanDistance(h, s)
                    // Inside the region the orbit is A^t(h₀ − s) with ρ(A) < 1: it has closed in by now.
                    XCTAssertLessThan(endDistance, Swift.max(0.5 * startDistance, 1e-12), "n \(n), gain \(gain), α \(alpha): no convergence")
                }
            }
        }
        XCTAssertGreaterThan(checked, 5, "too few stable fixed points with a certified ball to test the certificate")
    }

    private func euclideanDistance(_ a: [Double], _ b: [Double]) -> Double {
        zip(a, b).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }.squareRoot()
    }
}
