import ComplexModule
import Dynamics

/// A limit cycle in any dimension with every Floquet multiplier known: in coordinates u = Qᵀ·y (Q
/// orthogonal) the first two variables follow the Hopf normal form with rotation speed ω,
/// a' = μa − ωb − a(a² + b²), b' = ωa + μb − b(a² + b²), and the others decay, cₖ' = −λₖ·cₖ.
///
/// Oracle: the cycle is the circle a² + b² = μ in the plane of Q's first two columns, with period
/// T = 2π/ω and multipliers 1, e^(−2μT) and e^(−λₖT). With `reversed` time runs backwards: the same
/// cycle, unstable, with the reciprocal multipliers.
public struct RotatedLimitCycleFlow: ContinuousFlow, Sendable {
    /// μ > 0 (the cycle's radius is √μ).
    public let mu: Double
    /// ω ≠ 0 (the angular speed on the cycle).
    public let omega: Double
    /// λₖ of the decaying variables, n − 2 of them.
    public let decays: [Double]
    /// Q, n × n orthogonal.
    public let rotation: Matrix
    /// Whether time runs backwards (an unstable cycle).
    public let reversed: Bool

    /// The flow for the given constants (see the type).
    public init(mu: Double, omega: Double, decays: [Double], rotation: Matrix, reversed: Bool = false) {
        precondition(rotation.rows == decays.count + 2 && rotation.isSquare, "RotatedLimitCycleFlow: Q must be \(decays.count + 2) square")
        (self.mu, self.omega, self.decays, self.rotation, self.reversed) = (mu, omega, decays, rotation, reversed)
    }

    /// n.
    public var dimension: Int { decays.count + 2 }

    /// The rule (see the type).
    @inlinable public func step<T: DynamicsScalar>(_ y: [T]) -> [T] {
        let n = dimension
        var u = [T](repeating: 0, count: n)
        for k in 0..<n { for i in 0..<n { u[k] += T(rotation[i, k]) * y[i] } }
        let r2 = u[0] * u[0] + u[1] * u[1]
        var du = [T](repeating: 0, count: n)
        du[0] = T(mu) * u[0] - T(omega) * u[1] - u[0] * r2
        du[1] = T(omega) * u[0] + T(mu) * u[1] - u[1] * r2
        for k in 2..<n { du[k] = -T(decays[k - 2]) * u[k] }
        var dy = [T](repeating: 0, count: n)
        for i in 0..<n { for k in 0..<n { dy[i] += T(rotation[i, k]) * du[k] } }
        return reversed ? dy.map { -$0 } : dy
    }

    /// 2π/|ω|.
    public var period: Double { 2 * Double.pi / Swift.abs(omega) }

    /// The nontrivial multipliers, by decreasing modulus: e^(−2μT) and e^(−λₖT) (reciprocals when reversed).
    public var nontrivialMultipliers: [Double] {
        let exponents = [-2 * mu] + decays.map { -$0 }
        return exponents.map { Double.exp((reversed ? -$0 : $0) * period) }.sorted(by: >)
    }

    /// The point of the cycle at angle θ.
    public func point(at angle: Double) -> [Double] {
        let radius = mu.squareRoot()
        return (0..<dimension).map { i in rotation[i, 0] * radius * Double.cos(angle) + rotation[i, 1] * radius * Double.sin(angle) }
    }
}

/// A stable equilibrium inside an unstable cycle inside a stable cycle: in polar coordinates
/// r' = −r(r² − 1)(r² − 4)/4, θ' = 1 (the quarter keeps the radial motion slow enough for RK4 at the
/// mapper's default step out to r = 3).
///
/// Oracle: the origin attracts r < 1, the circle r = 2 (period 2π, nontrivial multiplier e^(−6·2π))
/// attracts r > 1, and the circle r = 1 (multiplier e^(1.5·2π)) is the basin boundary.
public struct NestedCyclesFlow: ContinuousFlow, Sendable {
    /// The system (no parameters).
    public init() {}
    /// 2.
    public var dimension: Int { 2 }
    /// The rule (see the type).
    @inlinable public func step<T: DynamicsScalar>(_ x: [T]) -> [T] {
        let r2 = x[0] * x[0] + x[1] * x[1]
        let radial = -(r2 - 1) * (r2 - 4) / 4
        return [radial * x[0] - x[1], radial * x[1] + x[0]]
    }
}

/// The Bautin (generalised Hopf) normal form in Cartesian coordinates: with r² = x² + y²,
/// x' = β₁x − y + β₂x·r² − x·r⁴, y' = x + β₁y + β₂y·r² − y·r⁴ (polar: r' = r(β₁ + β₂r² − r⁴), θ' = 1).
///
/// Oracle: cycles r² = (β₂ ± √(β₂² + 4β₁))/2, period 2π, the fold of cycles at β₁ = −β₂²/4 (r² = β₂/2);
/// the Hopf point at β₁ = 0 has ℓ₁ = 2β₂ (subcritical for β₂ > 0). Parameters (β₁, β₂).
public struct BautinNormalForm: ParametricFlow, Sendable {
    /// The system (no stored parameters).
    public init() {}
    /// 2.
    public var dimension: Int { 2 }
    /// (β₁, β₂).
    public var parameterCount: Int { 2 }
    /// The rule (see the type).
    @inlinable public func step<T: DynamicsScalar>(_ x: [T], parameters p: [T]) -> [T] {
        let r2 = x[0] * x[0] + x[1] * x[1]
        let radial = p[0] + p[1] * r2 - r2 * r2
        return [radial * x[0] - x[1], x[0] + radial * x[1]]
    }
}

/// The cycle x² + y² = 1 (x' = x − y − x·r², y' = x + y − y·r², period 2π) with a transverse plane u
/// that turns by half a revolution per period: in the frame turning with it v' = diag(λ, −1)·v − |v|²v,
/// so u' = ½J·u + ((λ − 1)/2)·u + ((λ + 1)/2)·[x y; y −x]·u − |u|²u. Parameter λ.
///
/// Oracle: u = 0 on the cycle for every λ; Floquet multipliers 1, e^{−4π} (radial), −e^{2πλ}, −e^{−2π}:
/// a supercritical period doubling exactly at λ = 0. For λ > 0 the doubled cycle has v = (±√λ, 0):
/// period 4π, |u|² = λ, multipliers 1, e^{−8π}, e^{−8πλ}, e^{−4π(1 + λ)}.
public struct MoebiusCycleFlow: ParametricFlow, Sendable {
    /// The system (no stored parameters).
    public init() {}
    /// 4: (x, y, u₁, u₂).
    public var dimension: Int { 4 }
    /// λ.
    public var parameterCount: Int { 1 }
    /// The rule (see the type).
    @inlinable public func step<T: DynamicsScalar>(_ s: [T], parameters p: [T]) -> [T] {
        let (x, y, u1, u2) = (s[0], s[1], s[2], s[3])
        let (mean, half) = ((p[0] - 1) / 2, (p[0] + 1) / 2)
        let transverse = [-u2 / 2 + mean * u1 + half * (x * u1 + y * u2) - (u1 * u1 + u2 * u2) * u1,
                          u1 / 2 + mean * u2 + half * (y * u1 - x * u2) - (u1 * u1 + u2 * u2) * u2]
        return unitCircleCycle(x, y) + transverse
    }
}

/// The cycle x² + y² = 1 of ``MoebiusCycleFlow`` with a transverse plane u' = λ·u + 1.3·J·u. Parameter λ.
///
/// Oracle: multipliers 1, e^{−4π}, e^{2πλ ± 2.6πi}: a Neimark–Sacker point exactly at λ = 0.
public struct TorusCycleFlow: ParametricFlow, Sendable {
    /// The system (no stored parameters).
    public init() {}
    /// 4: (x, y, u₁, u₂).
    public var dimension: Int { 4 }
    /// λ.
    public var parameterCount: Int { 1 }
    /// The rule (see the type).
    @inlinable public func step<T: DynamicsScalar>(_ s: [T], parameters p: [T]) -> [T] {
        let (x, y, u1, u2) = (s[0], s[1], s[2], s[3])
        return unitCircleCycle(x, y) + [p[0] * u1 - T(1.3) * u2, T(1.3) * u1 + p[0] * u2]
    }
}

/// The cycle x² + y² = 1 of ``MoebiusCycleFlow`` with a transverse plane u' = [[0.2, 1], [λ, 0.2]]·u.
/// Parameter λ.
///
/// Oracle: multipliers 1, e^{−4π} and e^{2π(0.2 ± √λ)}: for λ < 0 a complex pair of modulus e^{0.4π}
/// outside the unit circle, meeting on the positive real axis at λ = 0 and parting into two real ones,
/// both outside until λ = 0.04. No multiplier crosses the unit circle for λ < 0.04: no bifurcation, though
/// the number of complex multipliers outside it changes at λ = 0.
public struct MeetingMultipliersCycleFlow: ParametricFlow, Sendable {
    /// The system (no stored parameters).
    public init() {}
    /// 4: (x, y, u₁, u₂).
    public var dimension: Int { 4 }
    /// λ.
    public var parameterCount: Int { 1 }
    /// The rule (see the type).
    @inlinable public func step<T: DynamicsScalar>(_ s: [T], parameters p: [T]) -> [T] {
        let (x, y, u1, u2) = (s[0], s[1], s[2], s[3])
        return unitCircleCycle(x, y) + [T(0.2) * u1 + u2, p[0] * u1 + T(0.2) * u2]
    }
}

/// (x − y − x·r², x + y − y·r²): the planar flow whose cycle is the unit circle, period 2π, radial
/// exponent −2; the base of ``MoebiusCycleFlow``, ``TorusCycleFlow`` and ``MeetingMultipliersCycleFlow``.
@inlinable
func unitCircleCycle<T: DynamicsScalar>(_ x: T, _ y: T) -> [T] {
    let r2 = x * x + y * y
    return [x - y - x * r2, x + y - y * r2]
}
