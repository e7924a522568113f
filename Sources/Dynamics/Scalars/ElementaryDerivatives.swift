import RealModule

/// The derivative rules of the elementary functions, written once: each returns f(x) and f'(x), and
/// every derivative scalar (``Dual``, ``TapeScalar``) applies the chain rule to them.
///
/// - Complexity: one or two libm calls each.
@usableFromInline
enum ElementaryDerivatives {
    /// exp' = exp
    @inlinable static func exp(_ x: Double) -> (Double, Double) {
        let e = Double.exp(x)
        return (e, e)
    }

    /// (eˣ − 1)' = eˣ
    @inlinable static func expMinusOne(_ x: Double) -> (Double, Double) { (Double.expMinusOne(x), Double.exp(x)) }

    /// cosh' = sinh
    @inlinable static func cosh(_ x: Double) -> (Double, Double) { (Double.cosh(x), Double.sinh(x)) }

    /// sinh' = cosh
    @inlinable static func sinh(_ x: Double) -> (Double, Double) { (Double.sinh(x), Double.cosh(x)) }

    /// tanh' = 1 − tanh²
    @inlinable static func tanh(_ x: Double) -> (Double, Double) {
        let t = Double.tanh(x)
        return (t, 1 - t * t)
    }

    /// cos' = −sin
    @inlinable static func cos(_ x: Double) -> (Double, Double) { (Double.cos(x), -Double.sin(x)) }

    /// sin' = cos
    @inlinable static func sin(_ x: Double) -> (Double, Double) { (Double.sin(x), Double.cos(x)) }

    /// tan' = 1 + tan²
    @inlinable static func tan(_ x: Double) -> (Double, Double) {
        let t = Double.tan(x)
        return (t, 1 + t * t)
    }

    /// log' = 1/x
    @inlinable static func log(_ x: Double) -> (Double, Double) { (Double.log(x), 1 / x) }

    /// log(1 + x)' = 1/(1 + x)
    @inlinable static func log(onePlus x: Double) -> (Double, Double) { (Double.log(onePlus: x), 1 / (1 + x)) }

    /// acosh' = 1/√(x² − 1)
    @inlinable static func acosh(_ x: Double) -> (Double, Double) { (Double.acosh(x), 1 / Double.sqrt(x * x - 1)) }

    /// asinh' = 1/√(x² + 1)
    @inlinable static func asinh(_ x: Double) -> (Double, Double) { (Double.asinh(x), 1 / Double.sqrt(x * x + 1)) }

    /// atanh' = 1/(1 − x²)
    @inlinable static func atanh(_ x: Double) -> (Double, Double) { (Double.atanh(x), 1 / (1 - x * x)) }

    /// acos' = −1/√(1 − x²)
    @inlinable static func acos(_ x: Double) -> (Double, Double) { (Double.acos(x), -1 / Double.sqrt(1 - x * x)) }

    /// asin' = 1/√(1 − x²)
    @inlinable static func asin(_ x: Double) -> (Double, Double) { (Double.asin(x), 1 / Double.sqrt(1 - x * x)) }

    /// atan' = 1/(1 + x²)
    @inlinable static func atan(_ x: Double) -> (Double, Double) { (Double.atan(x), 1 / (1 + x * x)) }

    /// (xⁿ)' = n·xⁿ⁻¹
    @inlinable static func pow(_ x: Double, _ n: Int) -> (Double, Double) {
        (Double.pow(x, n), n == 0 ? 0 : Double(n) * Double.pow(x, n - 1))
    }

    /// √x' = 1/(2√x)
    @inlinable static func sqrt(_ x: Double) -> (Double, Double) {
        let s = Double.sqrt(x)
        return (s, 1 / (2 * s))
    }

    /// (x^(1/n))' = x^(1/n) / (n·x)
    @inlinable static func root(_ x: Double, _ n: Int) -> (Double, Double) {
        let r = Double.root(x, n)
        return (r, r / (Double(n) * x))
    }

    /// xʸ and its two partials: ∂/∂x = y·xʸ⁻¹, ∂/∂y = xʸ·log(x). Defined like swift-numerics'
    /// `pow(x, y)` = exp(y·log x), so for x < 0 the value is NaN; at x = 0 the y-partial is taken as 0
    /// (its limit for y > 0).
    @inlinable static func pow(_ x: Double, _ y: Double) -> (value: Double, dx: Double, dy: Double) {
        let value = Double.pow(x, y)
        return (value, y * Double.pow(x, y - 1), x > 0 ? value * Double.log(x) : 0)
    }
}
