import Dynamics
import DynamicsPlots
import Foundation
import NeuronModels

/// Morris–Lecar's fold and Hopf curves in the plane of the applied current I and the calcium
/// conductance g_Ca: where the rest state is lost at a fold (type I excitability when the fold lies on
/// an invariant circle) and where at a Hopf point (type II), and the codimension-two points that
/// separate them.
struct TwoParameterAnalysis {
    let family = MorrisLecarCalciumFamily()
    /// The conductance of the one-parameter branch the curves start from: the current–voltage curve of
    /// the default neuron (g_Ca = 4.4) has no fold; at 5.5 it has two, and two Hopf points.
    let calcium = 5.5
    /// The plane shown: I and g_Ca.
    let box: [ClosedRange<Double>] = [-50...300, 2...22]

    struct Result {
        var branch: ContinuationBranch
        var curves: [BifurcationCurve]
        var seconds: Double
    }

    func run() throws -> Result {
        let started = ContinuousClock.now
        let low = box[0].lowerBound
        let plane = try PhasePlane(family.fixing(parameters: [low, calcium]), x: -90...60, y: -0.1...1)
        guard let rest = try plane.fixedPoints().first else { throw AnalysisError("Morris–Lecar: no equilibrium at I = \(low)") }
        let branch = try FixedPointContinuation(family).branch(from: rest.state, parameters: [low, calcium], varying: 0, to: box[0].upperBound)
        var curves: [BifurcationCurve] = []
        for event in branch.bifurcations where event.kind == .fold || event.kind == .hopf {
            // Two events of a kind often lie on one curve (both folds of an S-shaped branch meet in the
            // cusp): follow a curve only from an event no earlier curve passes through.
            if curves.contains(where: { $0.kind == event.kind && $0.crosses(secondParameter: calcium, at: event.parameter, tolerance: 1e-3 * (box[0].upperBound - box[0].lowerBound)) }) { continue }
            curves.append(try FixedPointContinuation(family).curve(of: event, on: branch, alsoVarying: 1, within: box))
        }
        return Result(branch: branch, curves: curves, seconds: ModelAnalysis<MorrisLecar>.seconds(since: started))
    }

    /// The figure: curves and codimension-two points in (I, g_Ca).
    static func figure(_ result: Result) -> Figure {
        var diagram = TwoParameterDiagram(title: "Morris–Lecar: fold and Hopf curves", xLabel: "I", yLabel: "g_Ca")
        for curve in result.curves {
            diagram.addCurve(curve.kind.rawValue, points: curve.points.map { ($0.parameters[0], $0.parameters[1]) })
            for special in curve.specialPoints { diagram.addPoint(special.kind.rawValue, x: special.parameters[0], y: special.parameters[1]) }
        }
        return diagram.figure(identifier: "morris-lecar-two-parameter")
    }

    /// The distinct codimension-two points of all curves (a point where two curves meet is found on both).
    static func specialPoints(_ result: Result) -> [CodimensionTwoPoint] {
        var distinct: [CodimensionTwoPoint] = []
        for point in result.curves.flatMap(\.specialPoints) where !distinct.contains(where: { other in
            other.kind == point.kind && zip(other.parameters, point.parameters).allSatisfy { abs($0 - $1) <= 1e-6 * Swift.max(1, abs($0)) }
        }) {
            distinct.append(point)
        }
        return distinct
    }
}

/// A failure of the example's own logic, with its message.
struct AnalysisError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

extension BifurcationCurve {
    /// Whether the curve's polyline crosses the line p₁ = `value` within `tolerance` of p₀ = `first`.
    func crosses(secondParameter value: Double, at first: Double, tolerance: Double) -> Bool {
        zip(points, points.dropFirst()).contains { a, b in
            let (u, v) = (a.parameters[1] - value, b.parameters[1] - value)
            guard (u <= 0) != (v < 0) || u == 0 else { return false }
            let fraction = u == v ? 0 : u / (u - v)
            return abs(a.parameters[0] + fraction * (b.parameters[0] - a.parameters[0]) - first) <= tolerance
        }
    }
}
