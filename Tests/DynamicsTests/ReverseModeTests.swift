import Dynamics
import DynamicsTestSupport
import PropertyBased
import XCTest

/// A map that uses every operation and elementary function a model may call, on domains where each
/// is defined; its reverse-mode products are checked against forward-mode dual numbers.
struct EveryOperationMap: DiscreteMap {
    var dimension: Int { 4 }
    func step<T: DynamicsScalar>(_ x: [T]) -> [T] {
        let (a, b, c, d) = (x[0], x[1], x[2], x[3])
        let bounded = T.tanh(a) * 0.9          // in (−0.9, 0.9): inside the domains of atanh, asin, acos
        let positive = T.exp(b) + 0.5          // > 0.5: inside those of log, sqrt, root, acosh + 1
        var out0 = T.sin(a) * T.cos(b) + T.tan(bounded) - T.expMinusOne(c) / positive
        out0 += T.log(positive) + T.log(onePlus: positive) + T.sqrt(positive) + T.root(positive, 3)
        var out1 = T.sinh(c) - T.cosh(d) + T.atanh(bounded) + T.asin(bounded) + T.acos(bounded) + T.atan(d)
        out1 += T.asinh(a * b) + T.acosh(positive + 1) + T.pow(positive, d) + T.pow(a, 3)
        let out2 = abs(a - 0.3) * relu(b + 0.1) + max(c, d) - min(a, c) + a * a * a - (b - b) + 2 * c
        let out3 = (a * b * c * d) / (positive * positive) - T(1.5) + d / 4
        return [out0, out1, out2, out3]
    }
}

/// Reverse mode (`TapeScalar`) against forward-mode dual numbers, and the tangent block primitive
/// against J·V.
final class ReverseModeTests: XCTestCase {
    /// uᵀ·J by reverse mode equals uᵀ·(dual-number J) at random states and cotangents, on a model
    /// using every rule: each rule's partials are recorded correctly (Dual's are checked against
    /// finite differences in DualTests).
    func testEveryRuleAgainstDualNumbers() {
        let map = EveryOperationMap()
        let tape = ReverseModeTape(capacity: 16)   // small: the tape must grow during the pass
        forAllCases(40) { rng in
            let x = Arbitrary.vector(4, in: -1.2...1.2, using: &rng)
            let u = Arbitrary.vector(4, using: &rng)
            let dual = u * map.dualNumberJacobian(at: x)
            assertClose(map.reverseModeVectorJacobianProduct(at: x, cotangent: u, tape: tape), dual, tolerance: 1e-12, "tape VJP at \(x)")
            assertClose(map.reverseModeVectorJacobianProduct(at: x, cotangent: u), dual, tolerance: 1e-12, "fresh-tape VJP at \(x)")
            assertClose(map.vectorJacobianProduct(at: x, cotangent: u), dual, tolerance: 1e-12, "default VJP at \(x)")
        }
    }

    /// Constants record nothing, scaling by a constant and unary functions record nothing, an
    /// operation on one variable with itself records nothing; only two different variables make a node.
    func testOnlyBinaryOperationsOnTwoVariablesRecordNodes() {
        let tape = ReverseModeTape()
        let v = tape.variables([2, 3])
        XCTAssertEqual(tape.nodeCount, 2, "two inputs")
        let scaled = TapeScalar.exp(v[0] * 3 + 1) / 2 - 5
        let squared = v[1] * v[1] - v[1]
        XCTAssertEqual(tape.nodeCount, 2, "no node for constants, unary functions or one variable with itself")
        let mixed = scaled * squared
        XCTAssertEqual(tape.nodeCount, 3, "one node for two variables")
        var gradient: [Double] = []
        tape.pullback(outputs: [mixed, TapeScalar(7)], cotangent: [1, 100], inputCount: 2, into: &gradient)
        // d/dx0 = 3·e^{3x0+1}/2 · (x1² − x1), d/dx1 = (e^{3x0+1}/2 − 5)·(2x1 − 1).
        let e = Double.exp(7)
        XCTAssertEqual(gradient[0], 1.5 * e * 6, accuracy: 1e-9 * e)
        XCTAssertEqual(gradient[1], (e / 2 - 5) * 5, accuracy: 1e-9 * e)
    }

    /// Kinks follow the documented conventions: relu'(0) = 0, abs'(0) = 0, max and min take the
    /// derivative of the argument they return.
    func testKinkConventions() {
        let tape = ReverseModeTape()
        let v = tape.variables([0, 0])
        var gradient: [Double] = []
        tape.pullback(outputs: [relu(v[0]), abs(v[1])], cotangent: [1, 1], inputCount: 2, into: &gradient)
        XCTAssertEqual(gradient, [0, 0])
        let w = tape.variables([1, 1])
        tape.pullback(outputs: [max(w[0], w[1]), min(w[0] * 2, w[1] * 2)], cotangent: [1, 10], inputCount: 2, into: &gradient)
        XCTAssertEqual(gradient, [20, 1], "max returns y on a tie, min returns x")
    }

    /// The tape is reused: the same pass twice records the same nodes and gives the same bits.
    func testReusedTapeIsDeterministic() {
        var rng = SeededGenerator(seed: 3)
        let network = TestNetwork(weights: Matrix(rows: 12, columns: 12, elements: (0..<144).map { _ in rng.nextStandardNormal() / 3 }))
        let tape = ReverseModeTape()
        let x = (0..<12).map { Double($0) / 12 }, u = (0..<12).map { 1 - Double($0) / 6 }
        let first = network.reverseModeVectorJacobianProduct(at: x, cotangent: u, tape: tape)
        let nodes = tape.nodeCount
        let second = network.reverseModeVectorJacobianProduct(at: x, cotangent: u, tape: tape)
        XCTAssertEqual(first, second)
        XCTAssertEqual(tape.nodeCount, nodes)
        XCTAssertEqual(nodes, 12 + 12 * 11, "inputs plus one node per term after the first of each row")
    }

    /// jacobianProducts(at:directions:) equals J·vₖ for every direction, for 1 to 20 directions (one
    /// to three Dual<8> passes, full and partial).
    func testJacobianProductsAgainstJacobian() {
        forAllCases(12) { rng in
            let n = Arbitrary.int(in: 1...9, using: &rng)
            let k = Arbitrary.int(in: 1...20, using: &rng)
            let network = TestNetwork(weights: Arbitrary.matrix(n, n, using: &rng))
            let x = Arbitrary.vector(n, using: &rng)
            let directions = Arbitrary.matrix(k, n, using: &rng)
            let products = network.jacobianProducts(at: x, directions: directions)
            let expected = directions * network.jacobian(at: x).transposed
            assertClose(products, expected, tolerance: 1e-13, "n = \(n), k = \(k)")
        }
    }

    /// The dual-number product differentiates `step`, never an overriding `jacobian(at:)`: a wrong
    /// override does not leak into it, and it agrees with reverse mode.
    func testDualNumberProductIgnoresAJacobianOverride() {
        forAllCases(6) { rng in
            let n = Arbitrary.int(in: 1...6, using: &rng)
            let network = WrongJacobianNetwork(base: TestNetwork(weights: Arbitrary.matrix(n, n, using: &rng)))
            let (x, u) = (Arbitrary.vector(n, using: &rng), Arbitrary.vector(n, using: &rng))
            let dual = network.dualNumberVectorJacobianProduct(at: x, cotangent: u)
            let reverse = network.vectorJacobianProduct(at: x, cotangent: u)
            for (a, b) in zip(dual, reverse) { XCTAssertEqual(a, b, accuracy: 1e-13, "n = \(n)") }
            XCTAssertNotEqual(u * network.jacobian(at: x), dual, "the override is wrong on purpose")
        }
    }
}

/// ``TestNetwork`` with a deliberately wrong analytic Jacobian (the identity).
struct WrongJacobianNetwork: DiscreteMap {
    let base: TestNetwork
    var dimension: Int { base.dimension }
    func step<T: DynamicsScalar>(_ x: [T]) -> [T] { base.step(x) }
    func jacobian(at x: [Double]) -> Matrix { .identity(dimension) }
}

/// x' = tanh(W·x) written with plain loops: one node per product term in reverse mode.
struct TestNetwork: DiscreteMap {
    let weights: Matrix
    var dimension: Int { weights.rows }
    func step<T: DynamicsScalar>(_ x: [T]) -> [T] {
        (0..<dimension).map { i in
            var sum = T(0)
            for j in 0..<dimension { sum += T(weights[i, j]) * x[j] }
            return T.tanh(sum)
        }
    }
}
