import DynamicsPlots
import Foundation

/// report.html: one self-contained page with the figures inline, the numbers and the reading.
struct ReportPage {
    let report: Report
    let figures: [(title: String, svg: String)]

    /// One paragraph on a coherence sweep: branches, their stability, events, gaps.
    func sweepSummary(_ sweep: Report.InputSweepReport?, _ title: String) -> String {
        guard let sweep else { return "" }
        var events: [String: Int] = [:]
        for branch in sweep.branches { for event in branch.bifurcations { events[event.kind, default: 0] += 1 } }
        let eventText = events.isEmpty ? "no bifurcation" : events.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
        let stable = sweep.branches.map { branch in branch.points.filter(\.isStable).count }.reduce(0, +)
        let total = sweep.branches.map(\.points.count).reduce(0, +)
        let gaps = sweep.noFixedPoint.isEmpty ? "a fixed point exists at every coherence" : "no fixed point on " + sweep.noFixedPoint.map { "[\(String(format: "%.1f", $0[0])), \(String(format: "%.1f", $0[1]))]" }.joined(separator: ", ")
        return "<p><b>\(escape(title))</b>: \(sweep.branches.count) branch(es) over coherence \(sweep.coherenceRange[0])…\(sweep.coherenceRange[1]) %, \(stable) of \(total) certified points stable; \(eventText); \(gaps).</p>"
    }

    /// The Lyapunov exponents and the exact cycles, one paragraph each.
    func orbitSummary(_ r: Report) -> String {
        var out = ""
        if !r.lyapunov.isEmpty {
            let items = r.lyapunov.map { entry -> String in
                guard let exponent = entry.leadingExponentPerStep, let norm = entry.finalStateNorm else {
                    return "\(escape(entry.condition)): the activity grows without bound (infinite at step \(entry.divergedAtStep ?? 0))"
                }
                let meaning = norm > 1e10 ? "the activity grows without bound"
                    : exponent < -0.01 ? "the activity settles"
                    : exponent <= 0.01 ? "about 0: a marginal direction (a cycle, a continuum of states or a slow drift)"
                    : "nearby orbits separate (chaos if the orbit stays bounded; check ‖h‖)"
                return "\(escape(entry.condition)): \(String(format: "%.4f", exponent)) per step (\(String(format: "%.3f", entry.leadingExponentPerSecond ?? 0)) per second; \(meaning); ‖h‖ = \(String(format: "%.3g", norm)) at the end)"
            }
            out += "<p>Leading Lyapunov exponent along the orbit from the last activity state (\(r.lyapunov[0].steps) steps after \(r.lyapunov[0].transient)): \(items.joined(separator: "; ")).</p>\n"
        }
        if let cycles = r.cycles {
            let items = cycles.periods.map { entry in
                "period \(entry.period): \(entry.cycles.count) (\(entry.cycles.filter(\.stable).count) stable; \(entry.regionsTried) activation regions solved)"
            }
            out += "<p>Exact cycles by activation-pattern search from \(cycles.seeds) activity states under the analysis input: \(items.joined(separator: ", ")); \(String(format: "%.2f", r.timings.orbitSeconds)) s with the exponents. Period 1 is the fixed points, found here without any gradient search.</p>\n"
        }
        return out
    }

    func html() -> String {
        let r = report
        func f(_ value: Double, _ format: String = "%.4g") -> String { String(format: format, value) }
        var rows = ""
        for (k, e) in r.training.epochs.enumerated() {
            let seconds = k < r.timings.epochSeconds.count ? f(r.timings.epochSeconds[k], "%.3f") : ""
            rows += "<tr><td>\(e.epoch)</td><td>\(f(e.loss, "%.4f"))</td><td>\(f(e.accuracy, "%.3f"))</td><td>\(seconds)</td></tr>\n"
        }
        var fixedRows = ""
        for (k, p) in r.fixedPoints.enumerated() {
            let tau = p.timeConstantsMs.compactMap { $0 }.filter { $0 > 0 }.max().map { f($0, "%.0f") } ?? "∞"
            fixedRows += "<tr><td>\(k)</td><td>\(f(p.residual, "%.1e"))</td><td>\(p.iterations)</td><td>\(p.candidateCount)</td><td>\(f(p.spectralRadius, "%.4f"))</td><td>\(escape(p.classification))</td><td>\(tau)</td><td>\(f(p.slowDirectionAlignmentPC1, "%.3f"))</td></tr>\n"
        }
        var minimaRows = ""
        for (k, p) in r.slowMinima.enumerated() {
            minimaRows += "<tr><td>\(k)</td><td>\(f(p.loss, "%.2e"))</td><td>\(f(p.residual, "%.2e"))</td><td>\(p.candidateCount)</td><td>\(f(p.spectralRadius, "%.4f"))</td></tr>\n"
        }
        let s = r.slowPoints
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Yang 2020 RNN: dynamical system analysis</title>
            <style>
            body { font-family: Helvetica, Arial, sans-serif; max-width: 1000px; margin: 2em auto; color: #222; line-height: 1.45; }
            table { border-collapse: collapse; margin: 0.5em 0 1.5em; font-size: 0.9em; }
            td, th { border: 1px solid #ccc; padding: 3px 8px; text-align: right; }
            th { background: #f3f3f3; }
            .reading { background: #f6f8fa; border-left: 4px solid #1f77b4; padding: 0.8em 1em; }
            figure { margin: 1em 0; } figcaption { font-size: 0.9em; color: #555; }
            </style></head><body>
            <h1>Yang 2020 RNN: dynamical system analysis</h1>
            <p class="reading">\(escape(r.reading))</p>
            <h2>Training</h2>
            <p>\(r.training.source == "trained" ? "Trained from seed \(r.settings.seed): \(r.settings.epochs ?? 0) epochs of \(r.settings.batchesPerEpoch ?? 0) batches of \(r.settings.batchSize ?? 0) trials, \(r.settings.hidden) hidden units." : "Weights loaded from \(escape(r.settings.weights ?? "")).")</p>
            \(r.training.epochs.isEmpty ? "" : "<table><tr><th>epoch</th><th>loss</th><th>decision accuracy</th><th>seconds</th></tr>\n\(rows)</table>")
            <h2>Activity</h2>
            <p>\(r.settings.trials) fresh trials; PCA explained variance ratio \(r.pca.explainedVarianceRatio.map { f($0, "%.3f") }.joined(separator: ", ")).</p>
            \(figures.map { "<figure>\($0.svg)<figcaption>\(escape($0.title))</figcaption></figure>" }.joined(separator: "\n"))
            <h2>Slow points: the tutorial's protocol</h2>
            <table><tr><th>optimized</th><th>loss &lt; \(f(r.settings.fpTolerance))</th><th>unique (\(f(r.settings.uniqueTolerance)))</th><th>without outliers (\(f(r.settings.outlierTolerance)))</th><th>final objective</th><th>steps</th><th>seconds</th></tr>
            <tr><td>\(s.optimized)</td><td>\(s.afterLossFilter)</td><td>\(s.afterUnique)</td><td>\(s.afterOutliers)</td><td>\(f(s.finalObjective, "%.3e"))</td><td>\(s.steps)</td><td>\(f(r.timings.slowPointSearchSeconds, "%.2f"))</td></tr></table>
            <h2>Exact fixed points</h2>
            \(r.fixedPoints.isEmpty ? "<p>None: no candidate refines to a point with residual below the certification tolerance.</p>" : "<table><tr><th>#</th><th>residual</th><th>Newton iterations</th><th>candidates</th><th>spectral radius</th><th>classification</th><th>slowest τ (ms)</th><th>|cos(slow dir., PC1)|</th></tr>\n\(fixedRows)</table>")
            <h2>Slow points that are not fixed points</h2>
            \(r.slowMinima.isEmpty ? "<p>None.</p>" : "<table><tr><th>#</th><th>loss q</th><th>residual</th><th>candidates</th><th>spectral radius</th></tr>\n\(minimaRows)</table>")
            <h2>Fixed points across coherence</h2>
            \(sweepSummary(r.inputSweep, "Stimulus period (fixation on)"))
            \(sweepSummary(r.decisionSweep, "Decision period (fixation off)"))
            \(r.selection.isEmpty ? "" : "<p>Selection vectors (ℓᴴ·b for the slowest mode; inputs fixation, choice 1, choice 2): " + r.selection.map { entry in "fixed point \(entry.fixedPoint), λ = \(f(entry.slowEigenvalue.re, "%.3f"))\(entry.slowEigenvalue.im == 0 ? "" : (entry.slowEigenvalue.im > 0 ? " + " : " − ") + f(abs(entry.slowEigenvalue.im), "%.3f") + "i"): " + entry.inputProjections.map { "|\(f(($0.re * $0.re + $0.im * $0.im).squareRoot(), "%.3f"))|" }.joined(separator: ", ") }.joined(separator: "; ") + ".</p>")
            <h2>Beyond fixed points</h2>
            \(orbitSummary(r))
            <h2>Verdict</h2>
            <p>\(escape(r.verdict.text))</p>
            <h2>Timings</h2>
            <p>training \(f(r.timings.trainingSeconds, "%.2f")) s, slow-point search \(f(r.timings.slowPointSearchSeconds, "%.2f")) s, refinement \(f(r.timings.refinementSeconds, "%.2f")) s, total \(f(r.timings.totalSeconds, "%.2f")) s.</p>
            </body></html>

            """
    }
}
