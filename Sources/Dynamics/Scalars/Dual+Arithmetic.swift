// Arithmetic on dual numbers: the sum, product and quotient rules, written once.

extension Dual: AdditiveArithmetic {
    /// The constant zero.
    @inlinable public static var zero: Dual { Dual(0) }

    /// (a + b)' = a' + b'
    @inlinable @inline(__always)
    public static func + (lhs: Dual, rhs: Dual) -> Dual {
        var result = lhs
        result.value += rhs.value
        for k in 0..<N { result.partials[k] += rhs.partials[k] }
        return result
    }

    /// (a − b)' = a' − b'
    @inlinable @inline(__always)
    public static func - (lhs: Dual, rhs: Dual) -> Dual {
        var result = lhs
        result.value -= rhs.value
        for k in 0..<N { result.partials[k] -= rhs.partials[k] }
        return result
    }

    /// In-place sum.
    @inlinable @inline(__always)
    public static func += (lhs: inout Dual, rhs: Dual) {
        lhs.value += rhs.value
        for k in 0..<N { lhs.partials[k] += rhs.partials[k] }
    }

    /// In-place difference.
    @inlinable @inline(__always)
    public static func -= (lhs: inout Dual, rhs: Dual) {
        lhs.value -= rhs.value
        for k in 0..<N { lhs.partials[k] -= rhs.partials[k] }
    }
}

extension Dual: Numeric, SignedNumeric {
    /// Integer literals are Int (the constructors are shared: ``DynamicsScalar/init(integerLiteral:)``).
    public typealias IntegerLiteralType = Int

    /// |a|, with |a|' = sign(a)·a' and sign(0) = 0 (so abs'(0) = 0).
    @inlinable
    public var magnitude: Dual {
        if value > 0 { return self }
        if value < 0 { return -self }
        return Dual(0)
    }

    /// (a·b)' = a'·b + a·b'
    @inlinable @inline(__always)
    public static func * (lhs: Dual, rhs: Dual) -> Dual {
        var result = Dual(value: lhs.value * rhs.value, partials: lhs.partials)
        for k in 0..<N { result.partials[k] = lhs.partials[k] * rhs.value + lhs.value * rhs.partials[k] }
        return result
    }

    /// In-place product.
    @inlinable @inline(__always)
    public static func *= (lhs: inout Dual, rhs: Dual) { lhs = lhs * rhs }

    /// (−a)' = −a'
    @inlinable @inline(__always)
    public static prefix func - (operand: Dual) -> Dual {
        operand.chained(value: -operand.value, derivative: -1)
    }
}

extension Dual {
    /// (a/b)' = (a' − (a/b)·b') / b
    @inlinable @inline(__always)
    public static func / (lhs: Dual, rhs: Dual) -> Dual {
        let quotient = lhs.value / rhs.value
        let reciprocal = 1 / rhs.value
        var result = Dual(value: quotient, partials: lhs.partials)
        for k in 0..<N { result.partials[k] = (lhs.partials[k] - quotient * rhs.partials[k]) * reciprocal }
        return result
    }

    /// In-place quotient.
    @inlinable @inline(__always)
    public static func /= (lhs: inout Dual, rhs: Dual) { lhs = lhs / rhs }
}

extension Dual: Equatable, Comparable {
    /// Compares primal values only, so branches in a model follow the primal computation.
    @inlinable public static func == (lhs: Dual, rhs: Dual) -> Bool { lhs.value == rhs.value }

    /// Orders by primal value.
    @inlinable public static func < (lhs: Dual, rhs: Dual) -> Bool { lhs.value < rhs.value }
}

extension Dual: ExpressibleByFloatLiteral {
    /// A constant from a float literal.
    @inlinable public init(floatLiteral value: Double) { self.init(value) }
}

extension Dual: DynamicsScalar {
    /// The value without its partials.
    @inlinable public var primalValue: Double { value }
}
