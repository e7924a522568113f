/// The classical fourth-order Runge–Kutta step, written once for every fixed-step integration in the
/// package (trajectories, Lyapunov spectra of flows, phase-plane shooting, attractor mapping), and
/// generic over the scalar so that tangents ride along on dual numbers.
public enum RungeKutta4 {
    /// One step of dx/dt = f(x): x + h/6·(k₁ + 2k₂ + 2k₃ + k₄), with k₁ = f(x), k₂ = f(x + h/2·k₁),
    /// k₃ = f(x + h/2·k₂), k₄ = f(x + h·k₃).
    ///
    /// - Parameters:
    ///   - x: the state.
    ///   - h: the step; the local error is O(h⁵), the global O(h⁴).
    ///   - field: f, e.g. a flow's `step`.
    ///   - visit: called with each stage's state and its quadrature weight (1/6, 2/6, 2/6, 1/6), for a
    ///     quantity integrated along the step by the same rule (∮ tr J dt); default none.
    /// - Returns: the state after one step.
    /// - Complexity: 4 evaluations of `field`, O(n) besides.
    @inlinable
    public static func step<T: DynamicsScalar>(
        from x: [T], by h: Double, field: ([T]) -> [T], visitingStages visit: ([T], Double) -> Void = { _, _ in }
    ) -> [T] {
        let n = x.count
        let (half, full, sixth) = (T(h / 2), T(h), T(h / 6))
        let k1 = field(x)
        visit(x, 1.0 / 6)
        var stage = x
        for i in 0..<n { stage[i] = x[i] + half * k1[i] }
        let k2 = field(stage)
        visit(stage, 2.0 / 6)
        for i in 0..<n { stage[i] = x[i] + half * k2[i] }
        let k3 = field(stage)
        visit(stage, 2.0 / 6)
        for i in 0..<n { stage[i] = x[i] + full * k3[i] }
        let k4 = field(stage)
        visit(stage, 1.0 / 6)
        var next = x
        for i in 0..<n {
            let middle: T = k2[i] + k3[i]
            let slopes: T = k1[i] + middle + middle + k4[i]
            next[i] = x[i] + sixth * slopes
        }
        return next
    }
}
