import Dynamics
import DynamicsNN

/// A one-argument elementwise operation of a compiled ONNX graph, with its constant attributes.
///
/// Written once, generic over the scalar: the plan evaluates it on `Double`, `Float`, ``Dual`` and
/// ``TapeScalar`` alike, and its local derivative is this same function on `Dual<1>`.
enum UnaryOperation: Sendable, Equatable {
    case identity, negate, tanh, sigmoid, relu, exp, log, sqrt, abs, reciprocal, softsign, softplus
    case leakyRelu(alpha: Double)
    case elu(alpha: Double)
    case hardSigmoid(alpha: Double, beta: Double)
    /// Clip to [min, max]; a missing bound is none. Values equal to a bound pass with slope 1.
    case clip(min: Double?, max: Double?)
    /// x^p for a constant exponent p.
    case power(Double)
    /// c·x.
    case scale(Double)

    /// The operation at `x`.
    func callAsFunction<T: DynamicsScalar>(_ x: T) -> T {
        switch self {
        case .identity: return x
        case .negate: return -x
        case .tanh: return T.tanh(x)
        case .sigmoid: return DynamicsNN.sigmoid(x)
        case .relu: return Dynamics.relu(x)
        case .exp: return T.exp(x)
        case .log: return T.log(x)
        case .sqrt: return T.sqrt(x)
        case .abs: return x < 0 ? -x : x
        case .reciprocal: return 1 / x
        case .softsign: return x / (1 + (x < 0 ? -x : x))
        case .softplus:
            // log(1 + eˣ) without overflow: x + log(1 + e⁻ˣ) for x > 0.
            return x > 0 ? x + T.log(onePlus: T.exp(-x)) : T.log(onePlus: T.exp(x))
        case let .leakyRelu(alpha): return x < 0 ? T(alpha) * x : x
        case let .elu(alpha): return x < 0 ? T(alpha) * (T.exp(x) - 1) : x
        case let .hardSigmoid(alpha, beta):
            let y = T(alpha) * x + T(beta)
            return y < 0 ? T(0) : (y > 1 ? T(1) : y)
        case let .clip(low, high):
            if let low, x < T(low) { return T(low) }
            if let high, x > T(high) { return T(high) }
            return x
        case let .power(p): return Self.power(x, p)
        case let .scale(c): return T(c) * x
        }
    }

    /// d op/dx at `x`: the operation itself on `Dual<1>` (one definition, no hand-written derivative).
    func derivative(at x: Double) -> Double { self(Dual<1>(x, seed: 0)).partials[0] }

    /// x^p: repeated products for small integer exponents (exact, defined for x < 0 as ONNX's Pow
    /// is), √x for p = ½, e^{p·log x} otherwise.
    static func power<T: DynamicsScalar>(_ x: T, _ p: Double) -> T {
        if p == p.rounded(), Swift.abs(p) <= 64 { return T.pow(x, Int(p)) }
        if p == 0.5 { return T.sqrt(x) }
        return T.exp(T(p) * T.log(x))
    }
}

/// A two-argument elementwise operation (NumPy broadcasting).
enum BinaryOperation: Sendable, Equatable {
    case add, subtract, multiply, divide

    /// The operation on `a`, `b`.
    func callAsFunction<T: DynamicsScalar>(_ a: T, _ b: T) -> T {
        switch self {
        case .add: return a + b
        case .subtract: return a - b
        case .multiply: return a * b
        case .divide: return a / b
        }
    }

    /// (∂op/∂a, ∂op/∂b) at (`a`, `b`): the operation itself on `Dual<2>`.
    func partials(at a: Double, _ b: Double) -> (Double, Double) {
        let local = self(Dual<2>(a, seed: 0), Dual<2>(b, seed: 1)).partials
        return (local[0], local[1])
    }
}
