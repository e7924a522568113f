import CommandSupport
import Dynamics
import Foundation
import Yang2020

/// Writes every file of a run into the staging folder; report.json last.
struct ResultWriter {
    let folder: OutputFolder
    let result: AnalysisResult
    let report: Report

    /// Every path a run writes, relative to the output folder: an existing folder holding only these
    /// (or nothing) may be replaced by a new run; any other file protects it.
    static let fileNames = Set<String>([
        "report.json", "report.html", "trajectories.svg", "fixed-points.svg", "eigenvalues.svg", "activity.npy",
        "optimized-points.npy", "kept-slow-points.npy", "fixed-points.npy", "slow-minima.npy", "network",
        "sweep-stimulus.svg", "sweep-decision.svg", "decision-basins.svg",
    ]).union(RecurrentNetwork.parameterFiles.map { "network/" + $0 }).union(["network/pytorch"] + RecurrentNetwork.pyTorchFiles.map { "network/pytorch/" + $0 })

    func writeAll() throws {
        try folder.makeFolder("network")
        do {
            try result.network.save(to: folder.path("network"))
            // The same network for `dynamics analyze --cell rnn-relu --weights .../network/pytorch`.
            if result.network.alpha == 1 {
                try folder.makeFolder("network/pytorch")
                try result.network.savePyTorchLayout(to: folder.path("network/pytorch"))
            }
            try NumPyArray(shape: result.activityShape, values: result.activity).write(to: folder.path("activity.npy"))
            let h = result.network.hiddenCount
            func points(_ rows: [[Double]], _ name: String) throws {
                try NumPyArray(shape: [rows.count, h], values: rows.flatMap { $0 }).write(to: folder.path(name))
            }
            try points(result.search.states, "optimized-points.npy")
            try points(result.kept.states, "kept-slow-points.npy")
            try points(result.fixedPoints.map(\.point.state), "fixed-points.npy")
            try points(result.slowMinima.map(\.point.state), "slow-minima.npy")
        } catch let error as NumPyError {
            throw CommandError("\(error)")
        }
        let figures = FigureBuilder(result: result)
        let svgs = [
            ("trajectories.svg", "Trial trajectories in (PC1, PC2), one panel per decision", figures.trajectories.svg()),
            ("fixed-points.svg", "Kept slow points (the tutorial's), slow points that are not fixed points, and exact fixed points over the trajectories", figures.fixedPoints.svg()),
            ("eigenvalues.svg", "Eigenvalues of the Jacobian at every distinct point, with the unit circle", figures.eigenvalues.svg()),
        ]
        let sweeps = [
            ("sweep-stimulus.svg", "Fixed points across stimulus coherence (fixation on): stable solid, unstable dashed, bifurcations marked",
             figures.sweep(result.stimulusSweep, title: "Fixed points vs coherence, stimulus period", identifier: "sweep-stimulus")),
            ("sweep-decision.svg", "Fixed points across coherence in the decision period (fixation off)",
             figures.sweep(result.decisionSweep, title: "Fixed points vs coherence, decision period", identifier: "sweep-decision")),
            ("decision-basins.svg", "The choice each state makes when the decision period begins, on the PCA plane (blue: choice 1, orange: choice 2)",
             result.decisionBasins.map { DecisionBasins.figure($0, pca: result.pca) }),
        ].compactMap { entry in entry.2.map { (entry.0, entry.1, $0.svg()) } }
        let allFigures = svgs + sweeps
        for (name, _, svg) in allFigures { try folder.write(svg, to: name) }
        try folder.write(ReportPage(report: report, figures: allFigures.map { ($0.1, $0.2) }).html(), to: "report.html")
        try folder.writeJSON(report, to: "report.json")
    }
}
