import RealModule

// Each rule is f(a)' = f'(a)·a', applied through `chained(_:)` to the (f, f') pairs of
// ``ElementaryDerivatives``, where the formulas stand.
extension Dual: ElementaryFunctions {
    /// See ``ElementaryDerivatives``.
    @inlinable public static func exp(_ x: Dual) -> Dual { x.chained(ElementaryDerivatives.exp(x.value)) }

    /// See ``ElementaryDerivatives``.
    @inlinable public static func expMinusOne(_ x: Dual) -> Dual { x.chained(ElementaryDerivatives.expMinusOne(x.value)) }

    /// See ``ElementaryDerivatives``.
    @inlinable public static func cosh(_ x: Dual) -> Dual { x.chained(ElementaryDerivatives.cosh(x.value)) }

    /// See ``ElementaryDerivatives``.
    @inlinable public static func sinh(_ x: Dual) -> Dual { x.chained(ElementaryDerivatives.sinh(x.value)) }

    /// See ``ElementaryDerivatives``.
    @inlinable public static func tanh(_ x: Dual) -> Dual { x.chained(ElementaryDerivatives.tanh(x.value)) }

    /// See ``ElementaryDerivatives``.
    @inlinable public static func cos(_ x: Dual) -> Dual { x.chained(ElementaryDerivatives.cos(x.value)) }

    /// See ``ElementaryDerivatives``.
    @inlinable public static func sin(_ x: Dual) -> Dual { x.chained(ElementaryDerivatives.sin(x.value)) }

    /// See ``ElementaryDerivatives``.
    @inlinable public static func tan(_ x: Dual) -> Dual { x.chained(ElementaryDerivatives.tan(x.value)) }

    /// See ``ElementaryDerivatives``.
    @inlinable public static func log(_ x: Dual) -> Dual { x.chained(ElementaryDerivatives.log(x.value)) }

    /// See ``ElementaryDerivatives``.
    @inlinable public static func acosh(_ x: Dual) -> Dual { x.chained(ElementaryDerivatives.acosh(x.value)) }

    /// See ``ElementaryDerivatives``.
    @inlinable public static func asinh(_ x: Dual) -> Dual { x.chained(ElementaryDerivatives.asinh(x.value)) }

    /// See ``ElementaryDerivatives``.
    @inlinable public static func atanh(_ x: Dual) -> Dual { x.chained(ElementaryDerivatives.atanh(x.value)) }

    /// See ``ElementaryDerivatives``.
    @inlinable public static func acos(_ x: Dual) -> Dual { x.chained(ElementaryDerivatives.acos(x.value)) }

    /// See ``ElementaryDerivatives``.
    @inlinable public static func asin(_ x: Dual) -> Dual { x.chained(ElementaryDerivatives.asin(x.value)) }

    /// See ``ElementaryDerivatives``.
    @inlinable public static func atan(_ x: Dual) -> Dual { x.chained(ElementaryDerivatives.atan(x.value)) }

    /// See ``ElementaryDerivatives``.
    @inlinable public static func sqrt(_ x: Dual) -> Dual { x.chained(ElementaryDerivatives.sqrt(x.value)) }

    /// See ``ElementaryDerivatives``.
    @inlinable public static func log(onePlus x: Dual) -> Dual { x.chained(ElementaryDerivatives.log(onePlus: x.value)) }

    /// See ``ElementaryDerivatives``.
    @inlinable public static func pow(_ x: Dual, _ n: Int) -> Dual { x.chained(ElementaryDerivatives.pow(x.value, n)) }

    /// See ``ElementaryDerivatives``.
    @inlinable public static func root(_ x: Dual, _ n: Int) -> Dual { x.chained(ElementaryDerivatives.root(x.value, n)) }

    /// (xʸ)' = y·xʸ⁻¹·x' + xʸ·log(x)·y' (see ``ElementaryDerivatives/pow(_:_:)-(Double,Double)``).
    @inlinable public static func pow(_ x: Dual, _ y: Dual) -> Dual {
        let (value, dx, dy) = ElementaryDerivatives.pow(x.value, y.value)
        var result = Dual(value: value, partials: x.partials)
        for k in 0..<N { result.partials[k] = dx * x.partials[k] + dy * y.partials[k] }
        return result
    }
}
