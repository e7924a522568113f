import CANN
import CommandSupport
import Dynamics
import DynamicsPlots
import Foundation

/// Writes every file of a `cann` run into the staging folder; report.json last.
struct CANNWriter {
    let folder: OutputFolder
    let results: [LatticeResult]
    let report: CANNReport

    /// Every path a run writes: an existing folder holding only these (or nothing) may be replaced.
    static let fileNames: Set<String> = {
        var names: Set<String> = ["report.json", "report.html"]
        for lattice in RingNetwork.Lattice.allCases.map(\.rawValue) {
            for stem in ["points", "bumps", "speeds"] { names.insert("\(stem)-\(lattice).svg") }
            for stem in ["fixed-points", "slow-points", "candidates"] { names.insert("\(stem)-\(lattice).npy") }
        }
        return names
    }()

    func writeAll() throws {
        var sections: [(title: String, svg: String)] = []
        for result in results {
            let lattice = result.network.lattice.rawValue
            let n = result.network.dimension
            func save(_ rows: [[Double]], _ name: String) throws {
                do { try NumPyArray(shape: [rows.count, n], values: rows.flatMap { $0 }).write(to: folder.path(name)) } catch {
                    throw CommandError("cannot write \(name): \(error)")
                }
            }
            try save(result.fixedPoints.map(\.point.state), "fixed-points-\(lattice).npy")
            try save(result.slowPoints.map(\.point.state), "slow-points-\(lattice).npy")
            try save(result.candidates, "candidates-\(lattice).npy")
            let figures = CANNFigures(result: result)
            for (figure, title) in [(figures.points(), "points"), (figures.bumps(), "bumps"), (figures.speeds(), "speeds")] {
                let svg = figure.svg()
                try folder.write(svg, to: "\(title)-\(lattice).svg")
                sections.append(("\(title), \(lattice) lattice", svg))
            }
        }
        try folder.write(page(sections), to: "report.html")
        try folder.writeJSON(report, to: "report.json")
    }

    /// report.html: the summary lines and the figures inline.
    func page(_ sections: [(title: String, svg: String)]) -> String {
        var rows = ""
        for l in report.lattices {
            rows += "<tr><td>\(escape(l.lattice))</td><td>\(l.certifiedCandidates) / \(l.candidates)</td><td>\(l.fixedPoints.count)</td><td>\(l.slowPoints.count)</td><td>\(escape(l.verdict.text))</td><td>\(String(format: "%.2f", l.totalSeconds))</td></tr>\n"
        }
        let figures = sections.map { "<h3>\(escape($0.title))</h3>\n\($0.svg)" }.joined(separator: "\n")
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>CANN ring attractor analysis</title>
            <style>body { font-family: Helvetica, Arial, sans-serif; max-width: 1000px; margin: 2em auto; color: #222; }
            table { border-collapse: collapse; } td, th { border: 1px solid #ccc; padding: 4px 8px; }</style></head><body>
            <h1>CANN1D, \(report.settings.units) units: fixed points from bump candidates</h1>
            <table><tr><th>lattice</th><th>certified candidates</th><th>fixed points</th><th>slow points</th><th>verdict</th><th>seconds</th></tr>
            \(rows)</table>
            \(figures)
            </body></html>
            """
    }
}
