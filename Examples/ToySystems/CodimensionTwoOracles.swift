import Dynamics

/// The cusp normal form x' = β₁ + β₂x − x³, parameters (β₁, β₂).
///
/// Oracle: folds where β₂ = 3x² and β₁ = −2x³, i.e. on 27β₁² = 4β₂³ (β₂ ≥ 0); the cusp, where the fold's
/// quadratic coefficient −3x vanishes, at the origin.
public struct CuspNormalForm: ParametricFlow, Sendable {
    /// The system (no stored parameters).
    public init() {}
    /// 1.
    public var dimension: Int { 1 }
    /// (β₁, β₂).
    public var parameterCount: Int { 2 }
    /// The rule (see the type).
    @inlinable public func step<T: DynamicsScalar>(_ x: [T], parameters p: [T]) -> [T] { [p[0] + p[1] * x[0] - x[0] * x[0] * x[0]] }
}

/// The Bogdanov–Takens normal form x' = y, y' = β₁ + β₂x + x² − xy, parameters (β₁, β₂).
///
/// Oracle: equilibria (x, 0) with x² + β₂x + β₁ = 0; folds on β₁ = β₂²/4 (x = −β₂/2); Hopf points (trace
/// −x = 0) on β₁ = 0 with β₂ < 0, ω² = −β₂ (for β₂ > 0 the same curve carries neutral saddles); the
/// Bogdanov–Takens point at the origin, where both curves meet.
public struct BogdanovTakensNormalForm: ParametricFlow, Sendable {
    /// The system (no stored parameters).
    public init() {}
    /// 2.
    public var dimension: Int { 2 }
    /// (β₁, β₂).
    public var parameterCount: Int { 2 }
    /// The rule (see the type).
    @inlinable public func step<T: DynamicsScalar>(_ x: [T], parameters p: [T]) -> [T] {
        [x[1], p[0] + p[1] * x[0] + x[0] * x[0] - x[0] * x[1]]
    }
}

/// A fold and a Hopf bifurcation meeting in a zero-Hopf point: u' = β₁ + u², and a focus in (y, z)
/// whose real part is β₂ + u: y' = (β₂ + u)y − z − y(y² + z²), z' = y + (β₂ + u)z − z(y² + z²).
/// Parameters (β₁, β₂).
///
/// Oracle: equilibria u = ±√−β₁, y = z = 0, eigenvalues 2u and β₂ + u ± i; folds on β₁ = 0 (u = 0);
/// Hopf points on β₂ = −u, i.e. β₁ = −β₂², ω = 1; the zero-Hopf point at the origin.
public struct ZeroHopfFamily: ParametricFlow, Sendable {
    /// The system (no stored parameters).
    public init() {}
    /// 3.
    public var dimension: Int { 3 }
    /// (β₁, β₂).
    public var parameterCount: Int { 2 }
    /// The rule (see the type).
    @inlinable public func step<T: DynamicsScalar>(_ x: [T], parameters p: [T]) -> [T] {
        let (u, y, z) = (x[0], x[1], x[2])
        let (rate, r2) = (p[1] + u, y * y + z * z)
        return [p[0] + u * u, rate * y - z - y * r2, y + rate * z - z * r2]
    }
}

/// Two foci with frequencies 1 and √2 at the equilibrium 0, real parts β₁ and β₂ + β₁², coupled
/// through their amplitudes. Parameters (β₁, β₂).
///
/// Oracle: Hopf points on β₁ = 0 (the first pair) and on β₂ = −β₁² (the second pair); both at once,
/// a Hopf–Hopf point, at the origin.
public struct HopfHopfFamily: ParametricFlow, Sendable {
    /// The system (no stored parameters).
    public init() {}
    /// 4.
    public var dimension: Int { 4 }
    /// (β₁, β₂).
    public var parameterCount: Int { 2 }
    /// The rule (see the type).
    @inlinable public func step<T: DynamicsScalar>(_ x: [T], parameters p: [T]) -> [T] {
        let (r1, r2) = (x[0] * x[0] + x[1] * x[1], x[2] * x[2] + x[3] * x[3])
        let omega = T(2.0.squareRoot())
        let mu1 = p[0] - r1 + 2 * r2, mu2 = p[1] + p[0] * p[0] + r1 - r2
        return [mu1 * x[0] - x[1], x[0] + mu1 * x[1], mu2 * x[2] - omega * x[3], omega * x[2] + mu2 * x[3]]
    }
}

/// A fold and a period doubling of a map meeting in a fold–flip point: x' = x + β₁ + x², and
/// y' = −(1 + β₂ + x)y + y³. Parameters (β₁, β₂).
///
/// Oracle: fixed points x = ±√−β₁, y = 0, multipliers 1 + 2x and −(1 + β₂ + x); folds on β₁ = 0;
/// period doublings on β₂ = −x, i.e. β₁ = −β₂²; the fold–flip point at the origin.
public struct FoldFlipMap: ParametricMap, Sendable {
    /// The system (no stored parameters).
    public init() {}
    /// 2.
    public var dimension: Int { 2 }
    /// (β₁, β₂).
    public var parameterCount: Int { 2 }
    /// The rule (see the type).
    @inlinable public func step<T: DynamicsScalar>(_ x: [T], parameters p: [T]) -> [T] {
        [x[0] + p[0] + x[0] * x[0], -(1 + p[1] + x[0]) * x[1] + x[1] * x[1] * x[1]]
    }
}
