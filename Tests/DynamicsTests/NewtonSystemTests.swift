@testable import Dynamics
import DynamicsTestSupport
import PropertyBased
import XCTest

/// The Newton system solved through its decoupled rows against the defining identity J·δ = b.
final class NewtonSystemTests: XCTestCase {
    /// Random Jacobians where each row is, with probability 1/2, a multiple of eᵢ (an inactive ReLU unit
    /// gives −eᵢ): the reduced solve satisfies J·δ = b to rounding, and splits the rows as built.
    func testSolveSatisfiesTheFullSystem() throws {
        forAllCases(40) { rng in
            let n = Arbitrary.int(in: 1...24, using: &rng)
            var matrix = Arbitrary.matrix(n, n, using: &rng)
            var decoupled: [Int] = []
            for i in 0..<n where Arbitrary.int(in: 0...1, using: &rng) == 0 {
                decoupled.append(i)
                for j in 0..<n where j != i { matrix[i, j] = 0 }
                matrix[i, i] = [-1, 2.5, -0.25][Arbitrary.int(in: 0...2, using: &rng)]
            }
            for i in 0..<n where !decoupled.contains(i) { matrix[i, i] += Double(n) }   // keep J_CC regular
            let rhs = Arbitrary.vector(n, using: &rng)
            guard let system = try? NewtonSystem(matrix), let delta = try? system.solve(rhs) else {
                return XCTFail("n = \(n): a regular system failed to factor or solve")
            }
            // The rows built decoupled, and any other without off-diagonal entries (every row when n = 1).
            let expected = (0..<n).filter { i in (0..<n).allSatisfy { $0 == i || matrix[i, $0] == 0 } }
            XCTAssertTrue(Set(decoupled).isSubset(of: expected), "n = \(n)")
            XCTAssertEqual(system.decoupled, expected, "n = \(n): the decoupled rows")
            let product = (0..<n).map { i in (0..<n).reduce(0.0) { $0 + matrix[i, $1] * delta[$1] } }
            let scale = rhs.map(abs).max()! + 1
            assertClose(product, rhs, tolerance: 1e-12 * scale * Double(n), "n = \(n), \(decoupled.count) decoupled: J·δ = b")
        }
    }

    /// The condition estimate from the reduced solves (both J and Jᵀ) never exceeds the exact
    /// κ₁ = ‖J‖₁·‖J⁻¹‖₁ and stays within a factor of 10 of it (Hager-Higham is usually exact, rarely off by
    /// more than 3). It is `dgecon`'s estimator, but not always `dgecon`'s number: its sign choices
    /// follow the solves' rounding, so the two can take different paths (44.2 against 41.4 in one
    /// release soak case, both below the exact value).
    func testConditionEstimateMatchesFullLU() throws {
        forAllCases(30) { rng in
            let n = Arbitrary.int(in: 1...16, using: &rng)
            var matrix = Arbitrary.matrix(n, n, using: &rng)
            for i in 0..<n where Arbitrary.int(in: 0...1, using: &rng) == 0 {
                for j in 0..<n where j != i { matrix[i, j] = 0 }
                matrix[i, i] = -1
            }
            guard let system = try? NewtonSystem(matrix), let lu = try? LUFactorization(of: matrix) else { return }
            let estimate = system.conditionNumber()
            let inverseColumns = (0..<n).map { j in try? lu.solve((0..<n).map { $0 == j ? 1.0 : 0 }) }
            let exact = matrix.norm1 * inverseColumns.map { $0?.map(abs).reduce(0, +) ?? .infinity }.max()!
            XCTAssertLessThanOrEqual(estimate, exact * (1 + 1e-9), "n = \(n): a lower bound of the exact \(exact)")
            XCTAssertGreaterThanOrEqual(estimate, exact / 10, "n = \(n): within 10x of the exact \(exact) (dgecon: \(lu.conditionNumber()))")
            // Transposed solves satisfy Jᵀ·δ = b.
            let rhs = Arbitrary.vector(n, using: &rng)
            if let delta = try? system.solve(rhs, transposed: true) {
                let product = (0..<n).map { j in (0..<n).reduce(0.0) { $0 + matrix[$1, j] * delta[$1] } }
                assertClose(product, rhs, tolerance: 1e-9 * (rhs.map(abs).max()! + 1) * estimate, "n = \(n): Jᵀ·δ = b")
            }
        }
    }

    /// A zero decoupled diagonal or a singular coupled block makes the system singular, and says so.
    func testSingularSystemsThrow() {
        XCTAssertThrowsError(try NewtonSystem(Matrix([[0, 0], [1, 2]]))) {
            XCTAssertEqual($0 as? LinearAlgebraError, .singular(operation: "Newton system", pivot: 0))
        }
        XCTAssertThrowsError(try NewtonSystem(Matrix([[-1, 0, 0], [0, 1, 2], [0, 2, 4]]))) {
            // The zero pivot is in the coupled block's second row, which is row 2 of J.
            XCTAssertEqual($0 as? LinearAlgebraError, .singular(operation: "Newton system", pivot: 2))
        }
        XCTAssertThrowsError(try NewtonSystem(Matrix([[.nan, 0], [0, 1]]))) {
            guard case .nonFinite = $0 as? LinearAlgebraError else { return XCTFail("expected nonFinite, got \($0)") }
        }
        XCTAssertEqual(try NewtonSystem(Matrix([[-1, 0], [0, 4]])).solve([2, 2]), [-2, 0.5], "all rows decoupled")
    }
}
