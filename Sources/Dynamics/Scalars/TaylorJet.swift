/// A truncated Taylor series in one variable t, u(t) = c₀ + c₁t + c₂t² + c₃t³: evaluating a model's
/// generic `step` on x + t·v gives the directional derivatives f(x), Df·v, D²f(v, v)/2 and
/// D³f(v, v, v)/6 exactly, which a dual number (first order only) cannot. The normal-form coefficients
/// of bifurcations (the first Lyapunov coefficient of a Hopf point) are made of these.
///
/// ```swift
/// let jets = (0..<n).map { TaylorJet(x[$0], direction: v[$0]) }
/// let thirds = system.step(jets).map { 6 * $0.coefficients.3 }   // D³f(x)(v, v, v)
/// ```
///
/// Products are Cauchy products cut at t³; each elementary function g is applied through its
/// differential equation (g(u))' = g'(u)·u', whose coefficients follow order by order, so the rules
/// are only the first derivatives.
///
/// - Complexity: a product costs 10 multiplications; an elementary function a few of those and one
///   libm call.
@frozen
public struct TaylorJet: Sendable {
    /// c₀, c₁, c₂, c₃.
    public var coefficients: (Double, Double, Double, Double)

    /// A series from its coefficients.
    @inlinable @inline(__always)
    public init(_ c0: Double, _ c1: Double, _ c2: Double, _ c3: Double) { coefficients = (c0, c1, c2, c3) }

    /// The constant `value`.
    @inlinable @inline(__always)
    public init(_ value: Double) { self.init(value, 0, 0, 0) }

    /// value + direction·t: a coordinate of the line x + t·v.
    @inlinable @inline(__always)
    public init(_ value: Double, direction: Double) { self.init(value, direction, 0, 0) }

    /// Coefficient k (0...3).
    @inlinable
    subscript(k: Int) -> Double {
        get {
            switch k {
            case 0: return coefficients.0
            case 1: return coefficients.1
            case 2: return coefficients.2
            default: return coefficients.3
            }
        }
        set {
            switch k {
            case 0: coefficients.0 = newValue
            case 1: coefficients.1 = newValue
            case 2: coefficients.2 = newValue
            default: coefficients.3 = newValue
            }
        }
    }

    /// g(u) for the function g with g(u₀) = `value` whose derivative, as a series, is
    /// `derivative(v)` given the series v = g(u) known below the order being computed:
    /// k·v_k = Σ_{j=1…k} j·u_j·w_{k−j} with w = g'(u).
    @inlinable
    func applying(value: Double, derivative: (TaylorJet) -> TaylorJet) -> TaylorJet {
        var result = TaylorJet(value)
        for k in 1...3 {
            let w = derivative(result)
            var sum = 0.0
            for j in 1...k { sum += Double(j) * self[j] * w[k - j] }
            result[k] = sum / Double(k)
        }
        return result
    }
}

extension TaylorJet: AdditiveArithmetic {
    /// 0.
    @inlinable public static var zero: TaylorJet { TaylorJet(0) }

    /// Coefficient by coefficient.
    @inlinable @inline(__always)
    public static func + (lhs: TaylorJet, rhs: TaylorJet) -> TaylorJet {
        TaylorJet(lhs.coefficients.0 + rhs.coefficients.0, lhs.coefficients.1 + rhs.coefficients.1,
                  lhs.coefficients.2 + rhs.coefficients.2, lhs.coefficients.3 + rhs.coefficients.3)
    }

    /// Coefficient by coefficient.
    @inlinable @inline(__always)
    public static func - (lhs: TaylorJet, rhs: TaylorJet) -> TaylorJet {
        TaylorJet(lhs.coefficients.0 - rhs.coefficients.0, lhs.coefficients.1 - rhs.coefficients.1,
                  lhs.coefficients.2 - rhs.coefficients.2, lhs.coefficients.3 - rhs.coefficients.3)
    }
}

extension TaylorJet: Numeric, SignedNumeric {
    /// Integer literals are Int (the constructors are shared: ``DynamicsScalar/init(integerLiteral:)``).
    public typealias IntegerLiteralType = Int

    /// |u|, by the sign of c₀ (0 at 0).
    @inlinable
    public var magnitude: TaylorJet {
        if coefficients.0 > 0 { return self }
        if coefficients.0 < 0 { return -self }
        return TaylorJet(0)
    }

    /// The Cauchy product cut at t³.
    @inlinable @inline(__always)
    public static func * (lhs: TaylorJet, rhs: TaylorJet) -> TaylorJet {
        let (a, b) = (lhs.coefficients, rhs.coefficients)
        return TaylorJet(a.0 * b.0, a.0 * b.1 + a.1 * b.0, a.0 * b.2 + a.1 * b.1 + a.2 * b.0, a.0 * b.3 + a.1 * b.2 + a.2 * b.1 + a.3 * b.0)
    }

    /// lhs = lhs·rhs.
    @inlinable @inline(__always)
    public static func *= (lhs: inout TaylorJet, rhs: TaylorJet) { lhs = lhs * rhs }

    /// −u.
    @inlinable @inline(__always)
    public static prefix func - (operand: TaylorJet) -> TaylorJet {
        let c = operand.coefficients
        return TaylorJet(-c.0, -c.1, -c.2, -c.3)
    }
}

extension TaylorJet {
    /// q = lhs/rhs from q·rhs = lhs: q_k = (lhs_k − Σ_{j=1…k} rhs_j·q_{k−j}) / rhs₀.
    @inlinable
    public static func / (lhs: TaylorJet, rhs: TaylorJet) -> TaylorJet {
        var q = TaylorJet(0)
        for k in 0...3 {
            var sum = lhs[k]
            for j in Swift.stride(from: 1, through: k, by: 1) { sum -= rhs[j] * q[k - j] }
            q[k] = sum / rhs[0]
        }
        return q
    }

    /// lhs = lhs/rhs.
    @inlinable public static func /= (lhs: inout TaylorJet, rhs: TaylorJet) { lhs = lhs / rhs }
}

extension TaylorJet: Equatable, Comparable {
    /// Compares the values c₀ (branches in a model follow its value, as for ``Dual``).
    @inlinable public static func < (lhs: TaylorJet, rhs: TaylorJet) -> Bool { lhs.coefficients.0 < rhs.coefficients.0 }

    /// Equal values c₀ (the comparison models branch on).
    @inlinable public static func == (lhs: TaylorJet, rhs: TaylorJet) -> Bool { lhs.coefficients.0 == rhs.coefficients.0 }
}

extension TaylorJet: ExpressibleByFloatLiteral {
    /// The constant.
    @inlinable public init(floatLiteral value: Double) { self.init(value) }
}

extension TaylorJet: DynamicsScalar {
    /// c₀.
    @inlinable public var primalValue: Double { coefficients.0 }
}
