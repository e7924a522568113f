import Dynamics
import DynamicsPlots
import Foundation
import NeuronModels

/// One model's phase portraits at its two inputs and its bifurcation diagram in the input.
struct ModelAnalysis<Model: ParametricFlow & Sendable> {
    let model: Model
    let setup: NeuronModelSetup
    let resolution: Int
    /// Whether the cycles born at the first Hopf point are followed across the input range.
    var followsCycles = true

    /// One portrait: what the phase plane found at one input.
    struct Portrait {
        var input: Double
        var field: VectorField
        var nullclines: [Nullcline]
        var equilibria: [PlaneEquilibrium]
        var trajectories: [[[Double]]]
        var cycle: LimitCycle?
        var seconds: Double
    }

    struct Result {
        var setup: NeuronModelSetup
        var portraits: [Portrait]
        var branch: ContinuationBranch?
        /// The cycles born at the first Hopf point, followed toward the far end of the input range.
        var cycles: CycleBranch?
    }

    func run() throws -> Result {
        var portraits: [Portrait] = []
        for input in setup.inputs {
            let started = ContinuousClock.now
            let plane = try PhasePlane(model.fixing(parameters: [input]), x: setup.x, y: setup.y)
            let equilibria = try plane.equilibria()
            let trajectories = setup.trajectoryStarts.compactMap { try? plane.trajectory(from: $0, duration: setup.duration).states }
            // A cycle is sought from next to an unstable equilibrium (where one is born in a Hopf
            // bifurcation), else from the first trajectory's start.
            let seed = equilibria.first { !$0.stability.isStable }.map { [$0.point.state[0] + 1e-3 * (setup.x.upperBound - setup.x.lowerBound), $0.point.state[1]] }
            let cycle = plane.limitCycle(from: seed ?? setup.trajectoryStarts[0], transient: 4 * setup.duration, window: 4 * setup.duration)
            let portrait = Portrait(
                input: input, field: plane.vectorField(resolution: 20), nullclines: plane.nullclines(resolution: resolution),
                equilibria: equilibria, trajectories: trajectories, cycle: cycle, seconds: 0)
            var timed = portrait
            timed.seconds = Self.seconds(since: started)
            portraits.append(timed)
        }
        // The equilibrium at the low end of the range, continued across it.
        let low = setup.inputRange.lowerBound
        let start = try PhasePlane(model.fixing(parameters: [low]), x: setup.x, y: setup.y).fixedPoints().first
        let branch = start.flatMap { try? FixedPointContinuation(model).branch(from: $0.state, parameters: [low], varying: 0, to: setup.inputRange.upperBound) }
        var cycles: CycleBranch?
        if followsCycles, let branch, let hopf = branch.bifurcations.first(where: { $0.kind == .hopf }) {
            // Toward the end of the range the Hopf point is farther from: the cycles may first turn back.
            let (low, high) = (setup.inputRange.lowerBound, setup.inputRange.upperBound)
            let end = hopf.parameter - low > high - hopf.parameter ? low : high
            var options = CycleContinuationOptions()
            options.maximumPoints = 500
            cycles = try? CycleContinuation(model, options: options).branch(fromHopf: hopf, on: branch, to: end)
        }
        return Result(setup: setup, portraits: portraits, branch: branch, cycles: cycles)
    }

    static func seconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = ContinuousClock.now - start
        return elapsed.inSeconds
    }
}

extension ModelAnalysis.Portrait {
    /// The phase portrait figure.
    func figure(_ setup: NeuronModelSetup) -> Figure {
        var portrait = PhasePortrait(
            title: "\(setup.name), \(setup.inputName) = \(input)", xLabel: setup.xLabel, yLabel: setup.yLabel, x: setup.x, y: setup.y)
        var points: [(x: Double, y: Double)] = []
        for y in field.ys { for x in field.xs { points.append((x, y)) } }
        portrait.addField(points: points, directions: field.values.map { ($0[0], $0[1]) })
        for trajectory in trajectories { portrait.addTrajectory(trajectory.map { ($0[0], $0[1]) }) }
        let colors = ["#d62728", "#9467bd"]
        for nullcline in nullclines {
            // The variable's symbol: the label without its unit.
            let name = (nullcline.variable == 0 ? setup.xLabel : setup.yLabel).split(separator: " ").first.map(String.init) ?? ""
            portrait.addNullcline(nullcline.segments.map { $0.map { ($0[0], $0[1]) } }, label: "\(name)-nullcline", color: colors[nullcline.variable])
        }
        if let cycle { portrait.addLimitCycle(cycle.points.map { ($0[0], $0[1]) }, stable: cycle.isStable) }
        for equilibrium in equilibria {
            portrait.addEquilibrium(x: equilibrium.point.state[0], y: equilibrium.point.state[1], stable: equilibrium.stability.isStable, label: equilibrium.kind)
        }
        return portrait.figure(identifier: "\(setup.identifier)-\(input)".replacingOccurrences(of: ".", with: "-"))
    }
}
