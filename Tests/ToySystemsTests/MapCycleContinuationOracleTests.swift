import ComplexModule
import Dynamics
import ToySystems
import XCTest

/// Cycles of maps continued as fixed points of F^k, with branch switching at period doublings: the
/// logistic map's cascade against r₁ = 3, r₂ = 1 + √6 and the published r₃, r₄; the Hénon map's first
/// two flips against their closed forms.
final class MapCycleContinuationOracleTests: XCTestCase {
    /// r₃ and r₄ of the logistic map to 19 digits (Briggs, Math. Comp. 57 (1991); OEIS A086181, A091517).
    let r3 = 3.5440903595519228536
    let r4 = 3.5644072660954325977

    func testLogisticCascadeBranchToBranch() throws {
        let family = LogisticMap()
        let fixedPoints = try FixedPointContinuation(family).branch(from: [0.6], parameters: [2.5], varying: 0, to: 3.57)
        let first = try XCTUnwrap(fixedPoints.bifurcations.first { $0.kind == .periodDoubling })
        XCTAssertEqual(first.parameter, 3, accuracy: 1e-10)
        let continuation = CycleContinuation(family)
        var branch = try continuation.branch(fromPeriodDoubling: first, on: fixedPoints, to: 3.57)
        for (period, expected) in [(2, 1 + 6.0.squareRoot()), (4, r3), (8, r4)] {
            XCTAssertEqual(branch.points.first?.period, Double(period))
            XCTAssertGreaterThan(branch.points.count, 5)
            for point in branch.points {
                // A true k-cycle: k distinct points, each the image of the one before.
                let r = point.parameter
                XCTAssertEqual(point.nodes.count, period)
                let last = point.nodes[period - 1][0]
                XCTAssertEqual(r * last * (1 - last), point.nodes[0][0], accuracy: 1e-9, "period \(period) at r = \(r)")
                XCTAssertGreaterThan(abs(point.nodes[0][0] - point.nodes[period / 2][0]), 1e-6, "not the half-period cycle")
                XCTAssertEqual(point.isStable, r < expected, "period \(period) at r = \(r)")
            }
            let doubling = try XCTUnwrap(branch.bifurcations.first { $0.kind == .periodDoubling }, "period \(period): \(branch.bifurcations.map(\.kind))")
            XCTAssertEqual(doubling.parameter, expected, accuracy: 1e-8, "the \(period)-cycle doubles")
            if period < 8 { branch = try continuation.branch(fromPeriodDoubling: doubling, on: branch, to: 3.57) }
        }
    }

    /// Hénon b = 0.3: the fixed point flips at a = 3(1 − b)²/4 = 0.3675, the 2-cycle at
    /// a = (1 + b)²/4 + (1 − b)² = 0.9125 (trace of the product of the Jacobians = −1 − b²).
    func testHenonFirstAndSecondFlips() throws {
        let family = HenonFamily()
        let fixedPoints = try FixedPointContinuation(family).branch(from: HenonFamily.fixedPoint(a: 0.1, b: 0.3, plus: true), parameters: [0.1, 0.3], varying: 0, to: 1.2)
        let first = try XCTUnwrap(fixedPoints.bifurcations.first { $0.kind == .periodDoubling })
        XCTAssertEqual(first.parameter, 0.3675, accuracy: 1e-10)
        let twoCycles = try CycleContinuation(family).branch(fromPeriodDoubling: first, on: fixedPoints, to: 1.2)
        let second = try XCTUnwrap(twoCycles.bifurcations.first { $0.kind == .periodDoubling })
        XCTAssertEqual(second.parameter, 0.9125, accuracy: 1e-9)
        XCTAssertEqual(second.point.nodes.count, 2)
        for point in twoCycles.points {
            let (a, x1, x2) = (point.parameter, point.nodes[0][0], point.nodes[1][0])
            XCTAssertEqual(x1 + x2, 0.7 / a, accuracy: 1e-9, "x₁ + x₂ = (1 − b)/a")
            XCTAssertEqual(point.multipliers[0].length * point.multipliers[1].length, 0.09, accuracy: 1e-9, "det = b²")
        }
        let fourCycles = try CycleContinuation(family).branch(fromPeriodDoubling: second, on: twoCycles, to: 1.05)
        XCTAssertEqual(fourCycles.points.first?.nodes.count, 4)
        XCTAssertTrue(fourCycles.points.first?.isStable ?? false)
    }

    /// A cycle of a piecewise-smooth map reports its border collisions: the 2-cycle {0, a} of
    /// x' = relu(a − b·x) meets the kink at b = 1, where a − b·a = 0.
    func testBorderCollisionOfACycle() throws {
        let branch = try CycleContinuation(ReluKinkMap()).branch(fromOrbit: [[0], [1]], parameters: [1, 1.5], varying: 1, to: 0.5)
        let collision = try XCTUnwrap(branch.bifurcations.first { $0.kind == .borderCollision }, "\(branch.bifurcations.map(\.kind))")
        XCTAssertEqual(collision.parameter, 1, accuracy: 1e-8)
        for point in branch.points where point.parameter > 1 {
            XCTAssertEqual(Set(point.nodes.map { $0[0] }), [0, 1], "the cycle {0, a} at b = \(point.parameter)")
            XCTAssertTrue(point.isStable)
        }
    }

    func testBadSwitchesAreRefused() throws {
        let family = LogisticMap()
        let fixedPoints = try FixedPointContinuation(family).branch(from: [0.6], parameters: [2.5], varying: 0, to: 3.2)
        var notDoubling = try XCTUnwrap(fixedPoints.bifurcations.first)
        notDoubling.kind = .fold
        XCTAssertThrowsError(try CycleContinuation(family).branch(fromPeriodDoubling: notDoubling, on: fixedPoints, to: 3.5)) { XCTAssertTrue("\($0)".contains("periodDoubling"), "\($0)") }
        var moved = try XCTUnwrap(fixedPoints.bifurcations.first)
        moved.parameter = 2.8
        moved.state = [1 - 1 / 2.8]
        XCTAssertThrowsError(try CycleContinuation(family).branch(fromPeriodDoubling: moved, on: fixedPoints, to: 3.5)) { XCTAssertTrue("\($0)".contains("multiplier"), "\($0)") }
        let flowBranch = try FixedPointContinuation(HopfNormalForm()).branch(from: [0, 0], parameters: [-0.5], varying: 0, to: 0.5)
        let hopf = try XCTUnwrap(flowBranch.bifurcations.first)
        var flip = hopf
        flip.kind = .periodDoubling
        XCTAssertThrowsError(try CycleContinuation(HopfNormalForm()).branch(fromPeriodDoubling: flip, on: flowBranch, to: 1)) { XCTAssertTrue("\($0)".contains("map"), "\($0)") }
        XCTAssertThrowsError(try CycleContinuation(family).branch(fromOrbit: [], parameters: [3.2], varying: 0, to: 3.4)) { XCTAssertTrue("\($0)".contains("orbit"), "\($0)") }
    }
}
