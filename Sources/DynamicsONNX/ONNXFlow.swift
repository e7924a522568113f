import Dynamics
import Foundation

/// An ONNX graph read as a vector field: dx/dt = f(x; u) as a ``ParametricFlow`` (a rate RNN written
/// as its derivative, a neural ODE's field).
///
/// The same conventions as ``ONNXStep``: state first, optional input second, and the first output is
/// f(x; u).
public struct ONNXFlow: ParametricFlow, Sendable {
    /// The graph, read as a step.
    public let graph: ONNXStep

    /// Reads and compiles the model at `path`.
    ///
    /// - Throws: ``ONNXError``.
    /// - Complexity: O(file size + weights) once.
    public init(contentsOf path: String) throws(ONNXError) {
        graph = try ONNXStep(contentsOf: path)
    }

    /// The graph `graph` read as a vector field.
    public init(_ graph: ONNXStep) { self.graph = graph }

    /// n.
    public var dimension: Int { graph.dimension }
    /// The number of external inputs.
    public var parameterCount: Int { graph.parameterCount }

    /// f(x; u).
    public func step<T: DynamicsScalar>(_ x: [T], parameters u: [T]) -> [T] { graph.step(x, parameters: u) }

    /// [∂f/∂x | ∂f/∂u] by forward mode over the plan.
    public func jointJacobian(at x: [Double], parameters: [Double]) -> Matrix { graph.jointJacobian(at: x, parameters: parameters) }

    /// The flow at a constant input, with the fast Jacobian.
    ///
    /// - Parameter input: `parameterCount` values.
    public func flow(input: [Double]) -> ONNXFixedInputFlow {
        precondition(input.count == parameterCount, "ONNXFlow.flow(input:): \(input.count) inputs, the graph has \(parameterCount)")
        return ONNXFixedInputFlow(graph: graph, input: input)
    }
}

/// An ``ONNXFlow`` at a constant input: a ``ContinuousFlow`` with the forward-mode Jacobian and the
/// batched kernels of ``ONNXFixedInputMap``.
public struct ONNXFixedInputFlow: ContinuousFlow, BatchKernelSystem, Sendable {
    /// The graph.
    public let graph: ONNXStep
    /// The constant input.
    public let input: [Double]

    /// n.
    public var dimension: Int { graph.dimension }
    /// f(x; input).
    public func step<T: DynamicsScalar>(_ x: [T]) -> [T] { graph.step(x, parameters: input.map { T($0) }) }
    /// ∂f/∂x by forward mode over the plan.
    public func jacobian(at x: [Double]) -> Matrix { graph.jacobian(at: x, parameters: input) }

    /// f at every row of `states`.
    public func evaluateBatch<S: BLASScalar>(_ states: UnsafeBufferPointer<S>, rows: Int, into values: UnsafeMutableBufferPointer<S>) {
        graph.plan.batchEvaluate(states, rows: rows, input: input, into: values)
    }

    /// uᵀ·∂f/∂x at every row, by reverse mode on the plan.
    public func vectorJacobianProductsBatch<S: BLASScalar>(
        states: UnsafeBufferPointer<S>, values: UnsafeBufferPointer<S>, cotangents: UnsafeBufferPointer<S>,
        rows: Int, into products: UnsafeMutableBufferPointer<S>
    ) {
        graph.plan.batchVectorJacobianProducts(states, cotangents: cotangents, rows: rows, input: input, into: products)
    }
}
