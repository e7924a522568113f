import Dynamics
import DynamicsTestSupport
import ToySystems
import XCTest

/// Slow points grouped into regions: plain proximity agrees with the O(n²) single-linkage definition,
/// and orbits along the slow flow join points that proximity alone keeps apart.
final class SlowPointRegionTests: XCTestCase {
    /// Single linkage by the definition: repeated passes over all pairs until nothing joins.
    func bruteForceGroups(_ points: [[Double]], radius: Double) -> Set<[Int]> {
        var label = Array(points.indices)
        var changed = true
        while changed {
            changed = false
            for i in points.indices {
                for j in points.indices where label[i] != label[j] {
                    let d = zip(points[i], points[j]).map { ($0 - $1) * ($0 - $1) }.reduce(0, +).squareRoot()
                    if d <= radius {
                        let low = Swift.min(label[i], label[j])
                        label[i] = low
                        label[j] = low
                        changed = true
                    }
                }
            }
        }
        return Set(Dictionary(grouping: points.indices, by: { label[$0] }).values.map { $0.sorted() })
    }

    func testProximityAloneIsSingleLinkage() throws {
        let identity = LinearMap(matrix: .identity(3))
        try forAllCases(20) { rng in
            let count = Int.random(in: 2...60, using: &rng)
            let points = (0..<count).map { _ in Arbitrary.vector(3, in: -1...1, using: &rng) }
            let radius = Double.random(in: 0.05...0.5, using: &rng)
            let regions = try SlowPointRegion.regions(of: points, under: identity, radius: radius, steps: 0)
            XCTAssertEqual(Set(regions.map(\.members)), bruteForceGroups(points, radius: radius), "radius \(radius)")
            XCTAssertEqual(regions.map(\.members.count).reduce(0, +), count)
            XCTAssertEqual(regions.map(\.members.count), regions.map(\.members.count).sorted(by: >), "largest first")
            for region in regions {
                for m in region.members {
                    let d = zip(points[m], region.centre).map { ($0 - $1) * ($0 - $1) }.reduce(0, +).squareRoot()
                    XCTAssertLessThanOrEqual(d, region.extent + 1e-12)
                }
            }
        }
    }

    /// F(x) = x + (0.5, 0): the orbit of (0, 0) passes through (2, 0), so the two are one region along
    /// the flow, though 2 apart with a radius of 0.3; (0, 3) is off the orbit and stays alone.
    func testTheSlowFlowJoinsPointsAlongIt() throws {
        let drift = LinearMap(matrix: .identity(2), offset: [0.5, 0])
        let states = [[0.0, 0.0], [2.0, 0.0], [0.0, 3.0]]
        let apart = try SlowPointRegion.regions(of: states, under: drift, radius: 0.3, steps: 0)
        XCTAssertEqual(apart.map(\.members), [[0], [1], [2]])
        let along = try SlowPointRegion.regions(of: states, under: drift, radius: 0.3, steps: 10)
        XCTAssertEqual(along.map(\.members), [[0, 1], [2]])
        XCTAssertEqual(along[0].centre, [1, 0])
        XCTAssertEqual(along[0].extent, 1)
    }

    func testBadArgumentsAreNamed() {
        let identity = LinearMap(matrix: .identity(2))
        XCTAssertThrowsError(try SlowPointRegion.regions(of: [[0, 0]], under: identity, radius: 0)) { XCTAssertTrue("\($0)".contains("radius"), "\($0)") }
        XCTAssertThrowsError(try SlowPointRegion.regions(of: [[0, 0]], under: identity, radius: 1, steps: -1)) { XCTAssertTrue("\($0)".contains("steps"), "\($0)") }
        XCTAssertThrowsError(try SlowPointRegion.regions(of: [[0]], under: identity, radius: 1)) { XCTAssertTrue("\($0)".contains("dimension"), "\($0)") }
    }
}
