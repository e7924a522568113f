import Dynamics

/// The Hodgkin–Huxley squid axon (1952), in the modern convention (rest near −65 mV), with the applied
/// current I (µA/cm²) as its parameter; state (V, m, h, n):
///
///     C·dV/dt = I − g_Na·m³h·(V − E_Na) − g_K·n⁴·(V − E_K) − g_L·(V − E_L)
///     dy/dt = α_y(V)·(1 − y) − β_y(V)·y   for y = m, h, n
///
/// with α_m = 0.1(V + 40)/(1 − e^{−(V+40)/10}), β_m = 4e^{−(V+65)/18}, α_h = 0.07e^{−(V+65)/20},
/// β_h = 1/(1 + e^{−(V+35)/10}), α_n = 0.01(V + 55)/(1 − e^{−(V+55)/10}), β_n = 0.125e^{−(V+65)/80}.
/// The rest state loses stability in a subcritical Hopf bifurcation near I ≈ 9.8; the stable spiking
/// cycle appears at a fold of cycles near I ≈ 6.3.
public struct HodgkinHuxley: ParametricFlow, Sendable {
    /// Capacitance (µF/cm²), maximal conductances (mS/cm²) and reversal potentials (mV).
    public var capacitance = 1.0, gNa = 120.0, gK = 36.0, gL = 0.3, eNa = 50.0, eK = -77.0, eL = -54.387

    /// The model with the classic constants above.
    public init() {}

    /// 4: (V, m, h, n).
    public var dimension: Int { 4 }
    /// 1: I.
    public var parameterCount: Int { 1 }

    /// (dV/dt, dm/dt, dh/dt, dn/dt).
    @inlinable
    public func step<T: DynamicsScalar>(_ x: [T], parameters p: [T]) -> [T] {
        let (v, m, h, n) = (x[0], x[1], x[2], x[3])
        // u / (1 − e^{−u/s}) = s·y/(1 − e^{−y}) with y = u/s, by expm1; within 1e-4 of its removable
        // singularity y = 0 by the series 1 + y/2 + y²/12 − y⁴/720 (exact to rounding there, and
        // differentiable through it).
        func ratio(_ u: T, _ s: Double) -> T {
            let y = u / T(s)
            if abs(y.primalValue) < 1e-4 {
                let square: T = y * y
                let series: T = 1 + y / 2 + square / 12 - square * square / 720
                return T(s) * series
            }
            return T(s) * y / -T.expMinusOne(-y)
        }
        let alphaM = T(0.1) * ratio(v + 40, 10), betaM = 4 * T.exp(-(v + 65) / 18)
        let alphaH = T(0.07) * T.exp(-(v + 65) / 20), betaH = 1 / (1 + T.exp(-(v + 35) / 10))
        let alphaN = T(0.01) * ratio(v + 55, 10), betaN = T(0.125) * T.exp(-(v + 65) / 80)
        let sodium = T(gNa) * m * m * m * h * (v - T(eNa))
        let potassium = T(gK) * n * n * n * n * (v - T(eK))
        let leak = T(gL) * (v - T(eL))
        return [(p[0] - sodium - potassium - leak) / T(capacitance),
                alphaM * (1 - m) - betaM * m, alphaH * (1 - h) - betaH * h, alphaN * (1 - n) - betaN * n]
    }
}
