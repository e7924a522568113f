import CommandSupport
import Foundation

/// The table of a sweep: one row per model, written as summary.csv, summary.json and summary.html.
struct SweepSummary: Codable, Equatable {
    /// What one model's analysis found.
    struct Row: Codable, Equatable {
        var name: String
        var fixedPoints: Int
        var stableFixedPoints: Int
        var slowPoints: Int
        /// The largest |λ| (map) or Re λ (flow) over the certified fixed points' eigenvalues; nil
        /// without a fixed point.
        var leadingEigenvalue: Double?
        var verdict: String

        /// The row of the report a model's analysis wrote.
        init(name: String, report path: String) throws {
            struct Report: Decodable {
                struct Settings: Decodable { var cell: String }
                struct Point: Decodable { var eigenvalues: [ReportComplexNumber]; var isStable: Bool }
                struct Verdict: Decodable { var kind: String }
                var settings: Settings
                var fixedPoints: [Point]
                var slowPoints: [Point]
                var verdict: Verdict
            }
            let report: Report
            do { report = try JSONDecoder().decode(Report.self, from: Data(contentsOf: URL(fileURLWithPath: path))) } catch {
                throw CommandError("cannot read \(path): \(error)")
            }
            let isFlow = report.settings.cell == "onnx-flow"
            let leading = report.fixedPoints.flatMap(\.eigenvalues).map { isFlow ? $0.re : ($0.re * $0.re + $0.im * $0.im).squareRoot() }.max()
            self.name = name
            fixedPoints = report.fixedPoints.count
            stableFixedPoints = report.fixedPoints.filter(\.isStable).count
            slowPoints = report.slowPoints.count
            leadingEigenvalue = leading
            verdict = report.verdict.kind
        }
    }

    var rows: [Row]

    /// summary.csv.
    var csv: String {
        var lines = ["name,fixed_points,stable_fixed_points,slow_points,leading_eigenvalue,verdict"]
        for row in rows {
            let leading = row.leadingEigenvalue.map { "\($0)" } ?? ""
            lines.append("\(Self.csvField(row.name)),\(row.fixedPoints),\(row.stableFixedPoints),\(row.slowPoints),\(leading),\(Self.csvField(row.verdict))")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// summary.html: the table, each name linking to its model's report.
    var html: String {
        func escaped(_ text: String) -> String {
            text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
        }
        let body = rows.map { row in
            let leading = row.leadingEigenvalue.map { String(format: "%.6g", $0) } ?? "–"
            let link = "models/\(row.name.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? row.name)/report.html"
            return "<tr><td><a href=\"\(link)\">\(escaped(row.name))</a></td><td>\(row.fixedPoints)</td><td>\(row.stableFixedPoints)</td><td>\(row.slowPoints)</td><td>\(leading)</td><td>\(escaped(row.verdict))</td></tr>"
        }.joined(separator: "\n")
        return """
            <!DOCTYPE html>
            <html><head><meta charset="utf-8"><title>dynamics sweep</title>
            <style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 10px;text-align:right}td:first-child,th:first-child{text-align:left}</style>
            </head><body>
            <h1>Sweep of \(rows.count) model(s)</h1>
            <p>Leading eigenvalue: the largest |λ| (maps) or Re λ (flows) over each model's certified fixed points.</p>
            <table><tr><th>model</th><th>fixed points</th><th>stable</th><th>slow points</th><th>leading eigenvalue</th><th>verdict</th></tr>
            \(body)
            </table></body></html>

            """
    }

    private static func csvField(_ text: String) -> String {
        text.contains(",") || text.contains("\"") ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }

    /// Writes summary.csv, summary.json and summary.html into `folder`.
    func write(to folder: OutputFolder) throws {
        try folder.write(csv, to: "summary.csv")
        try folder.writeJSON(self, to: "summary.json")
        try folder.write(html, to: "summary.html")
    }
}
