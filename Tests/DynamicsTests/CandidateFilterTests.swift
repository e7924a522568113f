import Dynamics
import DynamicsTestSupport
import PropertyBased
import XCTest

/// The three filters equal their naive O(n²) definitions on random clouds.
final class CandidateFilterTests: XCTestCase {
    func distance(_ a: [Double], _ b: [Double]) -> Double {
        zip(a, b).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }.squareRoot()
    }

    /// BrainPy's keep_unique, literally: for each i in order, drop every later j within tol.
    func naiveUnique(_ points: [[Double]], _ tol: Double) -> [Bool] {
        var keep = [Bool](repeating: true, count: points.count)
        for i in points.indices {
            for j in (i + 1)..<points.count where distance(points[i], points[j]) <= tol { keep[j] = false }
        }
        return keep
    }

    func naiveOutliers(_ points: [[Double]], _ tol: Double) -> [Bool] {
        points.indices.map { i in points.indices.contains { j in j != i && distance(points[i], points[j]) < tol } }
    }

    /// Clouds with clusters, exact duplicates, points at exactly the tolerance, and isolated points.
    func randomCloud(using rng: inout Xoshiro) -> (points: [[Double]], tolerance: Double) {
        let d = Arbitrary.int(in: 1...12, using: &rng)
        let tolerance = Gen.double(in: 0.01...0.3).run(using: &rng)
        var points: [[Double]] = []
        let clusters = Arbitrary.int(in: 1...6, using: &rng)
        for _ in 0..<clusters {
            let center = Arbitrary.vector(d, in: -2...2, using: &rng)
            let radius = Gen.double(in: 0...(3 * tolerance)).run(using: &rng)
            for _ in 0..<Arbitrary.int(in: 1...25, using: &rng) {
                points.append(center.map { $0 + Gen.double(in: -radius...radius).run(using: &rng) })
            }
            points.append(center)                                    // a duplicate-prone centre
            var edge = center
            edge[0] += tolerance                                     // exactly at the tolerance
            points.append(edge)
        }
        points.shuffle(using: &rng)
        return (points, tolerance)
    }

    func testFiltersEqualNaiveDefinitions() {
        forAllCases(60) { rng in
            let (points, tolerance) = randomCloud(using: &rng)
            XCTAssertEqual(ProximityGrid.firstComeUnique(points, tolerance: tolerance), naiveUnique(points, tolerance), "keep_unique, \(points.count) points, tol \(tolerance)")
            XCTAssertEqual(ProximityGrid.hasCloseNeighbor(points, tolerance: tolerance), naiveOutliers(points, tolerance), "exclude_outliers, \(points.count) points, tol \(tolerance)")
        }
    }

    /// The chain keeps candidate indices and order; the loss filter is strict.
    func testChainKeepsCandidateIndices() {
        let set = CandidateSet(
            states: [[0, 0], [0.01, 0], [1, 1], [1.05, 1], [5, 5], [0.02, 0]],
            losses: [1e-5, 1e-4, 2e-5, 3e-5, 1e-6, 1e-7],
            candidateIndices: [10, 11, 12, 13, 14, 15])
        let afterLoss = set.filteringLoss(below: 1e-4)
        XCTAssertEqual(afterLoss.candidateIndices, [10, 12, 13, 14, 15], "strict: q = 1e-4 is dropped")
        let afterUnique = afterLoss.keepingUnique(tolerance: 0.03)
        XCTAssertEqual(afterUnique.candidateIndices, [10, 12, 13, 14], "[0.02, 0] is within 0.03 of [0, 0]")
        let afterOutliers = afterUnique.excludingOutliers(tolerance: 0.1)
        XCTAssertEqual(afterOutliers.candidateIndices, [12, 13], "[0,0] and [5,5] are isolated")
        XCTAssertEqual(afterOutliers.states, [[1, 1], [1.05, 1]])
    }

    /// Non-transitivity: a dropped point still drops later ones.
    func testDroppedPointStillDrops() {
        // 0 drops 1 (distance 0.02); 1 drops 2 (0.02) although 0–2 is 0.04 > 0.03.
        let kept = ProximityGrid.firstComeUnique([[0], [0.02], [0.04]], tolerance: 0.03)
        XCTAssertEqual(kept, [true, false, false])
    }
}
