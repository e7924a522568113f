import CommandSupport
import Dynamics
import DynamicsPlots
import Foundation

/// Writes every file of a `dynamics analyze` run into the staging folder; report.json last.
struct AnalysisWriter {
    let folder: OutputFolder
    let result: CellAnalysisResult
    let sweep: CellSweepResult?
    let report: AnalysisReport

    /// Every path a run writes: an existing folder holding only these (or nothing) may be replaced.
    static var fileNames: Set<String> {
        ["report.json", "report.html", "fixed-points.svg", "eigenvalues.svg", "fixed-points.npy", "slow-points.npy", "candidates.npy", "sweep.svg", "basins.json", "basins.svg", "basin-labels.npy"]
    }

    func writeAll() throws {
        let width = result.candidates.first?.count ?? 0
        func save(_ rows: [[Double]], _ name: String) throws {
            do { try NumPyArray(shape: [rows.count, width], values: rows.flatMap { $0 }).write(to: folder.path(name)) } catch {
                throw CommandError("cannot write \(name): \(error)")
            }
        }
        try save(result.fixedPoints.map(\.point.state), "fixed-points.npy")
        try save(result.slowPoints.map(\.point.state), "slow-points.npy")
        try save(result.candidates, "candidates.npy")
        var figures = [("fixed-points.svg", "Candidates, fixed points and slow points in (PC1, PC2) of the candidates", pointsFigure().svg()),
                       ("eigenvalues.svg", "Eigenvalues at every distinct point, with the unit circle", eigenvalueFigure().svg())]
        if let sweep {
            figures.append(("sweep.svg", "Fixed points continued in input \(sweep.range.index) from \(sweep.range.from) to \(sweep.range.to): solid stable, dashed unstable", sweepFigure(sweep).svg()))
        }
        for (name, _, svg) in figures { try folder.write(svg, to: name) }
        let sections = figures.map { "<figure>\($0.2)<figcaption>\(escape($0.1))</figcaption></figure>" }.joined(separator: "\n")
        try folder.write("""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>dynamics analyze: \(escape(report.settings.cell))</title>
            <style>body { font-family: Helvetica, Arial, sans-serif; max-width: 1000px; margin: 2em auto; color: #222; }</style></head><body>
            <h1>\(escape(report.settings.cell)) from \(escape(report.settings.weights)), input \(report.settings.input.map { "\($0)" }.joined(separator: ", "))</h1>
            <p>\(report.fixedPoints.count) certified fixed point(s) (\(report.fixedPoints.filter(\.isStable).count) stable), \(report.slowPoints.count) slow point(s),
            \(report.escapes.count) escape(s), from \(report.candidates) candidates in \(String(format: "%.2f", report.timings.totalSeconds)) s. Verdict: \(escape(report.verdict.text)).</p>
            \(regionTable())
            \(sections)
            </body></html>
            """, to: "report.html")
        try folder.writeJSON(report, to: "report.json")
    }

    /// The slow points and escapes by region, one row each (the first 50).
    func regionTable() -> String {
        guard !report.slowPointRegions.isEmpty else { return "" }
        func f(_ value: Double) -> String { String(format: "%.3g", value) }
        let rows = report.slowPointRegions.prefix(50).enumerated().map { k, r in
            let leading = r.leadingEigenvalues.map { $0.im == 0 ? f($0.re) : "\(f($0.re)) ± \(f(abs($0.im)))i" }.joined(separator: ", ")
            return "<tr><td>\(k + 1)</td><td>\(r.slowPoints)</td><td>\(r.escapes)</td><td>\(r.candidates)</td><td>\(f(r.extent))</td><td>\(f(r.speedRange[0]))–\(f(r.speedRange[1]))</td><td>\(f(r.spectralRadiusRange[0]))–\(f(r.spectralRadiusRange[1]))</td><td>\(leading)</td></tr>"
        }.joined(separator: "\n")
        let more = report.slowPointRegions.count > 50 ? "<p>... and \(report.slowPointRegions.count - 50) more regions in report.json.</p>" : ""
        return """
            <h2>Slow regions</h2>
            <p>Slow points and escapes grouped by proximity along the slow flow (within 5 % of the candidates' spread, directly or along 10 steps of their orbits); every point is listed in report.json and slow-points.npy.</p>
            <table><tr><th>region</th><th>slow points</th><th>escapes</th><th>candidates</th><th>extent</th><th>speed ‖F(x) − x‖</th><th>spectral radius</th><th>leading eigenvalues (slowest point)</th></tr>
            \(rows)</table>\(more)
            """
    }

    func pointsFigure() -> Figure {
        var panel = Panel(title: "Fixed points and slow points", xLabel: "PC1", yLabel: "PC2")
        if let pca = result.pca {
            func project(_ states: [[Double]]) -> [(x: Double, y: Double)] { states.map { let z = pca.transform($0); return (z[0], z[1]) } }
            panel.add(Series(name: "candidates (\(result.candidates.count))", points: project(result.candidates), style: .markers(radius: 1.5), color: "#999999", opacity: 0.3))
            panel.add(Series(name: "slow points (\(result.slowPoints.count))", points: project(result.slowPoints.map(\.point.state)), style: .rings(radius: 5), color: "#ff7f0e"))
            panel.add(Series(name: "fixed points (\(result.fixedPoints.count))", points: project(result.fixedPoints.map(\.point.state)), style: .crosses(size: 6), color: "#000000"))
        }
        return Figure(panels: [panel], panelWidth: 560, height: 440, identifier: "fixed-points")
    }

    /// The bifurcation diagram of `sweep`: PC1 of the candidates (‖h‖ without PCA) against the input.
    func sweepFigure(_ sweep: CellSweepResult) -> Figure {
        let label = result.pca == nil ? "‖state‖" : "PC1 of the fixed point"
        func value(_ state: [Double]) -> Double {
            if let pca = result.pca { return pca.transform(state)[0] }
            return state.reduce(0) { $0 + $1 * $1 }.squareRoot()
        }
        var diagram = BifurcationDiagram(title: "Fixed points along input \(sweep.range.index)", parameterLabel: "input \(sweep.range.index)", coordinateLabel: label)
        for branch in sweep.branches {
            diagram.addBranch(branch.points.map { (parameter: $0.parameter, value: value($0.state), stable: $0.isStable) })
            for event in branch.bifurcations { diagram.addEvent(event.kind.rawValue, parameter: event.parameter, value: value(event.state)) }
        }
        return diagram.figure(identifier: "sweep")
    }

    func eigenvalueFigure() -> Figure {
        var panel = Panel(title: "Eigenvalues", xLabel: "Re λ", yLabel: "Im λ", equalAspect: true)
        panel.circles.append(Circle(x: 0, y: 0, radius: 1, name: "unit circle"))
        panel.add(Series(name: "at fixed points", points: result.fixedPoints.flatMap { $0.eigenvalues.map { ($0.real, $0.imaginary) } }, style: .markers(radius: 3), color: "#1f77b4", opacity: 0.8))
        panel.add(Series(name: "at slow points", points: result.slowPoints.flatMap { $0.eigenvalues.map { ($0.real, $0.imaginary) } }, style: .rings(radius: 3.5), color: "#ff7f0e", opacity: 0.8))
        return Figure(panels: [panel], panelWidth: 460, height: 440, identifier: "eigenvalues")
    }
}
