/// One sample of a trajectory: a map's step, or a flow followed for `timeStep` by RK4 substeps. The
/// mapper sees maps and flows alike through it.
struct OrbitSampler<System: DynamicalSystem> {
    let system: System
    let substep: Double
    let substeps: Int

    init(_ system: System, timeStep: Double, substeps: Int) {
        self.system = system
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
        if System.timeDomain == .discrete {
            system.step(x, into: &workspace.next)
            swap(&x, &workspace.next)
        } else {
            for _ in 0..<substeps { RungeKutta4.step(&x, by: substep, workspace: &workspace.rungeKutta, field: system.step(_:into:)) }
        }
    }
}
