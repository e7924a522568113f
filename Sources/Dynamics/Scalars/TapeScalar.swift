/// A reverse-mode scalar: runs a model's generic `step` once while recording it on a
/// ``ReverseModeTape``, so that one backward sweep gives a vector-Jacobian product uᵀ·J for a small
/// constant multiple of the cost of `step`, whatever the dimension (forward mode would need n passes).
///
/// A value is a number plus its dependence on one recorded variable: `value` with
/// ∂value/∂(variable `index`) = `scale`. Multiplying by a constant, adding a constant and every unary
/// function (exp, tanh, relu, ...) only update `scale`; only an operation that combines two different
/// variables records a node. A dense layer Σⱼ wᵢⱼ·xⱼ therefore records one node per term.
///
/// Comparisons and `==` look at the value only, so control flow in a model follows the primal
/// computation, as for ``Dual``. Values from two different tapes must not be combined.
///
/// You rarely use it directly: ``DynamicalSystem/vectorJacobianProduct(at:cotangent:)`` and the
/// slow-point search run it for you.
@frozen
public struct TapeScalar: @unchecked Sendable {
    /// The primal value.
    public var value: Double
    /// ∂value/∂(recorded variable `index`).
    @usableFromInline var scale: Double
    /// The recorded variable this value depends on; −1 for a constant.
    @usableFromInline var index: Int32
    /// The tape the variable lives on; nil for a constant.
    @usableFromInline var tape: UnsafeMutablePointer<TapeStorage>?

    @inlinable @inline(__always)
    init(value: Double, scale: Double, index: Int32, tape: UnsafeMutablePointer<TapeStorage>?) {
        self.value = value
        self.scale = scale
        self.index = index
        self.tape = tape
    }

    /// A constant: no dependence on any variable.
    ///
    /// - Complexity: O(1).
    @inlinable @inline(__always)
    public init(_ value: Double) {
        self.init(value: value, scale: 0, index: -1, tape: nil)
    }

    /// Whether the value depends on no recorded variable.
    @inlinable public var isConstant: Bool { index < 0 }

    /// The chain rule for a unary function with f(value) = `newValue`, f'(value) = `derivative`: no node.
    @inlinable @inline(__always)
    func chained(value newValue: Double, derivative: Double) -> TapeScalar {
        TapeScalar(value: newValue, scale: scale * derivative, index: index, tape: tape)
    }

    /// The chain rule for an (f(x), f'(x)) pair of ``ElementaryDerivatives``.
    @inlinable @inline(__always)
    func chained(_ rule: (Double, Double)) -> TapeScalar { chained(value: rule.0, derivative: rule.1) }

    /// A function of two values with partials ∂/∂a = `da`, ∂/∂b = `db`: records a node only when both
    /// depend on variables, and different ones.
    @inlinable @inline(__always)
    static func combined(_ a: TapeScalar, _ da: Double, _ b: TapeScalar, _ db: Double, value: Double) -> TapeScalar {
        if b.index < 0 { return TapeScalar(value: value, scale: a.scale * da, index: a.index, tape: a.tape) }
        if a.index < 0 { return TapeScalar(value: value, scale: b.scale * db, index: b.index, tape: b.tape) }
        if a.index == b.index { return TapeScalar(value: value, scale: a.scale * da + b.scale * db, index: a.index, tape: a.tape) }
        let tape = a.tape.unsafelyUnwrapped
        let node = tape.pointee.append(a.index, a.scale * da, b.index, b.scale * db)
        return TapeScalar(value: value, scale: 1, index: node, tape: tape)
    }
}

extension TapeScalar: CustomStringConvertible {
    /// The value, and the variable it depends on.
    public var description: String { isConstant ? "TapeScalar(\(value))" : "TapeScalar(\(value); \(scale)·v\(index))" }
}

extension TapeScalar: DynamicsScalar {
    /// The value without its dependence.
    @inlinable public var primalValue: Double { value }
}
