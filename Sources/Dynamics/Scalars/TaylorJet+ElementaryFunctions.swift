import RealModule

// Each function through its differential equation (see `applying(value:derivative:)`): the derivative
// as a series, from the input u or the output v. Pairs (sin, cos), (sinh, cosh) are advanced together.
extension TaylorJet: ElementaryFunctions {
    /// exp' = exp.
    @inlinable public static func exp(_ u: TaylorJet) -> TaylorJet { u.applying(value: Double.exp(u[0])) { $0 } }

    /// (eᵘ − 1)' = eᵘ.
    @inlinable public static func expMinusOne(_ u: TaylorJet) -> TaylorJet { u.applying(value: Double.expMinusOne(u[0])) { $0 + 1 } }

    /// cosh' = sinh.
    @inlinable public static func cosh(_ u: TaylorJet) -> TaylorJet { u.hyperbolicPair().cosh }

    /// sinh' = cosh.
    @inlinable public static func sinh(_ u: TaylorJet) -> TaylorJet { u.hyperbolicPair().sinh }

    /// tanh' = 1 − tanh².
    @inlinable public static func tanh(_ u: TaylorJet) -> TaylorJet { u.applying(value: Double.tanh(u[0])) { 1 - $0 * $0 } }

    /// cos' = −sin.
    @inlinable public static func cos(_ u: TaylorJet) -> TaylorJet { u.trigonometricPair().cos }

    /// sin' = cos.
    @inlinable public static func sin(_ u: TaylorJet) -> TaylorJet { u.trigonometricPair().sin }

    /// tan' = 1 + tan².
    @inlinable public static func tan(_ u: TaylorJet) -> TaylorJet { u.applying(value: Double.tan(u[0])) { 1 + $0 * $0 } }

    /// log' = 1/u.
    @inlinable public static func log(_ u: TaylorJet) -> TaylorJet {
        let derivative = 1 / u
        return u.applying(value: Double.log(u[0])) { _ in derivative }
    }

    /// log(1 + u)' = 1/(1 + u).
    @inlinable public static func log(onePlus u: TaylorJet) -> TaylorJet {
        let derivative = 1 / (1 + u)
        return u.applying(value: Double.log(onePlus: u[0])) { _ in derivative }
    }

    /// acosh' = 1/√(u² − 1).
    @inlinable public static func acosh(_ u: TaylorJet) -> TaylorJet {
        let derivative = 1 / sqrt(u * u - 1)
        return u.applying(value: Double.acosh(u[0])) { _ in derivative }
    }

    /// asinh' = 1/√(u² + 1).
    @inlinable public static func asinh(_ u: TaylorJet) -> TaylorJet {
        let derivative = 1 / sqrt(u * u + 1)
        return u.applying(value: Double.asinh(u[0])) { _ in derivative }
    }

    /// atanh' = 1/(1 − u²).
    @inlinable public static func atanh(_ u: TaylorJet) -> TaylorJet {
        let derivative = 1 / (1 - u * u)
        return u.applying(value: Double.atanh(u[0])) { _ in derivative }
    }

    /// acos' = −1/√(1 − u²).
    @inlinable public static func acos(_ u: TaylorJet) -> TaylorJet {
        let derivative = -1 / sqrt(1 - u * u)
        return u.applying(value: Double.acos(u[0])) { _ in derivative }
    }

    /// asin' = 1/√(1 − u²).
    @inlinable public static func asin(_ u: TaylorJet) -> TaylorJet {
        let derivative = 1 / sqrt(1 - u * u)
        return u.applying(value: Double.asin(u[0])) { _ in derivative }
    }

    /// atan' = 1/(1 + u²).
    @inlinable public static func atan(_ u: TaylorJet) -> TaylorJet {
        let derivative = 1 / (1 + u * u)
        return u.applying(value: Double.atan(u[0])) { _ in derivative }
    }

    /// √u' = 1/(2√u).
    @inlinable public static func sqrt(_ u: TaylorJet) -> TaylorJet { u.applying(value: Double.sqrt(u[0])) { 1 / (2 * $0) } }

    /// (u^(1/n))' = u^(1/n)/(n·u).
    @inlinable public static func root(_ u: TaylorJet, _ n: Int) -> TaylorJet {
        let scaled = Double(n) * u
        return u.applying(value: Double.root(u[0], n)) { $0 / scaled }
    }

    /// uⁿ by repeated squaring (exact for any sign of u); 1/u⁻ⁿ for negative n.
    @inlinable public static func pow(_ u: TaylorJet, _ n: Int) -> TaylorJet {
        var (result, base, exponent) = (TaylorJet(1), u, n.magnitude)
        while exponent > 0 {
            if exponent & 1 == 1 { result *= base }
            base *= base
            exponent >>= 1
        }
        return n < 0 ? 1 / result : result
    }

    /// uᵛ = exp(v·log u), as swift-numerics defines it (NaN for u < 0).
    @inlinable public static func pow(_ u: TaylorJet, _ v: TaylorJet) -> TaylorJet { exp(v * log(u)) }

    /// (sin u, cos u) together: s' = c·u', c' = −s·u'.
    @inlinable
    func trigonometricPair() -> (sin: TaylorJet, cos: TaylorJet) {
        var (s, c) = (TaylorJet(Double.sin(self[0])), TaylorJet(Double.cos(self[0])))
        for k in 1...3 {
            var (sinSum, cosSum) = (0.0, 0.0)
            for j in 1...k {
                sinSum += Double(j) * self[j] * c[k - j]
                cosSum -= Double(j) * self[j] * s[k - j]
            }
            (s[k], c[k]) = (sinSum / Double(k), cosSum / Double(k))
        }
        return (s, c)
    }

    /// (sinh u, cosh u) together: s' = c·u', c' = s·u'.
    @inlinable
    func hyperbolicPair() -> (sinh: TaylorJet, cosh: TaylorJet) {
        var (s, c) = (TaylorJet(Double.sinh(self[0])), TaylorJet(Double.cosh(self[0])))
        for k in 1...3 {
            var (sinhSum, coshSum) = (0.0, 0.0)
            for j in 1...k {
                sinhSum += Double(j) * self[j] * c[k - j]
                coshSum += Double(j) * self[j] * s[k - j]
            }
            (s[k], c[k]) = (sinhSum / Double(k), coshSum / Double(k))
        }
        return (s, c)
    }
}

/// Scalar times series, for the rules above.
@inlinable @inline(__always)
func * (lhs: Double, rhs: TaylorJet) -> TaylorJet { TaylorJet(lhs) * rhs }
