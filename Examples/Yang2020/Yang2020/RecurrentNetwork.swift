import Yang2020Kernels
import Dynamics

/// The Yang 2020 rate RNN, in the row-vector convention of NumPy / JAX / PyTorch:
///
///     h_{t+1} = relu((1 − α)·h_t + α·(x_t·W_ir + h_t·W_rr + b_rr)),   o_t = h_{t+1}·W_ro + b_ro
///
/// with α = dt/τ (1 in the tutorial: a plain discrete ReLU RNN) and h₀ = 0.
public struct RecurrentNetwork: Sendable, Equatable {
    /// W_ir, inputs × hidden.
    public var inputWeights: Matrix
    /// W_rr, hidden × hidden.
    public var recurrentWeights: Matrix
    /// b_rr, hidden.
    public var recurrentBias: [Double]
    /// W_ro, hidden × outputs.
    public var readoutWeights: Matrix
    /// b_ro, outputs.
    public var readoutBias: [Double]
    /// α = dt/τ ∈ (0, 1].
    public var alpha: Double

    /// Number of hidden units.
    public var hiddenCount: Int { recurrentWeights.rows }
    /// Number of inputs.
    public var inputCount: Int { inputWeights.rows }
    /// Number of outputs.
    public var outputCount: Int { readoutWeights.columns }

    /// A network from its parameters.
    ///
    /// - Throws: ``NetworkError/shapes(_:)`` when the shapes do not fit together, ``NetworkError/nonFinite(_:)``
    ///   when a parameter is NaN or ±∞, ``NetworkError/badAlpha(_:)`` unless 0 < α ≤ 1.
    public init(
        inputWeights: Matrix, recurrentWeights: Matrix, recurrentBias: [Double], readoutWeights: Matrix,
        readoutBias: [Double], alpha: Double = 1
    ) throws(NetworkError) {
        let h = recurrentWeights.rows
        guard recurrentWeights.columns == h, h > 0 else { throw .shapes("w_rr must be square (hidden x hidden), got \(recurrentWeights.rows) x \(recurrentWeights.columns)") }
        guard inputWeights.columns == h, inputWeights.rows > 0 else { throw .shapes("w_ir must be inputs x \(h), got \(inputWeights.rows) x \(inputWeights.columns)") }
        guard recurrentBias.count == h else { throw .shapes("b_rr must have \(h) entries, got \(recurrentBias.count)") }
        guard readoutWeights.rows == h, readoutWeights.columns > 0 else { throw .shapes("w_ro must be \(h) x outputs, got \(readoutWeights.rows) x \(readoutWeights.columns)") }
        guard readoutBias.count == readoutWeights.columns else { throw .shapes("b_ro must have \(readoutWeights.columns) entries, got \(readoutBias.count)") }
        for (name, values) in [("w_ir", inputWeights.elements), ("w_rr", recurrentWeights.elements), ("b_rr", recurrentBias), ("w_ro", readoutWeights.elements), ("b_ro", readoutBias)]
        where !values.allSatisfy(\.isFinite) {
            throw .nonFinite(name)
        }
        guard alpha > 0 && alpha <= 1 else { throw .badAlpha(alpha) }
        self.inputWeights = inputWeights
        self.recurrentWeights = recurrentWeights
        self.recurrentBias = recurrentBias
        self.readoutWeights = readoutWeights
        self.readoutBias = readoutBias
        self.alpha = alpha
    }

    /// A freshly initialised network, as the tutorial: W_ir, W_rr and W_ro "Kaiming normal, scale 1" (a
    /// normal truncated to ±2σ, rescaled so that the final std is √(1/fan_in), fan_in = rows), biases
    /// uniform in ±1/√hidden.
    ///
    /// - Parameters:
    ///   - inputs: default 3.
    ///   - hidden: default 64.
    ///   - outputs: default 3.
    ///   - alpha: dt/τ; default 1.
    public init(inputs: Int = 3, hidden: Int = 64, outputs: Int = 3, alpha: Double = 1, using rng: inout some RandomNumberGenerator) {
        precondition(inputs > 0 && hidden > 0 && outputs > 0, "RecurrentNetwork: sizes must be positive")
        func kaiming(_ rows: Int, _ columns: Int) -> Matrix {
            // The std of a standard normal truncated to [−2, 2].
            let truncatedStd = 0.8796256610342398
            let scale = (1 / Double(rows)).squareRoot() / truncatedStd
            var elements: [Double] = []
            elements.reserveCapacity(rows * columns)
            while elements.count < rows * columns {
                let z = rng.nextStandardNormal()
                if abs(z) <= 2 { elements.append(scale * z) }
            }
            return Matrix(rows: rows, columns: columns, elements: elements)
        }
        let bound = 1 / Double(hidden).squareRoot()
        inputWeights = kaiming(inputs, hidden)
        recurrentWeights = kaiming(hidden, hidden)
        recurrentBias = (0..<hidden).map { _ in Double.random(in: -bound...bound, using: &rng) }
        readoutWeights = kaiming(hidden, outputs)
        readoutBias = (0..<outputs).map { _ in Double.random(in: -bound...bound, using: &rng) }
        self.alpha = alpha
    }

    /// One step of the hidden state: relu((1 − α)·h + α·(x·W_ir + h·W_rr + b_rr)).
    ///
    /// - Complexity: O(hidden · (hidden + inputs)).
    public func nextHidden(_ h: [Double], input x: [Double]) -> [Double] {
        let drive = zip(Self.orderedProduct(x, inputWeights), Self.orderedProduct(h, recurrentWeights)).map { $0 + $1 }
        return (0..<hiddenCount).map { i in relu((1 - alpha) * h[i] + alpha * (drive[i] + recurrentBias[i])) }
    }

    /// v·M summed in one fixed order (`yang2020_ordered_gemm_f64`), so that the recorded activity has
    /// the same bits on every CPU, whichever BLAS kernel the machine would pick.
    static func orderedProduct(_ v: [Double], _ m: Matrix) -> [Double] {
        precondition(v.count == m.rows, "orderedProduct: \(v.count) values, \(m.rows) rows")
        var result = [Double](repeating: 0, count: m.columns)
        yang2020_ordered_gemm_f64(0, 0, 1, m.columns, m.rows, 1, v, m.rows, m.elements, m.columns, 0, &result, m.columns)
        return result
    }

    /// Runs every trial of `batch` from h₀ = 0 and returns the hidden states h₁...h_T in C order over
    /// (step, trial, hidden): the activity the tutorial analyses.
    ///
    /// - Complexity: O(steps · size · hidden²).
    public func hiddenActivity(_ batch: TrialBatch) -> [Double] {
        var activity: [Double] = []
        activity.reserveCapacity(batch.steps * batch.size * hiddenCount)
        var states = [[Double]](repeating: Array(repeating: 0, count: hiddenCount), count: batch.size)
        for t in 0..<batch.steps {
            for b in 0..<batch.size {
                states[b] = nextHidden(states[b], input: batch.input(step: t, trial: b))
                activity += states[b]
            }
        }
        return activity
    }

    /// The hidden dynamics under a constant input as a ``DiscreteMap`` F(h), with analytic Jacobian,
    /// batched evaluation and vector-Jacobian products.
    ///
    /// - Parameter input: the constant x, e.g. [1, 0.5, 0.5] (fixation on, zero coherence, no noise).
    public func map(input: [Double]) -> RecurrentMap {
        precondition(input.count == inputCount, "map(input:): \(input.count) inputs, the network has \(inputCount)")
        let drive = zip(input * inputWeights, recurrentBias).map { $0 + $1 }
        return RecurrentMap(recurrentWeights: recurrentWeights, drive: drive, alpha: alpha)
    }
}

/// A network that cannot be built from the given parameters.
public enum NetworkError: Error, Equatable, CustomStringConvertible {
    /// Parameter shapes do not fit together.
    case shapes(String)
    /// A parameter holds NaN or ±∞.
    case nonFinite(String)
    /// α outside (0, 1].
    case badAlpha(Double)

    /// A readable explanation.
    public var description: String {
        switch self {
        case let .shapes(detail): return "network parameters do not fit together: \(detail)"
        case let .nonFinite(name): return "network parameter \(name) holds NaN or infinite values"
        case let .badAlpha(alpha): return "alpha = dt/tau must be in (0, 1], got \(alpha)"
        }
    }
}
