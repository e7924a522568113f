import RealModule

// Arithmetic on tape scalars: the local partials of + − × ÷, recorded by `combined`.

extension TapeScalar: AdditiveArithmetic {
    /// The constant zero.
    @inlinable public static var zero: TapeScalar { TapeScalar(0) }

    /// ∂(a + b)/∂a = 1, ∂/∂b = 1
    @inlinable @inline(__always)
    public static func + (lhs: TapeScalar, rhs: TapeScalar) -> TapeScalar { combined(lhs, 1, rhs, 1, value: lhs.value + rhs.value) }

    /// ∂(a − b)/∂a = 1, ∂/∂b = −1
    @inlinable @inline(__always)
    public static func - (lhs: TapeScalar, rhs: TapeScalar) -> TapeScalar { combined(lhs, 1, rhs, -1, value: lhs.value - rhs.value) }

    /// In-place sum.
    @inlinable @inline(__always)
    public static func += (lhs: inout TapeScalar, rhs: TapeScalar) { lhs = lhs + rhs }

    /// In-place difference.
    @inlinable @inline(__always)
    public static func -= (lhs: inout TapeScalar, rhs: TapeScalar) { lhs = lhs - rhs }
}

extension TapeScalar: Numeric, SignedNumeric {
    /// Integer literals are Int (the constructors are shared: ``DynamicsScalar/init(integerLiteral:)``).
    public typealias IntegerLiteralType = Int

    /// |a|, with |a|' = sign(a) and sign(0) = 0 (so abs'(0) = 0).
    @inlinable
    public var magnitude: TapeScalar { chained(value: Swift.abs(value), derivative: value > 0 ? 1 : (value < 0 ? -1 : 0)) }

    /// ∂(a·b)/∂a = b, ∂/∂b = a
    @inlinable @inline(__always)
    public static func * (lhs: TapeScalar, rhs: TapeScalar) -> TapeScalar { combined(lhs, rhs.value, rhs, lhs.value, value: lhs.value * rhs.value) }

    /// In-place product.
    @inlinable @inline(__always)
    public static func *= (lhs: inout TapeScalar, rhs: TapeScalar) { lhs = lhs * rhs }

    /// (−a)' = −1
    @inlinable @inline(__always)
    public static prefix func - (operand: TapeScalar) -> TapeScalar { operand.chained(value: -operand.value, derivative: -1) }
}

extension TapeScalar {
    /// ∂(a/b)/∂a = 1/b, ∂/∂b = −(a/b)/b
    @inlinable @inline(__always)
    public static func / (lhs: TapeScalar, rhs: TapeScalar) -> TapeScalar {
        let quotient = lhs.value / rhs.value
        let reciprocal = 1 / rhs.value
        return combined(lhs, reciprocal, rhs, -quotient * reciprocal, value: quotient)
    }

    /// In-place quotient.
    @inlinable @inline(__always)
    public static func /= (lhs: inout TapeScalar, rhs: TapeScalar) { lhs = lhs / rhs }
}

extension TapeScalar: Equatable, Comparable {
    /// Compares primal values only, so branches in a model follow the primal computation.
    @inlinable public static func == (lhs: TapeScalar, rhs: TapeScalar) -> Bool { lhs.value == rhs.value }

    /// Orders by primal value.
    @inlinable public static func < (lhs: TapeScalar, rhs: TapeScalar) -> Bool { lhs.value < rhs.value }
}

extension TapeScalar: ExpressibleByFloatLiteral {
    /// A constant from a float literal.
    @inlinable public init(floatLiteral value: Double) { self.init(value) }
}

// Each rule is f(a)' = f'(a)·a', applied through `chained(_:)` to the (f, f') pairs of
// ``ElementaryDerivatives``, where the formulas stand: no node is recorded.
extension TapeScalar: ElementaryFunctions {
    /// See ``ElementaryDerivatives``.
    @inlinable public static func exp(_ x: TapeScalar) -> TapeScalar { x.chained(ElementaryDerivatives.exp(x.value)) }
    /// See ``ElementaryDerivatives``.
    @inlinable public static func expMinusOne(_ x: TapeScalar) -> TapeScalar { x.chained(ElementaryDerivatives.expMinusOne(x.value)) }
    /// See ``ElementaryDerivatives``.
    @inlinable public static func cosh(_ x: TapeScalar) -> TapeScalar { x.chained(ElementaryDerivatives.cosh(x.value)) }
    /// See ``ElementaryDerivatives``.
    @inlinable public static func sinh(_ x: TapeScalar) -> TapeScalar { x.chained(ElementaryDerivatives.sinh(x.value)) }
    /// See ``ElementaryDerivatives``.
    @inlinable public static func tanh(_ x: TapeScalar) -> TapeScalar { x.chained(ElementaryDerivatives.tanh(x.value)) }
    /// See ``ElementaryDerivatives``.
    @inlinable public static func cos(_ x: TapeScalar) -> TapeScalar { x.chained(ElementaryDerivatives.cos(x.value)) }
    /// See ``ElementaryDerivatives``.
    @inlinable public static func sin(_ x: TapeScalar) -> TapeScalar { x.chained(ElementaryDerivatives.sin(x.value)) }
    /// See ``ElementaryDerivatives``.
    @inlinable public static func tan(_ x: TapeScalar) -> TapeScalar { x.chained(ElementaryDerivatives.tan(x.value)) }
    /// See ``ElementaryDerivatives``.
    @inlinable public static func log(_ x: TapeScalar) -> TapeScalar { x.chained(ElementaryDerivatives.log(x.value)) }
    /// See ``ElementaryDerivatives``.
    @inlinable public static func log(onePlus x: TapeScalar) -> TapeScalar { x.chained(ElementaryDerivatives.log(onePlus: x.value)) }
    /// See ``ElementaryDerivatives``.
    @inlinable public static func acosh(_ x: TapeScalar) -> TapeScalar { x.chained(ElementaryDerivatives.acosh(x.value)) }
    /// See ``ElementaryDerivatives``.
    @inlinable public static func asinh(_ x: TapeScalar) -> TapeScalar { x.chained(ElementaryDerivatives.asinh(x.value)) }
    /// See ``ElementaryDerivatives``.
    @inlinable public static func atanh(_ x: TapeScalar) -> TapeScalar { x.chained(ElementaryDerivatives.atanh(x.value)) }
    /// See ``ElementaryDerivatives``.
    @inlinable public static func acos(_ x: TapeScalar) -> TapeScalar { x.chained(ElementaryDerivatives.acos(x.value)) }
    /// See ``ElementaryDerivatives``.
    @inlinable public static func asin(_ x: TapeScalar) -> TapeScalar { x.chained(ElementaryDerivatives.asin(x.value)) }
    /// See ``ElementaryDerivatives``.
    @inlinable public static func atan(_ x: TapeScalar) -> TapeScalar { x.chained(ElementaryDerivatives.atan(x.value)) }
    /// See ``ElementaryDerivatives``.
    @inlinable public static func sqrt(_ x: TapeScalar) -> TapeScalar { x.chained(ElementaryDerivatives.sqrt(x.value)) }
    /// See ``ElementaryDerivatives``.
    @inlinable public static func pow(_ x: TapeScalar, _ n: Int) -> TapeScalar { x.chained(ElementaryDerivatives.pow(x.value, n)) }
    /// See ``ElementaryDerivatives``.
    @inlinable public static func root(_ x: TapeScalar, _ n: Int) -> TapeScalar { x.chained(ElementaryDerivatives.root(x.value, n)) }

    /// ∂xʸ/∂x = y·xʸ⁻¹, ∂/∂y = xʸ·log(x) (see ``ElementaryDerivatives``).
    @inlinable public static func pow(_ x: TapeScalar, _ y: TapeScalar) -> TapeScalar {
        let (value, dx, dy) = ElementaryDerivatives.pow(x.value, y.value)
        return combined(x, dx, y, dy, value: value)
    }
}
