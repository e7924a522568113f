/// One sample of a trajectory: a map's step, or a flow followed for `timeStep` by RK4 substeps of the
/// shared integrator. The mapper sees maps and flows alike through it. The system's rule arrives as a
/// closure made where the system's type is known (the mapper's `@inlinable` initialisers), so the
/// user's `step` runs specialised, not through generic metadata on every step.
struct OrbitSampler {
    /// Writes F(x) (a map) or f(x) (a flow) into its second argument.
    let field: ([Double], inout [Double]) -> Void
    let discrete: Bool
    let substep: Double
    let substeps: Int

    init(field: @escaping ([Double], inout [Double]) -> Void, discrete: Bool, timeStep: Double, substeps: Int) {
        self.field = field
        self.discrete = discrete
        self.substeps = substeps
        substep = timeStep / Double(substeps)
    }

    /// Buffers for ``advance(_:workspace:)``.
    struct Workspace {
        var next: [Double]
        var rungeKutta: RungeKutta4.Workspace<Double>
        init(dimension: Int) {
            next = [Double](repeating: 0, count: dimension)
            rungeKutta = .init(dimension: dimension)
        }
    }

    /// x ← the next sample of its trajectory.
    @inline(__always)
    func advance(_ x: inout [Double], workspace: inout Workspace) {
        if discrete {
            field(x, &workspace.next)
            swap(&x, &workspace.next)
        } else {
            for _ in 0..<substeps { RungeKutta4.step(&x, by: substep, workspace: &workspace.rungeKutta, field: field) }
        }
    }
}
