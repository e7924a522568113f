import Dynamics

/// The Wilson–Cowan excitatory–inhibitory population model with the external drive P to the
/// excitatory population as its parameter:
///
///     τ_E·dE/dt = −E + S_E(w_EE·E − w_EI·I + P),   τ_I·dI/dt = −I + S_I(w_IE·E − w_II·I + Q)
///     S(x) = 1/(1 + exp(−a·(x − θ))) − 1/(1 + exp(a·θ))     (shifted so that S(0) = 0)
///
/// Defaults are Wilson and Cowan's (1972) oscillatory set: w_EE = 16, w_EI = 12, w_IE = 15, w_II = 3,
/// a_E = 1.3, θ_E = 4, a_I = 2, θ_I = 3.7, τ = 1, Q = 0: at rest for P = 0, a limit cycle at P = 1.25.
public struct WilsonCowan: ParametricFlow, Sendable {
    /// Coupling weights: E to E, I to E, E to I, I to I.
    public var wEE = 16.0, wEI = 12.0, wIE = 15.0, wII = 3.0
    /// Gains and thresholds of the two response functions.
    public var aE = 1.3, thetaE = 4.0, aI = 2.0, thetaI = 3.7
    /// Time constants, and the inhibitory population's external drive Q.
    public var tauE = 1.0, tauI = 1.0, q = 0.0

    /// The model with the defaults above.
    public init() {}

    /// 2: (E, I).
    public var dimension: Int { 2 }
    /// 1: P.
    public var parameterCount: Int { 1 }

    /// The shifted sigmoid, S(0) = 0.
    @inlinable
    func response<T: DynamicsScalar>(_ x: T, gain: Double, threshold: Double) -> T {
        1 / (1 + T.exp(-T(gain) * (x - T(threshold)))) - T(1 / (1 + Double.exp(gain * threshold)))
    }

    /// (dE/dt, dI/dt).
    @inlinable
    public func step<T: DynamicsScalar>(_ x: [T], parameters p: [T]) -> [T] {
        let (e, i) = (x[0], x[1])
        return [(-e + response(T(wEE) * e - T(wEI) * i + p[0], gain: aE, threshold: thetaE)) / T(tauE),
                (-i + response(T(wIE) * e - T(wII) * i + T(q), gain: aI, threshold: thetaI)) / T(tauI)]
    }
}
