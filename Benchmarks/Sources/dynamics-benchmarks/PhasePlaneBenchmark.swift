import Dynamics
import NeuronModels

/// The phase-portrait workload on FitzHugh–Nagumo at I = 0.5 (oscillating): nullclines on a
/// 200 × 200 grid refined onto the curves, the equilibria certified and classified, 20 trajectories
/// of 100 time units, and a 20 × 20 arrow field; then the limit cycle by shooting, on its own.
func phasePlaneBenchmark() {
    print("Phase plane: FitzHugh–Nagumo at I = 0.5, box [-2.5, 2.5] × [-1, 2.5]")
    let plane = try! PhasePlane(FitzHughNagumo().fixing(parameters: [0.5]), x: -2.5...2.5, y: -1...2.5)
    var starts: [[Double]] = []
    for k in 0..<20 {
        let v: Double = -2.5 + 5 * Double(k % 5 + 1) / 6
        let w: Double = -1 + 3.5 * Double(k / 5 + 1) / 5
        starts.append([v, w])
    }
    let nullclines = measure("nullclines (200 × 200, refined)", samples: 7) { _ = plane.nullclines(resolution: 200) }
    let equilibria = measure("equilibria (16 × 16 seeds, classified)", samples: 7) { _ = try! plane.equilibria() }
    let trajectories = measure("20 trajectories of 100 time units (Dormand–Prince)", samples: 7) {
        for start in starts { _ = try! plane.trajectory(from: start, duration: 100) }
    }
    let field = measure("vector field 20 × 20", samples: 7) { _ = plane.vectorField(resolution: 20) }
    let portrait = measure("the whole portrait (all four)", samples: 7) {
        _ = plane.nullclines(resolution: 200)
        _ = try! plane.equilibria()
        for start in starts { _ = try! plane.trajectory(from: start, duration: 100) }
        _ = plane.vectorField(resolution: 20)
    }
    _ = (nullclines, equilibria, trajectories, field)
    print(String(format: "  portrait median %.3f s against the goal 0.2 s", portrait.seconds))
    _ = measure("limit cycle: simulation and shooting", samples: 5) { _ = plane.limitCycle(from: [-0.8, -0.1]) }
}
