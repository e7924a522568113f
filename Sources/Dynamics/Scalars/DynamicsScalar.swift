import RealModule

/// The scalar type a model's `step` is generic over.
///
/// Write a model once against `DynamicsScalar` and it runs on `Double` (simulation), `Float`
/// (single precision) and ``Dual`` (exact derivatives by forward-mode differentiation):
///
/// ```swift
/// func step<T: DynamicsScalar>(_ x: [T]) -> [T] {
///     [T.tanh(T(2.0) * x[0]) - x[1] * x[1], relu(x[0] + 0.5)]
/// }
/// ```
///
/// A conforming type offers integer and float literals, `T(someDouble)`, `+ - * /`, every
/// swift-numerics `ElementaryFunctions` requirement (`T.exp`, `T.log`, `T.tanh`, `T.sqrt`,
/// `T.pow`, ...), comparisons on the primal value, `abs` (through `magnitude`), Swift's `max` and
/// `min`, and this module's ``relu(_:)``.
///
/// Conventions at kinks, where a derivative is not defined, follow JAX:
/// - `relu'(0) = 0` (see ``relu(_:)``);
/// - `abs'(0) = 0` (the derivative is `sign(x)`);
/// - `max(x, y)` and `min(x, y)` return one of their arguments whole, so at a tie the derivative is that
///   of the argument returned: Swift's `max` returns `y` when `x == y`, `min` returns `x`.
public protocol DynamicsScalar: ElementaryFunctions, SignedNumeric, Comparable, ExpressibleByFloatLiteral,
    Sendable where Magnitude == Self
{
    /// Converts a `Double` parameter of the model (a weight, a rate) into this scalar type; for
    /// ``Dual`` it is a constant, with zero partial derivatives.
    init(_ value: Double)

    /// The value with derivative information dropped: the number itself for `Double` and `Float`,
    /// the primal part of a ``Dual``.
    var primalValue: Double { get }

    /// Division.
    static func / (lhs: Self, rhs: Self) -> Self

    /// In-place division.
    static func /= (lhs: inout Self, rhs: Self)
}

// The integer constructors of the derivative-carrying scalars (`Dual`, `TaylorJet`, `TapeScalar`), whose
// constants are Doubles: written once here. `Double` and `Float` have their own (their literal type is
// Int64, so this does not apply to them).
extension DynamicsScalar where IntegerLiteralType == Int {
    /// The constant `value`.
    @inlinable public init(integerLiteral value: Int) { self.init(Double(value)) }

    /// The constant `source`, when a `Double` represents it exactly; nil otherwise.
    @inlinable
    public init?<Source: BinaryInteger>(exactly source: Source) {
        guard let value = Double(exactly: source) else { return nil }
        self.init(value)
    }
}

/// The rectified linear unit, `max(x, 0)`, with the derivative convention `relu'(0) = 0` (as JAX).
/// NaN stays NaN (as in the batch kernels and in NumPy's `maximum`), so a non-finite state is seen
/// as one instead of being silenced to 0.
///
/// - Complexity: O(1); for ``Dual``, O(N) in the chunk width.
@inlinable
@inline(__always)
public func relu<T: DynamicsScalar>(_ x: T) -> T {
    x > 0 || x != x ? x : T.zero
}
