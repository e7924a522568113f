import Dynamics

/// The Morris–Lecar neuron with the applied current I as its parameter:
///
///     C·dV/dt = I − g_L(V − V_L) − g_Ca·m∞(V)·(V − V_Ca) − g_K·w·(V − V_K)
///     dw/dt = φ·(w∞(V) − w)·cosh((V − V₃)/(2V₄))
///     m∞ = (1 + tanh((V − V₁)/V₂))/2,   w∞ = (1 + tanh((V − V₃)/V₄))/2
///
/// Defaults are Rinzel and Ermentrout's Hopf set (C = 20, g_L = 2, V_L = −60, g_Ca = 4.4,
/// V_Ca = 120, g_K = 8, V_K = −84, V₁ = −1.2, V₂ = 18, V₃ = 2, V₄ = 30, φ = 0.04): at rest for small I,
/// oscillating past a Hopf bifurcation near I ≈ 90.
public struct MorrisLecar: ParametricFlow, Sendable {
    /// Capacitance, and the leak, calcium and potassium conductances with their reversal potentials.
    public var capacitance = 20.0, gL = 2.0, vL = -60.0, gCa = 4.4, vCa = 120.0, gK = 8.0, vK = -84.0
    /// Half-activation voltages and slopes of m∞ (V₁, V₂) and w∞ (V₃, V₄), and the rate φ of w.
    public var v1 = -1.2, v2 = 18.0, v3 = 2.0, v4 = 30.0, phi = 0.04

    /// The model with the defaults above.
    public init() {}

    /// 2: (V, w).
    public var dimension: Int { 2 }
    /// 1: I.
    public var parameterCount: Int { 1 }

    /// (dV/dt, dw/dt).
    @inlinable
    public func step<T: DynamicsScalar>(_ x: [T], parameters p: [T]) -> [T] { rates(x, current: p[0], calcium: T(gCa)) }

    /// (dV/dt, dw/dt) at applied current `current` and calcium conductance `calcium`.
    @inlinable
    public func rates<T: DynamicsScalar>(_ x: [T], current applied: T, calcium: T) -> [T] {
        let (v, w) = (x[0], x[1])
        let mInf = (1 + T.tanh((v - T(v1)) / T(v2))) / 2
        let wInf = (1 + T.tanh((v - T(v3)) / T(v4))) / 2
        let rate = T.cosh((v - T(v3)) / T(2 * v4))
        let current = applied - T(gL) * (v - T(vL)) - calcium * mInf * (v - T(vCa)) - T(gK) * w * (v - T(vK))
        return [current / T(capacitance), T(phi) * (wInf - w) * rate]
    }

    /// The same neuron with the calcium conductance g_Ca as a second parameter: (I, g_Ca).
    public var withCalciumConductance: MorrisLecarCalciumFamily { MorrisLecarCalciumFamily(neuron: self) }
}

/// Morris–Lecar with parameters (I, g_Ca): the two-parameter plane where the rest state is lost either at
/// a fold (on an invariant circle: type I excitability, spiking from zero frequency) or at a Hopf point
/// (type II, spiking at a finite frequency); the Hopf curve ends on the fold curve at Bogdanov–Takens points.
public struct MorrisLecarCalciumFamily: ParametricFlow, Sendable {
    /// The neuron whose other constants are used.
    public var neuron: MorrisLecar

    /// The family of `neuron`.
    public init(neuron: MorrisLecar = MorrisLecar()) { self.neuron = neuron }

    /// 2: (V, w).
    public var dimension: Int { 2 }
    /// 2: (I, g_Ca).
    public var parameterCount: Int { 2 }

    /// (dV/dt, dw/dt).
    @inlinable
    public func step<T: DynamicsScalar>(_ x: [T], parameters p: [T]) -> [T] { neuron.rates(x, current: p[0], calcium: p[1]) }
}
