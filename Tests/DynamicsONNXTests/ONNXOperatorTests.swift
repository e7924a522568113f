import Dynamics
import DynamicsTestSupport
import XCTest

@testable import DynamicsONNX

/// Every supported operator against the ONNX reference evaluator, and the plan's forward-mode
/// Jacobians against dual numbers and reverse mode on the same graph.
final class ONNXOperatorTests: XCTestCase {
    func testEveryOperatorMatchesTheReferenceEvaluator() throws {
        let expected = try Fixtures.json("operators.json", as: [String: [Fixtures.OperatorCase]].self)
        XCTAssertGreaterThanOrEqual(expected.count, 45)
        var seen = Set<String>()
        for (name, cases) in expected.sorted(by: { $0.key < $1.key }) {
            let step = try ONNXStep(contentsOf: Fixtures.path(name))
            let model = try Onnx_ModelProto(serializedBytes: Data(contentsOf: URL(fileURLWithPath: Fixtures.path(name))))
            seen.formUnion(model.graph.node.map(\.opType))
            for (index, c) in cases.enumerated() {
                assertClose(step.step(c.state, parameters: c.input), c.output, tolerance: 1e-12, "\(name), case \(index)")
            }
        }
        // Every operator the reader claims is exercised by some fixture.
        XCTAssertEqual(OperatorLowering.supported.subtracting(seen), [], "operators without a fixture")
    }

    func testPlanJacobiansMatchDualNumbersAndReverseMode() throws {
        let expected = try Fixtures.json("operators.json", as: [String: [Fixtures.OperatorCase]].self)
        for (name, cases) in expected.sorted(by: { $0.key < $1.key }) {
            let step = try ONNXStep(contentsOf: Fixtures.path(name))
            for c in cases.prefix(2) {
                // Away from kinks (Relu, Clip, HardSigmoid, Abs at 0) the derivatives are unique.
                let joint = step.jointJacobian(at: c.state, parameters: c.input)
                assertClose(joint, step.dualNumberJointJacobian(at: c.state, parameters: c.input), tolerance: 1e-12, "\(name): joint Jacobian")
                let map = step.map(input: c.input)
                let jacobian = map.jacobian(at: c.state)
                assertClose(jacobian, map.dualNumberJacobian(at: c.state), tolerance: 1e-12, "\(name): Jacobian")
                let cotangent = c.state.indices.map { sin(Double($0) + 1) }
                assertClose(map.reverseModeVectorJacobianProduct(at: c.state, cotangent: cotangent), cotangent * jacobian, tolerance: 1e-12, "\(name): reverse mode")
                assertClose(step.step(c.state.map(Float.init), parameters: c.input.map(Float.init)).map(Double.init), c.output, tolerance: 1e-4, "\(name): Float")
            }
        }
    }

    func testPlanJacobianAtRandomStatesOfTheRecurrentOperators() throws {
        for name in ["gru", "gru-linear-before-reset", "gru-bidirectional", "lstm", "lstm-peepholes", "rnn"] {
            let step = try ONNXStep(contentsOf: Fixtures.path("operators/\(name).onnx"))
            forAllCases(5) { rng in
                let x = Arbitrary.vector(step.dimension, in: -2...2, using: &rng), u = Arbitrary.vector(step.parameterCount, using: &rng)
                assertClose(step.jointJacobian(at: x, parameters: u), step.dualNumberJointJacobian(at: x, parameters: u), tolerance: 1e-12, name)
            }
        }
    }

    func testConstantsAreFoldedWhileCompiling() throws {
        // Shape arithmetic (Shape, Cast, Gather, Mul, Unsqueeze) leaves only the state's reshapes.
        let step = try ONNXStep(contentsOf: Fixtures.path("operators/shape-reshape.onnx"))
        XCTAssertLessThanOrEqual(step.instructionCount, 2)
    }
}

/// The batched kernels of an ONNX map (one pass over a block of states, reverse mode on the plan)
/// against the generic step row by row, dual numbers and reverse mode on `TapeScalar`.
final class ONNXBatchKernelTests: XCTestCase {
    func testBatchedKernelsMatchTheGenericStep() throws {
        let expected = try Fixtures.json("operators.json", as: [String: [Fixtures.OperatorCase]].self)
        for name in expected.keys.sorted() + ["families/keras-style-gru.onnx", "families/input-lstm-output.onnx"] {
            let step = try ONNXStep(contentsOf: Fixtures.path(name))
            forAllCases(2) { rng in
                let input = Arbitrary.vector(step.parameterCount, using: &rng)
                let x = Arbitrary.vector(step.dimension, in: -1.5...1.5, using: &rng)
                assertOverridesMatchDefaults(step.map(input: input), at: x, using: &rng, name)
                assertOverridesMatchDefaults(ONNXFlow(step).flow(input: input), at: x, using: &rng, name + " as a flow")
            }
        }
    }
}
