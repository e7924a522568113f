import RealModule

// Each rule is f(a)' = f'(a)·a', applied through `chained(value:derivative:)`; the formula for
// f' stands beside each function.
extension Dual: ElementaryFunctions {
    /// exp' = exp
    @inlinable public static func exp(_ x: Dual) -> Dual {
        let e = Double.exp(x.value)
        return x.chained(value: e, derivative: e)
    }

    /// (eˣ − 1)' = eˣ
    @inlinable public static func expMinusOne(_ x: Dual) -> Dual {
        x.chained(value: Double.expMinusOne(x.value), derivative: Double.exp(x.value))
    }

    /// cosh' = sinh
    @inlinable public static func cosh(_ x: Dual) -> Dual {
        x.chained(value: Double.cosh(x.value), derivative: Double.sinh(x.value))
    }

    /// sinh' = cosh
    @inlinable public static func sinh(_ x: Dual) -> Dual {
        x.chained(value: Double.sinh(x.value), derivative: Double.cosh(x.value))
    }

    /// tanh' = 1 − tanh²
    @inlinable public static func tanh(_ x: Dual) -> Dual {
        let t = Double.tanh(x.value)
        return x.chained(value: t, derivative: 1 - t * t)
    }

    /// cos' = −sin
    @inlinable public static func cos(_ x: Dual) -> Dual {
        x.chained(value: Double.cos(x.value), derivative: -Double.sin(x.value))
    }

    /// sin' = cos
    @inlinable public static func sin(_ x: Dual) -> Dual {
        x.chained(value: Double.sin(x.value), derivative: Double.cos(x.value))
    }

    /// tan' = 1 + tan²
    @inlinable public static func tan(_ x: Dual) -> Dual {
        let t = Double.tan(x.value)
        return x.chained(value: t, derivative: 1 + t * t)
    }

    /// log' = 1/x
    @inlinable public static func log(_ x: Dual) -> Dual {
        x.chained(value: Double.log(x.value), derivative: 1 / x.value)
    }

    /// log(1 + x)' = 1/(1 + x)
    @inlinable public static func log(onePlus x: Dual) -> Dual {
        x.chained(value: Double.log(onePlus: x.value), derivative: 1 / (1 + x.value))
    }

    /// acosh' = 1/√(x² − 1)
    @inlinable public static func acosh(_ x: Dual) -> Dual {
        x.chained(value: Double.acosh(x.value), derivative: 1 / Double.sqrt(x.value * x.value - 1))
    }

    /// asinh' = 1/√(x² + 1)
    @inlinable public static func asinh(_ x: Dual) -> Dual {
        x.chained(value: Double.asinh(x.value), derivative: 1 / Double.sqrt(x.value * x.value + 1))
    }

    /// atanh' = 1/(1 − x²)
    @inlinable public static func atanh(_ x: Dual) -> Dual {
        x.chained(value: Double.atanh(x.value), derivative: 1 / (1 - x.value * x.value))
    }

    /// acos' = −1/√(1 − x²)
    @inlinable public static func acos(_ x: Dual) -> Dual {
        x.chained(value: Double.acos(x.value), derivative: -1 / Double.sqrt(1 - x.value * x.value))
    }

    /// asin' = 1/√(1 − x²)
    @inlinable public static func asin(_ x: Dual) -> Dual {
        x.chained(value: Double.asin(x.value), derivative: 1 / Double.sqrt(1 - x.value * x.value))
    }

    /// atan' = 1/(1 + x²)
    @inlinable public static func atan(_ x: Dual) -> Dual {
        x.chained(value: Double.atan(x.value), derivative: 1 / (1 + x.value * x.value))
    }

    /// (xʸ)' = y·xʸ⁻¹·x' + xʸ·log(x)·y'. Defined like swift-numerics' `pow(x, y)` = exp(y·log x), so
    /// for x < 0 the value is NaN; at x = 0 the y-term is taken as 0 (its limit for y > 0).
    @inlinable public static func pow(_ x: Dual, _ y: Dual) -> Dual {
        let value = Double.pow(x.value, y.value)
        let dx = y.value * Double.pow(x.value, y.value - 1)
        let dy = x.value > 0 ? value * Double.log(x.value) : 0
        var result = Dual(value: value, partials: x.partials)
        for k in 0..<N { result.partials[k] = dx * x.partials[k] + dy * y.partials[k] }
        return result
    }

    /// (xⁿ)' = n·xⁿ⁻¹
    @inlinable public static func pow(_ x: Dual, _ n: Int) -> Dual {
        let derivative = n == 0 ? 0 : Double(n) * Double.pow(x.value, n - 1)
        return x.chained(value: Double.pow(x.value, n), derivative: derivative)
    }

    /// √x' = 1/(2√x)
    @inlinable public static func sqrt(_ x: Dual) -> Dual {
        let s = Double.sqrt(x.value)
        return x.chained(value: s, derivative: 1 / (2 * s))
    }

    /// (x^(1/n))' = x^(1/n) / (n·x)
    @inlinable public static func root(_ x: Dual, _ n: Int) -> Dual {
        let r = Double.root(x.value, n)
        return x.chained(value: r, derivative: r / (Double(n) * x.value))
    }
}
