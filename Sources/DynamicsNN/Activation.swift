import Dynamics

/// A pointwise activation φ with its derivative written from its output, as the batched kernels use
/// it: the forward pass keeps y = φ(x), the pullback needs φ'(x) and gets it from y.
public enum Activation: String, Sendable, CaseIterable {
    /// tanh; φ' = 1 − y².
    case tanh
    /// max(0, x); φ' = [y > 0] (relu'(0) = 0, as in PyTorch); NaN stays NaN.
    case relu
    /// The logistic sigmoid (``sigmoid(_:)``); φ' = y(1 − y).
    case sigmoid

    /// φ(x), generic over the scalar (dual numbers and tapes carry the derivative themselves).
    ///
    /// - Complexity: O(1) per value (O(N) for a ``Dual`` of N partials).
    @inlinable
    public func callAsFunction<T: DynamicsScalar>(_ x: T) -> T {
        switch self {
        case .tanh: return T.tanh(x)
        case .relu: return Dynamics.relu(x)
        case .sigmoid: return DynamicsNN.sigmoid(x)
        }
    }

    /// φ'(x) from y = φ(x).
    ///
    /// - Complexity: O(1).
    @inlinable
    public func derivative<S: DynamicsScalar>(output y: S) -> S {
        switch self {
        case .tanh: return 1 - y * y
        case .relu: return y > 0 ? 1 : 0
        case .sigmoid: return y * (1 - y)
        }
    }
}
