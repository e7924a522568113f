import Dynamics
import DynamicsTestSupport
import PropertyBased
import ToySystems
import XCTest

/// Border tracing against labelling every point: label fields whose regions are larger than the
/// first blocks come out identical at a fraction of the work; single cells, lines and edges of the
/// grid are handled; the limitation (an island inside one block) is what the documentation says; and
/// the mapper's traced basins equal its exhaustive ones.
final class BorderTracingTests: XCTestCase {
    /// Exhaustive labels of `field` on a width × height grid.
    func everyPoint(_ width: Int, _ height: Int, _ field: (Int, Int) -> Int) -> [Int] {
        (0..<(width * height)).map { field($0 % width, $0 / width) }
    }

    /// Random half-planes and disks (radius at least 1.5 blocks): traced == exhaustive, and far fewer
    /// points asked for on grids of 200 or more a side.
    func testSmoothRegionsComeOutExactly() {
        forAllCases(12) { rng in
            let width = Arbitrary.int(in: 100...260, using: &rng), height = Arbitrary.int(in: 100...260, using: &rng)
            let block = [8, 16, 32][Arbitrary.int(in: 0...2, using: &rng)]
            let normal = Arbitrary.vector(2, using: &rng), offset = Arbitrary.vector(1, in: -50...50, using: &rng)[0]
            let center = [Arbitrary.vector(1, in: 0...Double(width), using: &rng)[0], Arbitrary.vector(1, in: 0...Double(height), using: &rng)[0]]
            let radius = Arbitrary.vector(1, in: (1.5 * Double(block))...80, using: &rng)[0]
            let field: (Int, Int) -> Int = { i, j in
                let (x, y) = (Double(i) - Double(width) / 2, Double(j) - Double(height) / 2)
                let inDisk = (Double(i) - center[0]) * (Double(i) - center[0]) + (Double(j) - center[1]) * (Double(j) - center[1]) < radius * radius
                return inDisk ? 3 : (normal[0] * x + normal[1] * y > offset ? 1 : 2)
            }
            var asked = 0
            let (labels, evaluated) = BorderTracing.labels(width: width, height: height, block: block) { indices in
                asked += indices.count
                XCTAssertEqual(Set(indices).count, indices.count, "no point is asked for twice in a level")
                return indices.map { field($0 % width, $0 / width) }
            }
            XCTAssertEqual(labels, everyPoint(width, height, field), "\(width) × \(height), block \(block)")
            XCTAssertEqual(asked, evaluated)
            XCTAssertLessThan(evaluated, width * height / 2, "\(width) × \(height), block \(block): \(evaluated) points asked for")
        }
    }

    /// Every point is asked for exactly once over all levels, and degenerate grids work.
    func testEdgesLinesAndCells() {
        for (width, height, block) in [(1, 1, 32), (1, 17, 4), (23, 1, 4), (2, 2, 1), (33, 31, 32), (64, 65, 32), (10, 10, 1), (7, 9, 100)] {
            var seen = [Int](repeating: 0, count: width * height)
            // A checkerboard: no two neighbours agree, so every point must be asked for.
            let (labels, evaluated) = BorderTracing.labels(width: width, height: height, block: block) { indices in
                for index in indices { seen[index] += 1 }
                return indices.map { ($0 % width + $0 / width) % 2 }
            }
            XCTAssertEqual(labels, everyPoint(width, height) { ($0 + $1) % 2 }, "\(width) × \(height), block \(block)")
            XCTAssertEqual(evaluated, width * height)
            XCTAssertEqual(Set(seen), [1], "\(width) × \(height), block \(block): each point asked for once")
        }
        // Any Int is a label, the extremes included.
        let extremes: (Int, Int) -> Int = { i, j in i + 2 * j < 90 ? Int.min : Int.max }
        XCTAssertEqual(BorderTracing.labels(width: 70, height: 50, block: 16) { $0.map { extremes($0 % 70, $0 / 70) } }.labels, everyPoint(70, 50, extremes))
        // One label everywhere: only the first blocks' borders are asked for.
        let (uniform, evaluated) = BorderTracing.labels(width: 129, height: 129, block: 32) { $0.map { _ in 7 } }
        XCTAssertEqual(Set(uniform), [7])
        XCTAssertEqual(evaluated, 129 * 129 - 4 * 4 * 31 * 31)
    }

    /// What the type's documentation warns about: an island inside one block that does not touch its
    /// border is not seen; with blocks smaller than the island it is.
    func testAnIslandInsideOneBlockIsMissedAsDocumented() {
        let field: (Int, Int) -> Int = { i, j in (14...18).contains(i) && (14...18).contains(j) ? 2 : 1 }
        let missed = BorderTracing.labels(width: 65, height: 65, block: 32) { $0.map { field($0 % 65, $0 / 65) } }.labels
        XCTAssertFalse(missed.contains(2))
        let found = BorderTracing.labels(width: 65, height: 65, block: 4) { $0.map { field($0 % 65, $0 / 65) } }.labels
        XCTAssertEqual(found, everyPoint(65, 65, field))
        // A label that may not be filled is followed point by point, islands and all.
        let (followed, evaluated) = BorderTracing.labels(width: 65, height: 65, block: 32, fills: { $0 != 1 }) { $0.map { field($0 % 65, $0 / 65) } }
        XCTAssertEqual(followed, everyPoint(65, 65, field))
        XCTAssertGreaterThanOrEqual(evaluated, everyPoint(65, 65, field).filter { $0 == 1 }.count)
    }

    /// The bistable map (boundary x + y = 0), by recurrences and by proximity: traced basins equal the
    /// exhaustive ones, attractors and ids included, from fewer trajectories; undecided states are
    /// all followed.
    func testMapperBasinsMatchExhaustiveBasins() throws {
        let xs = (0..<64).map { -2 + 5 * Double($0) / 63 }, ys = (0..<48).map { -2 + 4 * Double($0) / 47 }
        let grid = try InitialConditionGrid.box([xs, ys])
        let exhaustive = try AttractorMapper(RotatedBistableMap(), box: [-2...3, -2...2], cellsPerDimension: 200).basins(on: grid)
        let (traced, followed) = try AttractorMapper(RotatedBistableMap(), box: [-2...3, -2...2], cellsPerDimension: 200).basins(on: grid, tracingBordersFrom: 16)
        XCTAssertEqual(traced.labels, exhaustive.labels)
        XCTAssertEqual(traced.attractors.map(\.states), exhaustive.attractors.map(\.states))
        XCTAssertLessThan(followed, grid.count / 2)
        let u = RotatedBistableMap.attractorCoordinate
        let proximity = try AttractorMapper(RotatedBistableMap(), attractors: [[[-u / 2, -u / 2]], [[u / 2, u / 2]]], radius: 1e-6)
        let (near, _) = try proximity.basins(on: grid, tracingBordersFrom: 16)
        XCTAssertEqual(near.labels, try proximity.basins(on: grid).labels)
        // Told of one attractor only, the mapper leaves the other basin undecided (0): those states are
        // all followed, none filled.
        var brief = AttractorMapperOptions()
        brief.maximumSteps = 100
        let one = try AttractorMapper(RotatedBistableMap(), attractors: [[[u / 2, u / 2]]], radius: 1e-6, options: brief)
        // States labelled in one batch are labelled as one at a time.
        let some = [[-1.0, -0.5], [1.0, 0.3], [0.2, -0.1], [2.5, 1.5]]
        XCTAssertEqual(try proximity.labels(of: some), try some.map { try proximity.label(from: $0) })
        XCTAssertEqual(try proximity.labels(of: some), [1, 2, 2, 2])
        let (half, followedHalf) = try one.basins(on: grid, tracingBordersFrom: 16)
        XCTAssertEqual(half.labels, try one.basins(on: grid).labels)
        XCTAssertGreaterThanOrEqual(followedHalf, half.labels.filter { $0 == 0 }.count)
        XCTAssertTrue(half.labels.contains(0))
    }

    func testBadArgumentsAreClearErrors() throws {
        let mapper = try AttractorMapper(RotatedBistableMap(), box: [-2...3, -2...2], cellsPerDimension: 50)
        let line = try InitialConditionGrid.slice(of: [0, 0], varying: [0], over: [[0, 1, 2]])
        XCTAssertThrowsError(try mapper.basins(on: line, tracingBordersFrom: 8)) { XCTAssertTrue("\($0)".contains("two axes"), "\($0)") }
        let plane = try InitialConditionGrid.box([[0, 1], [0, 1]])
        XCTAssertThrowsError(try mapper.basins(on: plane, tracingBordersFrom: 0)) { XCTAssertTrue("\($0)".contains("block"), "\($0)") }
    }
}
