import Dynamics
import DynamicsPlots
import Yang2020

/// The three figures of a run, built from the analysis result.
struct FigureBuilder {
    let result: AnalysisResult

    static let choiceColors = ["#1f77b4", "#d62728"]

    /// Trial trajectories in (PC1, PC2), one panel per decision label, coloured by it.
    var trajectories: Figure {
        let (steps, trials, hidden) = (result.activityShape[0], result.activityShape[1], result.activityShape[2])
        var panels: [Panel] = []
        for label in 1...2 {
            var panel = Panel(title: "Trials with decision \(label)", xLabel: "PC1", yLabel: "PC2")
            for trial in 0..<trials where result.trialLabels[trial] == label {
                let points = (0..<steps).map { t -> (x: Double, y: Double) in
                    let start = (t * trials + trial) * hidden
                    let z = result.pca.transform(Array(result.activity[start..<(start + hidden)]))
                    return (z[0], z[1])
                }
                panel.add(Series(name: nil, points: points, style: .line(width: 1), color: Self.choiceColors[label - 1], opacity: 0.6))
            }
            panel.series.insert(Series(name: "decision \(label)", points: [], style: .line(width: 2), color: Self.choiceColors[label - 1]), at: 0)
            panels.append(panel)
        }
        return Figure(panels: panels, identifier: "trajectories")
    }

    /// Kept slow points and exact fixed points over the trajectories.
    var fixedPoints: Figure {
        var panel = Panel(title: "Slow points and exact fixed points", xLabel: "PC1", yLabel: "PC2")
        let background = trajectories.panels.flatMap(\.series).filter { $0.name == nil }.map { series -> Series in
            var faded = series
            faded.opacity = 0.15
            return faded
        }
        panel.series = background
        panel.add(Series(name: "kept slow points (\(result.kept.count))", points: result.kept.states.map(project), style: .markers(radius: 2.5), color: "#2ca02c", opacity: 0.8))
        panel.add(Series(name: "slow points, not fixed (\(result.slowMinima.count))", points: result.slowMinima.map { project($0.point.state) }, style: .rings(radius: 6), color: "#ff7f0e"))
        panel.add(Series(name: "exact fixed points (\(result.fixedPoints.count))", points: result.fixedPoints.map { project($0.point.state) }, style: .crosses(size: 6), color: "#000000"))
        return Figure(panels: [panel], panelWidth: 560, height: 440, identifier: "fixed-points")
    }

    /// Eigenvalues of the Jacobian at every distinct point, with the unit circle.
    var eigenvalues: Figure {
        var panel = Panel(title: "Jacobian eigenvalues", xLabel: "Re λ", yLabel: "Im λ", equalAspect: true)
        panel.circles.append(Circle(x: 0, y: 0, radius: 1, name: "unit circle"))
        panel.add(Series(
            name: "at exact fixed points", points: result.fixedPoints.flatMap { $0.stability.eigenvalues.map { ($0.real, $0.imaginary) } },
            style: .markers(radius: 3), color: "#1f77b4", opacity: 0.8))
        panel.add(Series(
            name: "at slow points", points: result.slowMinima.flatMap { $0.stability.eigenvalues.map { ($0.real, $0.imaginary) } },
            style: .rings(radius: 3.5), color: "#ff7f0e", opacity: 0.8))
        return Figure(panels: [panel], panelWidth: 460, height: 440, identifier: "eigenvalues")
    }

    /// Fixed points against coherence (their PC1 coordinate): stable solid, unstable dashed, events
    /// marked; nil without a sweep.
    func sweep(_ sweep: InputSweep.Result?, title: String, identifier: String) -> Figure? {
        guard let sweep else { return nil }
        var diagram = BifurcationDiagram(title: title, parameterLabel: "coherence (%)", coordinateLabel: "PC1 of the fixed point")
        for branch in sweep.branches {
            diagram.addBranch(branch.points.map { (parameter: $0.parameter, value: project($0.state).x, stable: $0.isStable) })
            for event in branch.bifurcations { diagram.addEvent(event.kind.rawValue, parameter: event.parameter, value: project(event.state).x) }
        }
        return diagram.figure(identifier: identifier)
    }

    func project(_ state: [Double]) -> (x: Double, y: Double) {
        let z = result.pca.transform(state)
        return (z[0], z[1])
    }
}
