import Dynamics

/// The FitzHugh–Nagumo neuron with the input current I as its parameter:
///
///     dv/dt = v − v³/3 − w + I,   dw/dt = (v + a − b·w)/τ
///
/// Nullclines w = v − v³/3 + I (the cubic) and w = (v + a)/b; the equilibrium loses stability in a
/// Hopf bifurcation where the Jacobian's trace 1 − v² − b/τ vanishes. Defaults a = 0.7, b = 0.8,
/// τ = 12.5, as in BrainPy's example.
public struct FitzHughNagumo: ParametricFlow, Sendable {
    /// a.
    public var a: Double
    /// b.
    public var b: Double
    /// τ.
    public var tau: Double

    /// The model; defaults BrainPy's (a = 0.7, b = 0.8, τ = 12.5).
    public init(a: Double = 0.7, b: Double = 0.8, tau: Double = 12.5) {
        (self.a, self.b, self.tau) = (a, b, tau)
    }

    /// 2: (v, w).
    public var dimension: Int { 2 }
    /// 1: I.
    public var parameterCount: Int { 1 }

    /// (dv/dt, dw/dt).
    @inlinable
    public func step<T: DynamicsScalar>(_ x: [T], parameters p: [T]) -> [T] {
        let (v, w) = (x[0], x[1])
        return [v - v * v * v / 3 - w + p[0], (v + T(a) - T(b) * w) / T(tau)]
    }

    /// The voltage of the equilibrium at I = `current`: the real root of v − v³/3 − (v + a)/b + I = 0
    /// (unique for b < 1), by Newton from v = −1.
    public func equilibriumVoltage(current: Double) -> Double {
        var v = -1.0
        for _ in 0..<100 {
            let g = v - v * v * v / 3 - (v + a) / b + current
            let slope = 1 - v * v - 1 / b
            let next = v - g / slope
            if abs(next - v) <= 1e-15 * max(1, abs(v)) { return next }
            v = next
        }
        return v
    }

    /// The Hopf currents, lower first: where 1 − v² = b/τ on the equilibrium curve,
    /// I = (v + a)/b − v + v³/3 at v = ∓√(1 − b/τ).
    public var hopfCurrents: [Double] {
        let v = (1 - b / tau).squareRoot()
        return [-v, v].map { (($0 + a) / b) - $0 + $0 * $0 * $0 / 3 }
    }
}
