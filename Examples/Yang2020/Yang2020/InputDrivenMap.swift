import Dynamics

/// The RNN's hidden dynamics with the input as parameters, F(h; u) = relu((1 − α)·h + α·(h·W_rr +
/// u·W_ir + b_rr)): a ``ParametricMap`` (so ∂F/∂u and continuation in u are exact) and a
/// ``PiecewiseSmoothSystem`` (a unit switches where its pre-activation crosses 0).
public struct InputDrivenMap: ParametricMap, PiecewiseSmoothSystem, Sendable {
    /// The network.
    public let network: RecurrentNetwork

    /// The map of `network`.
    public init(network: RecurrentNetwork) { self.network = network }

    /// hidden.
    public var dimension: Int { network.hiddenCount }
    /// inputs.
    public var parameterCount: Int { network.inputCount }

    /// relu of ``preActivations(_:input:)``.
    @inlinable
    public func step<T: DynamicsScalar>(_ h: [T], parameters u: [T]) -> [T] {
        preActivations(h, input: u).map { relu($0) }
    }

    /// (1 − α)·h + α·(h·W_rr + u·W_ir + b_rr), generic over the scalar.
    @inlinable
    public func preActivations<T: DynamicsScalar>(_ h: [T], input u: [T]) -> [T] {
        let (n, inputs) = (network.hiddenCount, network.inputCount)
        var drive = network.recurrentBias.map { T($0) }
        network.inputWeights.elements.withUnsafeBufferPointer { w in
            for k in 0..<inputs { for i in 0..<n { drive[i] += u[k] * T(w[k * n + i]) } }
        }
        network.recurrentWeights.elements.withUnsafeBufferPointer { w in
            for j in 0..<n { for i in 0..<n { drive[i] += h[j] * T(w[j * n + i]) } }
        }
        let (a, leak) = (T(network.alpha), T(1 - network.alpha))
        return (0..<n).map { leak * h[$0] + a * drive[$0] }
    }

    /// The pre-activations: unit i switches where entry i changes sign.
    public func switchingFunctions(at h: [Double], parameters u: [Double]) -> [Double] { preActivations(h, input: u) }

    /// Analytic: with m = [pre-activation > 0], row i of [∂F/∂h | ∂F/∂u] is m_i·[(1 − α)·eᵢ + α·W_rr[:, i] |
    /// α·W_ir[:, i]] (relu'(0) = 0, as the dual-number default).
    public func jointJacobian(at h: [Double], parameters u: [Double]) -> Matrix {
        let (n, inputs, alpha) = (network.hiddenCount, network.inputCount, network.alpha)
        let pre = preActivations(h, input: u)
        var result = Matrix(rows: n, columns: n + inputs)
        for i in 0..<n where pre[i] > 0 {
            for j in 0..<n { result[i, j] = alpha * network.recurrentWeights[j, i] }
            result[i, i] += 1 - alpha
            for k in 0..<inputs { result[i, n + k] = alpha * network.inputWeights[k, i] }
        }
        return result
    }
}

/// The hidden dynamics as a function of the stimulus coherence c (in %, the task's convention): input
/// u(c) = [fixation, 0.5 + c/200, 0.5 − c/200], fixation 1 during the stimulus and 0 at the decision.
public struct CoherenceMap: ParametricMap, PiecewiseSmoothSystem, Sendable {
    /// The map in the full input.
    public let inputMap: InputDrivenMap
    /// The fixation channel: 1 (stimulus period) or 0 (decision period).
    public let fixation: Double

    /// The coherence map of `network` with the fixation channel at `fixation`.
    public init(network: RecurrentNetwork, fixation: Double = 1) {
        precondition(network.inputCount == DecisionMakingTask.inputCount, "CoherenceMap: the network has \(network.inputCount) inputs, the task \(DecisionMakingTask.inputCount)")
        inputMap = InputDrivenMap(network: network)
        self.fixation = fixation
    }

    /// hidden.
    public var dimension: Int { inputMap.dimension }
    /// One parameter: the coherence.
    public var parameterCount: Int { 1 }

    /// u(c) = [fixation, 0.5 + c/200, 0.5 − c/200].
    @inlinable
    public func input<T: DynamicsScalar>(coherence c: T) -> [T] { [T(fixation), 0.5 + c / 200, 0.5 - c / 200] }

    /// F(h; u(c)).
    @inlinable
    public func step<T: DynamicsScalar>(_ h: [T], parameters p: [T]) -> [T] { inputMap.step(h, parameters: input(coherence: p[0])) }

    /// The pre-activations at u(c).
    public func switchingFunctions(at h: [Double], parameters p: [Double]) -> [Double] {
        inputMap.switchingFunctions(at: h, parameters: input(coherence: p[0]))
    }

    /// Analytic, from the input map's: ∂F/∂c = ∂F/∂u · du/dc with du/dc = [0, 1/200, −1/200].
    public func jointJacobian(at h: [Double], parameters p: [Double]) -> Matrix {
        let n = dimension
        let full = inputMap.jointJacobian(at: h, parameters: input(coherence: p[0]))
        var result = Matrix(rows: n, columns: n + 1)
        for i in 0..<n {
            for j in 0..<n { result[i, j] = full[i, j] }
            result[i, n] = (full[i, n + 1] - full[i, n + 2]) / 200
        }
        return result
    }
}
