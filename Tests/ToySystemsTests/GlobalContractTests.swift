import Dynamics
import ToySystems
import XCTest

/// shared/DESIGN.md §2.6, line for line (small sizes): the contract keeps compiling, with its types.
final class GlobalContractTests: XCTestCase {
    func testTheContractCompilesAndRuns() throws {
        let henon = HenonFamily().fixing(parameters: [1.4, 0.3])
        let xs = (0..<20).map { -3 + 6 * Double($0) / 19 }, ys = xs
        let mapper = try AttractorMapper(henon, box: [-3...3, -3...3], cellsPerDimension: 500)
        let basins = try mapper.basins(grid: [xs, ys])     // every combination, first variable fastest
        XCTAssertEqual(basins.labels.count, 400)
        for attractor in basins.attractors {
            XCTAssertEqual(attractor.id, 1)
            XCTAssertEqual(attractor.kind, .other)
            XCTAssertGreaterThan(attractor.states.count, 1)
        }
        let fractions: [BasinFraction] = try mapper.basinFractions(samples: 1_000, seed: 7)
        XCTAssertEqual(fractions.map(\.id), [0, 1])
        XCTAssertEqual(try mapper.label(from: [0.1, 0.2]), 1)
        let (fixedA, fixedB) = ([-RotatedBistableMap.attractorCoordinate / 2, -RotatedBistableMap.attractorCoordinate / 2],
                                [RotatedBistableMap.attractorCoordinate / 2, RotatedBistableMap.attractorCoordinate / 2])
        let (x0, x1) = ([-1.0, 0.2], [1.0, 0.3])
        let known = try AttractorMapper(RotatedBistableMap(), attractors: [[fixedA], [fixedB]], radius: 1e-3)
        let edge = try known.boundaryPoint(between: x0, and: x1, tolerance: 1e-10)
        XCTAssertLessThanOrEqual(abs(edge.state[0] + edge.state[1]), 1e-9)
        let (saddle, system, flow) = ([0.0, 0.0], ParabolicSaddleMap(), ParabolicSaddleFlow())
        let unstable: [[[Double]]] = try InvariantManifold.unstable(of: saddle, in: system, length: 3)
        let stable: [[[Double]]] = try InvariantManifold.stable(of: saddle, in: flow, length: 3)
        XCTAssertEqual([unstable.count, stable.count], [2, 2])
        let family = PitchforkNormalForm()
        let sweep = try AttractorContinuation(family, box: [-2...2], cellsPerDimension: 400, parameters: [0],
                                              varying: 0, values: stride(from: -0.9, through: 0.9, by: 0.3).map { $0 },
                                              samples: 400, seed: 1)
        for step in sweep.steps {
            let fractions: [Int: Double] = step.fractions
            XCTAssertEqual(fractions.values.reduce(0, +), 1, accuracy: 1e-12, "\(step.parameter)")
        }
    }
}
