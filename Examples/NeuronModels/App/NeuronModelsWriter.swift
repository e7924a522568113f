import CommandSupport
import Dynamics
import DynamicsPlots
import Foundation
import NeuronModels

/// Writes the figures as each model finishes, then report.json and report.md.
struct NeuronModelsWriter {
    let folder: OutputFolder
    var report = NeuronModelsReport(models: [])
    var summary: [String] = []

    init(folder: OutputFolder) { self.folder = folder }

    /// Every file a run writes: an existing folder holding only these (or nothing) may be replaced.
    static var fileNames: Set<String> {
        var names: Set<String> = ["report.json", "report.md", "morris-lecar-two-parameter.svg"]
        for setup in [NeuronModelSetup.fitzHughNagumo, .wilsonCowan, .morrisLecar] {
            names.insert("\(setup.identifier)-bifurcation.svg")
            names.insert("\(setup.identifier)-period.svg")
            for k in setup.inputs.indices { names.insert("\(setup.identifier)-portrait-\(k + 1).svg") }
        }
        return names
    }

    mutating func add<M>(_ result: ModelAnalysis<M>.Result, log: (String) -> Void) throws {
        let setup = result.setup
        for (k, portrait) in result.portraits.enumerated() {
            try folder.write(portrait.figure(setup).svg(), to: "\(setup.identifier)-portrait-\(k + 1).svg")
            let kinds = portrait.equilibria.map(\.kind).joined(separator: ", ")
            let cycle = portrait.cycle.map { String(format: "limit cycle of period %.4g, multiplier %.4g", $0.period, $0.multipliers[1].real) } ?? "no limit cycle"
            let line = "\(setup.name), \(setup.inputName) = \(portrait.input): \(portrait.equilibria.count) equilibrium(s) (\(kinds)); \(cycle); \(String(format: "%.2f", portrait.seconds)) s"
            log(line)
            summary.append("- " + line)
        }
        var diagram = BifurcationDiagram(title: "\(setup.name): equilibria against \(setup.inputName)", parameterLabel: setup.inputName, coordinateLabel: setup.xLabel)
        if let branch = result.branch {
            diagram.addBranch(branch.points.map { (parameter: $0.parameter, value: $0.state[0], stable: $0.isStable) })
            for event in branch.bifurcations { diagram.addEvent(event.kind.rawValue, parameter: event.parameter, value: event.state[0]) }
            let events = branch.bifurcations.map { event in
                let criticality = event.firstLyapunovCoefficient.map { String(format: " (%@critical, ℓ₁ = %.4g)", $0 < 0 ? "super" : "sub", $0) } ?? ""
                return String(format: "%@ at %@ = %.6g", event.kind.rawValue, setup.inputName, event.parameter) + criticality
            }.joined(separator: "; ")
            summary.append("- \(setup.name), equilibrium continued over \(setup.inputName) in \(setup.inputRange): \(events.isEmpty ? "no bifurcation" : events)")
            log(summary.last!.dropFirst(2).description)
        }
        if let cycles = result.cycles {
            // The cycles' extremes of the first variable, solid where stable.
            diagram.addBranch(cycles.points.map { (parameter: $0.parameter, value: $0.maximum, stable: $0.isStable) })
            diagram.addBranch(cycles.points.map { (parameter: $0.parameter, value: $0.minimum, stable: $0.isStable) })
            for event in cycles.bifurcations { diagram.addEvent("\(event.kind.rawValue) of cycles", parameter: event.parameter, value: event.point.maximum) }
            let events = cycles.bifurcations.map { String(format: "%@ at %@ = %.9g", $0.kind.rawValue, setup.inputName, $0.parameter) }.joined(separator: "; ")
            let last = cycles.points.last.map { String(format: "; at %@ = %.4g: amplitude %.4g, period %.4g, %@", setup.inputName, $0.parameter, $0.amplitude, $0.period, $0.isStable ? "stable" : "unstable") } ?? ""
            var periods = BifurcationDiagram(title: "\(setup.name): period of the cycles against \(setup.inputName)", parameterLabel: setup.inputName, coordinateLabel: "period")
            periods.addBranch(cycles.points.map { (parameter: $0.parameter, value: $0.period, stable: $0.isStable) })
            for event in cycles.bifurcations { periods.addEvent("\(event.kind.rawValue) of cycles", parameter: event.parameter, value: event.point.period) }
            try folder.write(periods.figure(identifier: "\(setup.identifier)-period").svg(), to: "\(setup.identifier)-period.svg")
            summary.append("- \(setup.name), cycles from the first Hopf point: \(cycles.points.count) points (\(cycles.termination.rawValue)), \(events.isEmpty ? "no event" : events)\(last)")
            log(summary.last!.dropFirst(2).description)
        }
        try folder.write(diagram.figure(identifier: "\(setup.identifier)-bifurcation").svg(), to: "\(setup.identifier)-bifurcation.svg")
        report.models.append(NeuronModelsReport.Model(result))
    }

    /// Morris–Lecar's curves in (I, g_Ca): the figure, a summary line and the report's section.
    mutating func add(_ result: TwoParameterAnalysis.Result, log: (String) -> Void) throws {
        try folder.write(TwoParameterAnalysis.figure(result).svg(), to: "morris-lecar-two-parameter.svg")
        let curves = result.curves.map { "\($0.kind.rawValue) curve of \($0.points.count) points" }.joined(separator: ", ")
        let special = TwoParameterAnalysis.specialPoints(result)
            .map { String(format: "%@ at (I, g_Ca) = (%.8g, %.8g)", $0.kind.rawValue, $0.parameters[0], $0.parameters[1]) }.joined(separator: "; ")
        summary.append("- Morris–Lecar in (I, g_Ca): \(curves); \(special.isEmpty ? "no codimension-two point" : special); \(String(format: "%.2f", result.seconds)) s")
        log(summary.last!.dropFirst(2).description)
        report.twoParameter = NeuronModelsReport.TwoParameter(result)
    }

    func finish() throws {
        try folder.write("# neuron-models\n\n" + summary.joined(separator: "\n") + "\n", to: "report.md")
        try folder.writeJSON(report, to: "report.json")
    }
}
