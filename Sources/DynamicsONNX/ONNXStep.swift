import Dynamics
import Foundation

/// A recurrent step read from an ONNX graph: x' = F(x; u) as a ``ParametricMap``.
///
/// The graph's first input is the state ([n] or [1, n]); a second input, if any, is the external
/// input u (the map's parameters, so that continuation follows fixed points as u changes); its first
/// output is the next state. Weights are the graph's initializers, read in float32 or float64 and
/// evaluated in whichever scalar an analysis needs: `step` is generic, so dual-number Jacobians,
/// reverse mode and continuation apply unchanged. ``jacobian(at:parameters:)`` and
/// ``jointJacobian(at:parameters:)`` are formed by forward mode over the compiled graph with all
/// directions at once, O(H²) per operation for a cell of H units.
///
/// ```swift
/// let cell = try ONNXStep(contentsOf: "gru.onnx")
/// let map = cell.fixing(parameters: [1, 0.5, 0.5])
/// let result = try SlowPointFinder(map).find(from: candidates)
/// ```
///
/// A graph written as dx/dt is read with ``ONNXFlow``.
public struct ONNXStep: ParametricMap, Sendable {
    /// The compiled graph.
    let plan: ONNXPlan

    /// Reads and compiles the model at `path`.
    ///
    /// - Parameter path: an `.onnx` file (opset 13 or later); external data files must lie in its folder.
    /// - Throws: ``ONNXError`` naming the file, tensor, node or operator at fault.
    /// - Complexity: O(file size + weights) once; every later `step` reuses the compiled plan.
    public init(contentsOf path: String) throws(ONNXError) {
        plan = try ONNXModelReader.plan(contentsOf: path)
    }

    /// Compiles a serialized model held in memory (no external data).
    ///
    /// - Parameters:
    ///   - data: the bytes of an `.onnx` file.
    ///   - name: how errors refer to it.
    /// - Throws: ``ONNXError``.
    public init(serialized data: Data, name: String = "the model") throws(ONNXError) {
        plan = try ONNXModelReader.plan(data: data, name: name, folder: nil)
    }

    /// The number of state variables (the elements of the graph's first input).
    public var dimension: Int { plan.dimension }
    /// The number of external inputs (the elements of the second input; 0 without one).
    public var parameterCount: Int { plan.inputCount }
    /// The shape of the graph's first input, as the exporter declared it (symbolic dimensions as 1).
    public var stateShape: [Int] { plan.slots[plan.stateSlot].shape }
    /// The number of primitive instructions that depend on the state or input after compilation.
    public var instructionCount: Int { plan.instructions.count }

    /// The graph's first output at state `x` and input `u`.
    public func step<T: DynamicsScalar>(_ x: [T], parameters u: [T]) -> [T] {
        ONNXStep.checkSizes(x.count, u.count, plan: plan)
        return plan.evaluate(state: x, input: u)
    }

    /// [∂F/∂x | ∂F/∂u] by forward mode over the plan.
    public func jointJacobian(at x: [Double], parameters: [Double]) -> Matrix {
        ONNXStep.checkSizes(x.count, parameters.count, plan: plan)
        return plan.jacobian(state: x, input: parameters, includingInput: true)
    }

    /// ∂F/∂x at `x` and input `u`: forward mode over the plan, every direction at once.
    ///
    /// - Complexity: O(Σ intermediate sizes × n), O(H²) per operation of an H-unit cell.
    public func jacobian(at x: [Double], parameters u: [Double]) -> Matrix {
        ONNXStep.checkSizes(x.count, u.count, plan: plan)
        return plan.jacobian(state: x, input: u, includingInput: false)
    }

    /// The step at a constant input, with the fast Jacobian: what every analysis takes.
    ///
    /// - Parameter input: `parameterCount` values.
    public func map(input: [Double]) -> ONNXFixedInputMap {
        precondition(input.count == parameterCount, "ONNXStep.map(input:): \(input.count) inputs, the graph has \(parameterCount)")
        return ONNXFixedInputMap(step: self, input: input)
    }

    /// Stops with a message naming both sizes: a wrong-length state is a bug in the calling code.
    static func checkSizes(_ states: Int, _ inputs: Int, plan: ONNXPlan) {
        precondition(states == plan.dimension, "ONNX step: the state has \(states) values, the graph's state has \(plan.dimension)")
        precondition(inputs == plan.inputCount, "ONNX step: \(inputs) input values, the graph takes \(plan.inputCount)")
    }
}

/// An ``ONNXStep`` at a constant input: a ``DiscreteMap`` whose Jacobian is formed by forward mode
/// over the compiled graph, with batched kernels (every state of a block in one pass, weight products
/// as one BLAS product, reverse mode on the plan for vector-Jacobian products), so the slow-point
/// search and the residuals of refinement run as for the hand-written cells.
public struct ONNXFixedInputMap: DiscreteMap, BatchKernelSystem, Sendable {
    /// The step.
    public let step: ONNXStep
    /// The constant input.
    public let input: [Double]

    /// The state size.
    public var dimension: Int { step.dimension }

    /// F(x; input).
    public func step<T: DynamicsScalar>(_ x: [T]) -> [T] {
        step.step(x, parameters: input.map { T($0) })
    }

    /// ∂F/∂x by forward mode over the plan.
    public func jacobian(at x: [Double]) -> Matrix { step.jacobian(at: x, parameters: input) }

    /// F at every row of `states`.
    public func evaluateBatch<S: BLASScalar>(_ states: UnsafeBufferPointer<S>, rows: Int, into values: UnsafeMutableBufferPointer<S>) {
        step.plan.batchEvaluate(states, rows: rows, input: input, into: values)
    }

    /// uᵀ·∂F/∂x at every row, by reverse mode on the plan.
    public func vectorJacobianProductsBatch<S: BLASScalar>(
        states: UnsafeBufferPointer<S>, values: UnsafeBufferPointer<S>, cotangents: UnsafeBufferPointer<S>,
        rows: Int, into products: UnsafeMutableBufferPointer<S>
    ) {
        step.plan.batchVectorJacobianProducts(states, cotangents: cotangents, rows: rows, input: input, into: products)
    }
}
