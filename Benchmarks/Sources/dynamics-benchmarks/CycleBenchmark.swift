import Foundation
import Dynamics
import NeuronModels
import ToySystems

/// Periodic orbits of flows: `CycleFinder` (multiple shooting, any dimension) on a 2-D cycle against
/// the phase plane's single-shooting `limitCycle` on the same cycle (the baseline, run side by side),
/// then the same cycle embedded in 6 and 12 dimensions, stable and unstable.
func cycleBenchmark() {
    let planar = RotatedLimitCycleFlow(mu: 0.5, omega: 1, decays: [], rotation: .identity(2))
    let start = planar.point(at: 0.3)
    let plane = try! PhasePlane(planar, x: -2...2, y: -2...2)
    var baseline = ""
    let single = measure("phase plane limitCycle, 2-D (200 + 200 time units of simulation, then 40 segments; baseline)", samples: 5, warmup: 1) {
        let cycle = plane.limitCycle(from: start)
        baseline = "period \(cycle.map { "\($0.period)" } ?? "none")"
    }
    print("  \(baseline)")
    var found = ""
    let multiple = measure("CycleFinder, 2-D, 8 segments, from a state on the cycle", samples: 5, warmup: 1) {
        let cycle = try! CycleFinder(planar).find(from: start, period: 6)
        found = "period error \(cycle.period - 2 * Double.pi), multipliers \(cycle.multipliers.map { $0.length })"
    }
    print("  \(found); ratio \(String(format: "%.1f", single.seconds / multiple.seconds))x the baseline")
    var rng = SeededGenerator(seed: 11)
    for n in [6, 12] {
        for reversed in [false, true] {
            let flow = RotatedLimitCycleFlow(mu: 0.5, omega: 1, decays: (0..<(n - 2)).map { 0.2 + 0.1 * Double($0) },
                                             rotation: RandomMatrices.orthogonal(n, using: &rng), reversed: reversed)
            let orbit = (0..<24).map { flow.point(at: 2 * Double.pi * Double($0) / 24 * (reversed ? -1 : 1)) }
            var summary = ""
            _ = measure("CycleFinder, \(n)-D, \(reversed ? "unstable" : "stable"), 8 segments", samples: 3, warmup: 1) {
                let cycle = try! CycleFinder(flow).find(along: orbit, period: 6.5)
                summary = "period error \(cycle.period - flow.period), largest multiplier \(cycle.multipliers.dropFirst().first!.length) (exact \(flow.nontrivialMultipliers[0]))"
            }
            print("  \(summary)")
        }
    }
    // A branch of cycles: FitzHugh–Nagumo from its lower (subcritical) Hopf point through the fold of
    // cycles and the canard explosion to the relaxation oscillation.
    let model = FitzHughNagumo()
    let equilibria = try! FixedPointContinuation(model).branch(from: [-1.2, -0.6], parameters: [0], varying: 0, to: 1.5)
    let hopf = equilibria.bifurcations.first { $0.kind == .hopf }!
    var branchSummary = ""
    _ = measure("CycleContinuation, FitzHugh–Nagumo from the Hopf point at I = 0.331 to I = 0.6", samples: 3, warmup: 0) {
        let cycles = try! CycleContinuation(model).branch(fromHopf: hopf, on: equilibria, to: 0.6)
        let events = cycles.bifurcations.map { "\($0.kind) at \($0.parameter)" }.joined(separator: ", ")
        branchSummary = "\(cycles.points.count) points, \(cycles.termination); \(events); last amplitude \(cycles.points.last!.amplitude), period \(cycles.points.last!.period)"
        if ProcessInfo.processInfo.environment["CYCLE_BRANCH_TRACE"] != nil {
            for point in cycles.points { print("    \(point.parameter) \(point.amplitude) \(point.period) \(point.arclength) \(point.isStable)") }
        }
    }
    print("  \(branchSummary)")
}
