import Dynamics
import Foundation
import NeuronModels

/// The cycles-and-two-parameters issue's speed goals: a fold curve of about 200 points (Morris–Lecar in
/// (I, g_Ca); BifurcationKit publishes 180 ms for a collocation branch on an Apple M2) and a branch of
/// 100 cycles of a 4-D flow (Hodgkin–Huxley from its Hopf point).
func twoParameterBenchmark() {
    let family = MorrisLecarCalciumFamily()
    let equilibria = try! FixedPointContinuation(family).branch(from: [-60, 0.01], parameters: [-50, 5.5], varying: 0, to: 300)
    let fold = equilibria.bifurcations.first { $0.kind == .fold }!
    var options = ContinuationOptions()
    options.initialStep = 0.002
    options.maximumStep = 0.004
    var summary = ""
    _ = measure("fold curve, Morris–Lecar in (I, g_Ca), box [-50, 300] × [2, 22]", samples: 5, warmup: 1) {
        let curve = try! FixedPointContinuation(family, options: options).curve(of: fold, on: equilibria, alsoVarying: 1, within: [-50...300, 2...22])
        summary = "\(curve.points.count) points, ends \(curve.ends.map(\.rawValue)); \(curve.specialPoints.map { "\($0.kind) at \($0.parameters)" }.joined(separator: ", "))"
    }
    print("  \(summary)")
    let hopfCurveStart = equilibria.bifurcations.first { $0.kind == .hopf }!
    _ = measure("Hopf curve, Morris–Lecar in (I, g_Ca), same box and steps", samples: 5, warmup: 1) {
        let curve = try! FixedPointContinuation(family, options: options).curve(of: hopfCurveStart, on: equilibria, alsoVarying: 1, within: [-50...300, 2...22])
        summary = "\(curve.points.count) points, ends \(curve.ends.map(\.rawValue)); \(curve.specialPoints.map { "\($0.kind) at \($0.parameters)" }.joined(separator: ", "))"
    }
    print("  \(summary)")

    let neuron = HodgkinHuxley()
    let rest = try! FixedPointContinuation(neuron).branch(from: [-65, 0.05, 0.6, 0.32], parameters: [0], varying: 0, to: 20)
    guard let hopf = rest.bifurcations.first(where: { $0.kind == .hopf }) else { return print("  no Hopf point on Hodgkin–Huxley's rest branch") }
    var cycleOptions = CycleContinuationOptions()
    cycleOptions.maximumPoints = 100
    _ = measure("CycleContinuation, Hodgkin–Huxley (4-D) from the Hopf point at I = \(String(format: "%.4f", hopf.parameter)), 100 points", samples: 3, warmup: 0) {
        let cycles = try! CycleContinuation(neuron, options: cycleOptions).branch(fromHopf: hopf, on: rest, to: 0)
        let events = cycles.bifurcations.map { "\($0.kind) at \($0.parameter)" }.joined(separator: ", ")
        summary = "\(cycles.points.count) points, \(cycles.termination); \(events); last: I = \(cycles.points.last!.parameter), amplitude \(cycles.points.last!.amplitude), period \(cycles.points.last!.period)"
    }
    print("  \(summary)")
}
