/// The classical fourth-order Runge–Kutta step, written once for every fixed-step integration in the
/// package (trajectories, Lyapunov spectra of flows, phase-plane shooting, attractor mapping), and
/// generic over the scalar so that tangents ride along on dual numbers.
public enum RungeKutta4 {
    /// Stage buffers for ``step(_:by:workspace:field:visitingStages:)``, allocated once.
    public struct Workspace<T: DynamicsScalar> {
        @usableFromInline var k1: [T], k2: [T], k3: [T], k4: [T], stage: [T]

        /// Buffers for states of `dimension` values.
        @inlinable
        public init(dimension: Int) {
            let zero = [T](repeating: T(0), count: dimension)
            (k1, k2, k3, k4, stage) = (zero, zero, zero, zero, zero)
        }
    }

    /// One step of dx/dt = f(x) in place: x ← x + h/6·(k₁ + 2k₂ + 2k₃ + k₄), with k₁ = f(x),
    /// k₂ = f(x + h/2·k₁), k₃ = f(x + h/2·k₂), k₄ = f(x + h·k₃).
    ///
    /// - Parameters:
    ///   - x: the state, advanced in place.
    ///   - h: the step; the local error is O(h⁵), the global O(h⁴).
    ///   - workspace: stage buffers of x's size (no allocation when `field` writes in place).
    ///   - field: writes f(input) into its second argument, e.g. a flow's `step(_:into:)`.
    ///   - visit: called with each stage's state and its quadrature weight (1/6, 2/6, 2/6, 1/6), for a
    ///     quantity integrated along the step by the same rule (∮ tr J dt); default none.
    /// - Complexity: 4 evaluations of `field`, O(n) besides.
    @inlinable
    public static func step<T: DynamicsScalar>(
        _ x: inout [T], by h: Double, workspace w: inout Workspace<T>, field: ([T], inout [T]) -> Void,
        visitingStages visit: ([T], Double) -> Void = { _, _ in }
    ) {
        let n = x.count
        let (half, full, sixth) = (T(h / 2), T(h), T(h / 6))
        field(x, &w.k1)
        visit(x, 1.0 / 6)
        for i in 0..<n { w.stage[i] = x[i] + half * w.k1[i] }
        field(w.stage, &w.k2)
        visit(w.stage, 2.0 / 6)
        for i in 0..<n { w.stage[i] = x[i] + half * w.k2[i] }
        field(w.stage, &w.k3)
        visit(w.stage, 2.0 / 6)
        for i in 0..<n { w.stage[i] = x[i] + full * w.k3[i] }
        field(w.stage, &w.k4)
        visit(w.stage, 1.0 / 6)
        for i in 0..<n {
            let middle: T = w.k2[i] + w.k3[i]
            let slopes: T = w.k1[i] + middle + middle + w.k4[i]
            x[i] = x[i] + sixth * slopes
        }
    }

    /// One step of dx/dt = f(x) from `x`, returning the new state: the same step as the in-place form,
    /// with buffers of its own.
    ///
    /// - Parameters:
    ///   - x: the state.
    ///   - h: the step.
    ///   - field: f, e.g. a flow's `step`.
    ///   - visit: as in the in-place form; default none.
    /// - Complexity: 4 evaluations of `field`, O(n) besides.
    @inlinable
    public static func step<T: DynamicsScalar>(
        from x: [T], by h: Double, field: ([T]) -> [T], visitingStages visit: ([T], Double) -> Void = { _, _ in }
    ) -> [T] {
        var next = x
        var workspace = Workspace<T>(dimension: x.count)
        step(&next, by: h, workspace: &workspace, field: { input, output in output = field(input) }, visitingStages: visit)
        return next
    }
}
