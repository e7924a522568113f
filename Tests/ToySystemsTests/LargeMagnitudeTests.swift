import Dynamics
import DynamicsTestSupport
import PropertyBased
import ToySystems
import XCTest

/// Counts and verdicts at any finite magnitude (hardening round 3, findings 2 and 3): copies of one
/// fixed point far from the origin are one point, and the verdict survives distances that overflow.
final class LargeMagnitudeTests: XCTestCase {
    /// ‖a − b‖ ≤ tol·max(1, ‖a‖, ‖b‖), the naive way (norms through scaling, differences through halves).
    func naiveSame(_ a: [Double], _ b: [Double], _ tol: Double) -> Bool {
        func norm(_ v: [Double]) -> Double {
            let m = v.reduce(0) { max($0, abs($1)) }
            return m == 0 ? 0 : m * v.reduce(0) { $0 + ($1 / m) * ($1 / m) }.squareRoot()
        }
        return 2 * norm(zip(a, b).map { $0 / 2 - $1 / 2 }) <= tol * max(1, norm(a), norm(b))
    }

    /// Greedy clustering by the relative rule equals its O(n²) definition on clouds spread over
    /// magnitudes from 1e-3 to 1e307, with copies perturbed just inside and outside the tolerance.
    func testRelativeClustersEqualTheNaiveDefinition() {
        forAllCases(80) { rng in
            let d = Arbitrary.int(in: 1...6, using: &rng)
            let tolerance = [1e-6, 1e-3, 0.1, 0.2][Arbitrary.int(in: 0...3, using: &rng)]
            var points: [[Double]] = []
            for _ in 0..<Arbitrary.int(in: 1...8, using: &rng) {
                let magnitude = pow(10, Gen.double(in: -3...307).run(using: &rng))
                let center = Arbitrary.vector(d, in: -1...1, using: &rng).map { $0 * magnitude }
                let size = max(1, center.reduce(0) { max($0, abs($1)) })
                for _ in 0..<Arbitrary.int(in: 1...12, using: &rng) {
                    let radius = Gen.double(in: 0...1.5).run(using: &rng) * tolerance * size / Double(d).squareRoot()
                    points.append(center.map { $0 + Gen.double(in: -radius...radius).run(using: &rng) })
                }
            }
            points.shuffle(using: &rng)
            var naive: [(Int, [Int])] = []
            for j in points.indices {
                if let k = naive.firstIndex(where: { naiveSame(points[$0.0], points[j], tolerance) }) { naive[k].1.append(j) } else { naive.append((j, [j])) }
            }
            let grid = ProximityGrid.firstOfClusters(points, tolerance: tolerance, scale: .relative)
            XCTAssertEqual(grid.map(\.representative), naive.map(\.0), "representatives, \(points.count) points in \(d)-D, tol \(tolerance)")
            XCTAssertEqual(grid.map(\.members), naive.map(\.1), "members")
        }
    }

    /// F(x) = 0.5·x + c with c up to 1e300: exactly one fixed point, 2c, from every candidate.
    /// With the old absolute merge at 1e-6, c = 1e11 gave 9 points.
    func testOneFixedPointAtAnyMagnitude() throws {
        try forAllCases(12) { rng in
            let n = Arbitrary.int(in: 1...8, using: &rng)
            let magnitude = [1e6, 1e9, 1e11, 1e15, 1e100, 1e300][Arbitrary.int(in: 0...5, using: &rng)]
            let offset = Arbitrary.vector(n, in: 0.5...1, using: &rng).map { $0 * magnitude }
            let map = LinearMap(matrix: Matrix(rows: n, columns: n, elements: (0..<n * n).map { $0 % (n + 1) == 0 ? 0.5 : 0 }), offset: offset)
            let candidates = (0..<40).map { _ in Arbitrary.vector(n, in: -1...1, using: &rng).map { $0 * 3 * magnitude } }
            let result = try SlowPointFinder(map).find(from: candidates)
            let fixed = result.points.filter(\.isFixedPoint)
            XCTAssertEqual(fixed.count, 1, "magnitude \(magnitude), n \(n): \(fixed.count) fixed points")
            XCTAssertEqual(fixed.first?.candidateIndices.count, 40)
            assertClose(fixed.first?.state ?? [], offset.map { 2 * $0 }, tolerance: 1e-12)
        }
    }

    /// An 8-unit ReLU contraction driven at 1e9: one fixed point (‖x*‖ ≈ 1e10), not hundreds.
    func testReLUContractionDrivenHard() throws {
        var rng = Xoshiro(seed: (1, 2, 3, 4))
        let n = 8
        let weights = RandomMatrices.gaussian(rows: n, columns: n, scale: 0.5 / Double(n).squareRoot(), using: &rng)
        let bias = (0..<n).map { _ in 1e9 * Gen.double(in: 0.5...1).run(using: &rng) }
        let map = ReluNetworkMap(weights: weights, bias: bias)
        let candidates = (0..<300).map { _ in Arbitrary.vector(n, in: 0...3e9, using: &rng) }
        let result = try SlowPointFinder(map).find(from: candidates)
        XCTAssertEqual(result.points.filter(\.isFixedPoint).count, 1, "\(result.points.count) points")
    }

    /// Finding 3: the verdict walked off its array when distances overflowed (points near 1e300);
    /// copies of one place at any magnitude are "isolated points", and distinct far-apart points too.
    func testVerdictAtTheEdgeOfTheRange() throws {
        let map = LinearMap(matrix: Matrix(rows: 2, columns: 2, elements: [0.5, 0, 0, 0.5]))
        let stability = try LinearStability(map, at: [0, 0])
        for scale in [1.0, 1e154, 1e200, 1e300, 1e307] {
            let copies = [[scale, -scale], [scale * (1 + 1e-13), -scale], [scale, -scale * (1 - 1e-13)]]
            let one = AttractorVerdict(points: copies, stabilities: Array(repeating: stability, count: 3))
            XCTAssertEqual(one.kind, AttractorVerdict.Kind.isolatedPoints, "copies at \(scale)")
            XCTAssertEqual(one.intrinsicDimension, 0, "copies at \(scale) are one place")
            let apart = [[scale, -scale], [-scale, scale], [scale, scale], [-8e307, 8e307]]
            let verdict = AttractorVerdict(points: apart, stabilities: Array(repeating: stability, count: 4))
            XCTAssertEqual(verdict.kind, AttractorVerdict.Kind.isolatedPoints, "apart at \(scale)")
            XCTAssertTrue(verdict.largestGapRatio.isFinite, "\(verdict)")
        }
    }
}
