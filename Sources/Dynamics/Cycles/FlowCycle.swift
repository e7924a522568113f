import ComplexModule

/// A periodic orbit of a flow, certified: x(t + T) = x(t) with the periodicity residual below the
/// certificate.
public struct FlowCycle: Sendable {
    /// The period T (> 0).
    public let period: Double
    /// The shooting nodes x(i·T/m), i = 0..<m, on the cycle.
    public let nodes: [[Double]]
    /// States along one period (the integrator's accepted steps from `nodes[0]`), for figures.
    public let states: [[Double]]
    /// The Floquet multipliers (eigenvalues of the monodromy matrix ∂φ_T/∂x): the trivial one (≈ 1,
    /// along the flow) first, then the others by decreasing modulus.
    public let multipliers: [Complex<Double>]
    /// ‖(φ_{T/m}(xᵢ) − xᵢ₊₁)ᵢ‖₂ at the solution: the periodicity residual that certifies the cycle.
    public let residual: Double

    /// Stable when every nontrivial multiplier lies inside the unit circle.
    public var isStable: Bool { multipliers.dropFirst().allSatisfy { $0.length < 1 } }

    /// Max minus min of the first variable over ``states``.
    public var amplitude: Double {
        let first = states.map { $0[0] }
        return (first.max() ?? 0) - (first.min() ?? 0)
    }

    /// A cycle from its parts (see the properties).
    public init(period: Double, nodes: [[Double]], states: [[Double]], multipliers: [Complex<Double>], residual: Double) {
        self.period = period
        self.nodes = nodes
        self.states = states
        self.multipliers = multipliers
        self.residual = residual
    }
}

/// Why no cycle was certified.
public enum CycleError: Error, Equatable, CustomStringConvertible {
    /// An argument out of its domain.
    case invalidArguments(InvalidArgument)
    /// The corrector stopped above the certificate (no cycle near the guess, or a period far off).
    case notConverged(residual: Double)
    /// The corrector converged onto an equilibrium (a "cycle" of any period), not a cycle.
    case equilibrium(state: [Double])
    /// A shot left the finite numbers, or needed more than ``CycleShooting/stepLimit`` steps (a state
    /// where the model is too stiff to integrate), at `time` into it.
    case diverged(time: Double)

    /// A readable explanation with what to do.
    public var description: String {
        switch self {
        case let .invalidArguments(problem): return "cycle: \(problem)"
        case let .notConverged(residual): return "cycle: shooting stopped with periodicity residual \(residual); start nearer the cycle (a state on it after a transient) with a better period guess"
        case .equilibrium: return "cycle: shooting converged onto an equilibrium, where the flow does not move; start on the oscillation, away from fixed points"
        case let .diverged(time): return "cycle: a shot became NaN or infinite, or needed more than \(CycleShooting.stepLimit) steps, \(time) into it; the guess is far from any cycle (for an unstable cycle, give states along it with find(along:period:))"
        }
    }
}
