import Dynamics

// Normal forms and classic maps and flows with one or more parameters, whose bifurcations are known
// in closed form: oracles for FixedPointContinuation.

/// ẋ = μ − x²: fixed points ±√μ, a fold at μ = 0.
public struct SaddleNodeNormalForm: ParametricFlow, Sendable {
    /// The system (it has no stored parameters).
    public init() {}
    /// n.
    public var dimension: Int { 1 }
    /// m.
    public var parameterCount: Int { 1 }
    /// The rule (see the type).
    @inlinable public func step<T: DynamicsScalar>(_ x: [T], parameters p: [T]) -> [T] { [p[0] - x[0] * x[0]] }
}

/// ẋ = μx − x²: the branches x = 0 and x = μ cross at μ = 0 (transcritical).
public struct TranscriticalNormalForm: ParametricFlow, Sendable {
    /// The system (it has no stored parameters).
    public init() {}
    /// n.
    public var dimension: Int { 1 }
    /// m.
    public var parameterCount: Int { 1 }
    /// The rule (see the type).
    @inlinable public func step<T: DynamicsScalar>(_ x: [T], parameters p: [T]) -> [T] { [p[0] * x[0] - x[0] * x[0]] }
}

/// ẋ = μx − x³: x = ±√μ branch off x = 0 at μ = 0 (supercritical pitchfork).
public struct PitchforkNormalForm: ParametricFlow, Sendable {
    /// The system (it has no stored parameters).
    public init() {}
    /// n.
    public var dimension: Int { 1 }
    /// m.
    public var parameterCount: Int { 1 }
    /// The rule (see the type).
    @inlinable public func step<T: DynamicsScalar>(_ x: [T], parameters p: [T]) -> [T] { [p[0] * x[0] - x[0] * x[0] * x[0]] }
}

/// ẋ = μx − y − x(x² + y²), ẏ = x + μy − y(x² + y²): the origin has eigenvalues μ ± i, a Hopf
/// bifurcation at μ = 0, and for μ > 0 a limit cycle of radius √μ.
public struct HopfNormalForm: ParametricFlow, Sendable {
    /// The system (it has no stored parameters).
    public init() {}
    /// n.
    public var dimension: Int { 2 }
    /// m.
    public var parameterCount: Int { 1 }
    /// The rule (see the type).
    @inlinable public func step<T: DynamicsScalar>(_ x: [T], parameters p: [T]) -> [T] {
        let r2 = x[0] * x[0] + x[1] * x[1]
        return [p[0] * x[0] - x[1] - x[0] * r2, x[0] + p[0] * x[1] - x[1] * r2]
    }
}

/// x' = r·x·(1 − x): the fixed point 1 − 1/r has multiplier 2 − r, period doubling at r = 3.
public struct LogisticMap: ParametricMap, Sendable {
    /// The system (it has no stored parameters).
    public init() {}
    /// n.
    public var dimension: Int { 1 }
    /// m.
    public var parameterCount: Int { 1 }
    /// The rule (see the type).
    @inlinable public func step<T: DynamicsScalar>(_ x: [T], parameters p: [T]) -> [T] { [p[0] * x[0] * (1 - x[0])] }
}

/// The Hénon map (x, y) ↦ (1 − a·x² + y, b·x), parameters [a, b]: fixed points exist for
/// a > −(1 − b)²/4 (a fold there), and the one with x > 0 doubles its period at a = 3(1 − b)²/4.
public struct HenonFamily: ParametricMap, Sendable {
    /// The system (it has no stored parameters).
    public init() {}
    /// n.
    public var dimension: Int { 2 }
    /// m.
    public var parameterCount: Int { 2 }
    /// The rule (see the type).
    @inlinable public func step<T: DynamicsScalar>(_ x: [T], parameters p: [T]) -> [T] { [1 - p[0] * x[0] * x[0] + x[1], p[1] * x[0]] }

    /// The fixed point x = (−(1 − b) ± √((1 − b)² + 4a)) / (2a), y = b·x.
    public static func fixedPoint(a: Double, b: Double, plus: Bool) -> [Double] {
        let root = ((1 - b) * (1 - b) + 4 * a).squareRoot()
        let x = (-(1 - b) + (plus ? root : -root)) / (2 * a)
        return [x, b * x]
    }
}

/// The delayed logistic map (x, y) ↦ (a·x·(1 − y), x): the fixed point x = y = 1 − 1/a loses stability
/// through a Neimark–Sacker bifurcation at a = 2.
public struct DelayedLogisticMap: ParametricMap, Sendable {
    /// The system (it has no stored parameters).
    public init() {}
    /// n.
    public var dimension: Int { 2 }
    /// m.
    public var parameterCount: Int { 1 }
    /// The rule (see the type).
    @inlinable public func step<T: DynamicsScalar>(_ x: [T], parameters p: [T]) -> [T] { [p[0] * x[0] * (1 - x[1]), x[0]] }
}

/// The Lorenz system with parameters [σ, ρ, β]: the origin has a branch point at ρ = 1 (where
/// C± = (±√(β(ρ − 1)), ±√(β(ρ − 1)), ρ − 1) branch off), and C± lose stability in a Hopf bifurcation at
/// ρ = σ(σ + β + 3)/(σ − β − 1).
public struct LorenzFamily: ParametricFlow, Sendable {
    /// The system (it has no stored parameters).
    public init() {}
    /// n.
    public var dimension: Int { 3 }
    /// m.
    public var parameterCount: Int { 3 }
    /// The rule (see the type).
    @inlinable public func step<T: DynamicsScalar>(_ x: [T], parameters p: [T]) -> [T] {
        [p[0] * (x[1] - x[0]), x[0] * (p[1] - x[2]) - x[1], x[0] * x[1] - p[2] * x[2]]
    }
}

/// A two-unit ReLU rate network ẋ = −x + relu(W·x + u·e₀ + b) with the input u as parameter: its
/// branch has kinks where a unit switches (border collisions at u where W·x + u·e₀ + b crosses 0).
public struct ReluRateNetwork: ParametricFlow, PiecewiseSmoothSystem, Sendable {
    /// W (2 × 2), row-major.
    public let weights: [Double]
    /// b.
    public let bias: [Double]

    /// The network with weights `weights` (row-major 2 × 2) and bias `bias`.
    public init(weights: [Double], bias: [Double]) {
        precondition(weights.count == 4 && bias.count == 2, "ReluRateNetwork: 2 x 2 weights and 2 biases")
        self.weights = weights
        self.bias = bias
    }

    /// n.
    public var dimension: Int { 2 }
    /// m.
    public var parameterCount: Int { 1 }

    /// The rule (see the type).
    @inlinable public func step<T: DynamicsScalar>(_ x: [T], parameters p: [T]) -> [T] {
        let drive = preActivations(x, input: p[0])
        return [relu(drive[0]) - x[0], relu(drive[1]) - x[1]]
    }

    /// W·x + u·e₀ + b.
    @inlinable public func preActivations<T: DynamicsScalar>(_ x: [T], input u: T) -> [T] {
        [T(weights[0]) * x[0] + T(weights[1]) * x[1] + u + T(bias[0]), T(weights[2]) * x[0] + T(weights[3]) * x[1] + T(bias[1])]
    }

    /// The pre-activations: unit i switches where entry i changes sign.
    public func switchingFunctions(at x: [Double], parameters p: [Double]) -> [Double] { preActivations(x, input: p[0]) }
}

/// x' = relu(a − b·x), parameters (a, b): for a > 0 and b > 1 the 2-cycle {0, a} (F(0) = a, and
/// F(a) = 0 because a − b·a < 0), super-stable; at b = 1 the point a reaches the kink of the ReLU (a
/// border collision) and the cycle merges into the fixed point a/(1 + b).
public struct ReluKinkMap: ParametricMap, PiecewiseSmoothSystem, Sendable {
    /// The system (it has no stored parameters).
    public init() {}
    /// n.
    public var dimension: Int { 1 }
    /// m.
    public var parameterCount: Int { 2 }
    /// The rule (see the type).
    @inlinable public func step<T: DynamicsScalar>(_ x: [T], parameters p: [T]) -> [T] {
        let pre = p[0] - p[1] * x[0]
        return [pre > 0 ? pre : 0]
    }
    /// The pre-activation a − b·x.
    public func switchingFunctions(at x: [Double], parameters p: [Double]) -> [Double] { [p[0] - p[1] * x[0]] }
}
