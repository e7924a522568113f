import Dynamics
import Foundation
import Yang2020

/// Turns an ``AnalysisResult`` into the report, with the plain-language reading.
struct ReportBuilder {
    let settings: AnalysisSettings
    let result: AnalysisResult

    func complex(_ values: [Complex<Double>]) -> [Report.ComplexNumber] { values.map { Report.ComplexNumber(re: $0.real, im: $0.imaginary) } }

    /// |cos| between the slow direction at a point and PC1.
    func alignment(_ stability: LinearStability) -> Double {
        abs(zip(stability.slowDirection, result.pca.components.row(0)).reduce(0) { $0 + $1.0 * $1.1 })
    }

    /// Where each kept slow point's refinement ended.
    func fates() -> [Report.Fate] {
        var counts: [String: (kind: String, index: Int, count: Int)] = [:]
        for candidate in result.kept.candidateIndices {
            if let k = result.fixedPoints.firstIndex(where: { $0.point.candidateIndices.contains(candidate) }) {
                counts["f\(k)", default: ("fixedPoint", k, 0)].count += 1
            } else if let k = result.slowMinima.firstIndex(where: { $0.point.candidateIndices.contains(candidate) }) {
                counts["s\(k)", default: ("slowMinimum", k, 0)].count += 1
            }
        }
        return counts.values.sorted { ($0.kind, $0.index) < ($1.kind, $1.index) }.map { Report.Fate(kind: $0.kind, index: $0.index, count: $0.count) }
    }

    func build() -> Report {
        let s = settings
        let fixed = result.fixedPoints.map { entry in
            Report.FixedPointReport(
                state: entry.point.state, residual: entry.point.residual, iterations: entry.point.iterations,
                candidateCount: entry.point.candidateIndices.count, eigenvalues: complex(entry.stability.eigenvalues),
                spectralRadius: entry.stability.spectralRadius, stable: entry.stability.isStable,
                classification: entry.stability.classification.description,
                timeConstantsMs: entry.stability.timeConstants.map { $0.isFinite ? $0 : nil },
                slowDirectionAlignmentPC1: alignment(entry.stability))
        }
        let minima = result.slowMinima.map { entry in
            Report.SlowMinimumReport(
                state: entry.point.state, loss: entry.point.loss, residual: entry.point.residual,
                candidateCount: entry.point.candidateIndices.count, eigenvalues: complex(entry.stability.eigenvalues),
                spectralRadius: entry.stability.spectralRadius)
        }
        let fates = fates()
        let trained = s.weightsDirectory == nil
        return Report(
            settings: Report.Settings(
                seed: s.seed, epochs: trained ? s.training.epochs : nil, batchesPerEpoch: trained ? s.training.batchesPerEpoch : nil,
                batchSize: trained ? s.training.batchSize : nil, hidden: result.network.hiddenCount,
                learningRate: trained ? s.training.learningRate : nil, trainingPrecision: trained ? s.training.precision.rawValue : nil,
                weights: s.weightsDirectory, candidates: s.candidatesFile, trials: s.trials, input: s.input,
                fixationRule: s.task.fixationRule.rawValue, dtMs: s.task.dt, fpSteps: s.slowPoints.numSteps, fpBatch: s.slowPoints.stepsPerChunk,
                fpLearningRate: s.slowPoints.learningRate, fpTolerance: s.slowPoints.tolerance, fpPrecision: s.slowPoints.precision.rawValue,
                uniqueTolerance: s.uniqueTolerance, outlierTolerance: s.outlierTolerance,
                certificationTolerance: s.slowPoints.certificationTolerance),
            training: Report.Training(
                source: s.weightsDirectory == nil ? "trained" : "loaded", epochs: result.trainingRecords.map { Report.Epoch(epoch: $0.epoch, loss: $0.loss, accuracy: $0.accuracy) },
                finalAccuracy: result.trainingRecords.last?.accuracy),
            pca: Report.PCASummary(explainedVarianceRatio: result.pca.explainedVarianceRatio),
            slowPoints: Report.SlowPointSummary(
                optimized: result.search.states.count, afterLossFilter: result.afterLoss, afterUnique: result.afterUnique,
                afterOutliers: result.kept.count, keptCandidateIndices: result.kept.candidateIndices,
                finalObjective: result.search.finalObjective, steps: result.search.steps),
            fixedPoints: fixed, slowMinima: minima, keptSlowPointFates: fates,
            verdict: Report.Verdict(
                kind: result.verdict.kind.rawValue, text: result.verdict.description, intrinsicDimension: result.verdict.intrinsicDimension,
                marginalEigenvaluesPerPoint: result.verdict.marginalCounts, alignments: result.verdict.alignments),
            timings: result.timings,
            reading: reading(fixed: fixed, minima: minima, fates: fates),
            inputSweep: result.stimulusSweep.map(sweepReport), decisionSweep: result.decisionSweep.map(sweepReport),
            selection: result.selection.map { entry in
                let linear = entry.linearization
                let slowest = linear.stability.slowestIndex
                return Report.SelectionReport(
                    fixedPoint: entry.fixedPoint, slowEigenvalue: complex([linear.stability.eigenvalues[slowest]])[0],
                    inputProjections: complex(linear.selection(modes: 1)[0]))
            },
            lyapunov: result.orbits.exponents.map {
                Report.LyapunovReport(
                    condition: $0.condition, input: $0.input, leadingExponentPerStep: $0.perStep,
                    leadingExponentPerSecond: $0.perStep.map { $0 / (s.task.dt / 1000) },
                    finalStateNorm: $0.finalNorm.isFinite ? $0.finalNorm : nil, divergedAtStep: $0.divergedAtStep,
                    steps: $0.steps, transient: $0.transient)
            },
            cycles: Report.CycleSearchReport(
                seeds: result.orbits.seeds,
                periods: result.orbits.cycles.map { entry in
                    Report.CyclePeriodReport(period: entry.period, regionsTried: entry.regionsTried, cycles: entry.orbits.map { orbit in
                        Report.CycleReport(
                            states: orbit.states, residual: orbit.residual,
                            spectralRadius: orbit.multipliers.map(\.length).max() ?? 0, stable: orbit.isStable)
                    })
                },
                branches: result.orbits.branches.map(Report.CycleBranchReport.init)),
            decisionBasins: result.decisionBasins.map { basins in
                let total = Double(basins.choices.count)
                return Report.DecisionBasinsReport(
                    mode: basins.mode.rawValue, resolution: basins.pc1.count, followedStates: basins.followed, readoutLabelledStates: basins.readoutLabelled, tracingBlock: settings.basinBlock,
                    pc1Range: [basins.pc1.first!, basins.pc1.last!], pc2Range: [basins.pc2.first!, basins.pc2.last!],
                    attractorChoices: basins.attractors.map(\.choice), attractorStates: basins.attractors.map(\.state),
                    fractions: [1, 2, 0].map { choice in Double(basins.choices.filter { $0 == choice }.count) / total },
                    oneStepFractions: [1, 2, 0].map { choice in Double(basins.oneStepChoices.filter { $0 == choice }.count) / total },
                    oneStepAgreement: Double(zip(basins.choices, basins.oneStepChoices).filter { $0 == $1 }.count) / total,
                    saddle: basins.saddle.flatMap { $0.isCertified ? $0.state : nil },
                    saddleEigenvalues: basins.saddle.flatMap { $0.isCertified ? complex($0.eigenvalues) : nil },
                    agreement: basins.agreement, agreementSamples: basins.agreementSamples)
            })
    }

    /// The report of a coherence sweep.
    func sweepReport(_ sweep: InputSweep.Result) -> Report.InputSweepReport {
        Report.InputSweepReport(
            coherenceRange: [-51.2, 51.2], fixation: sweep.fixation,
            branches: sweep.branches.map { branch in
                Report.BranchReport(
                    points: branch.points.map { point in
                        Report.SweepPoint(
                            coherence: point.parameter, state: point.state, residual: point.residual,
                            spectralRadius: point.eigenvalues.first?.length ?? 0, isStable: point.isStable)
                    },
                    bifurcations: branch.bifurcations.map { Report.SweepEvent(kind: $0.kind.rawValue, coherence: $0.parameter, state: $0.state) })
            },
            noFixedPoint: sweep.uncovered.map { [$0.lowerBound, $0.upperBound] })
    }

    /// The plain-language reading: what the kept slow points are, what exists exactly, and how the
    /// slowest mode behaves.
    func reading(fixed: [Report.FixedPointReport], minima: [Report.SlowMinimumReport], fates: [Report.Fate]) -> String {
        var sentences: [String] = []
        let kept = result.kept.count
        let stableCount = fixed.filter(\.stable).count
        func describe(_ point: Report.FixedPointReport) -> String {
            let alignment = String(format: " and its slow direction is %@ with PC1 (|cos| %.2f)", point.slowDirectionAlignmentPC1 >= 0.8 ? "aligned" : "not aligned", point.slowDirectionAlignmentPC1)
            if !point.stable {
                let growth = point.timeConstantsMs.first.flatMap { $0 }.map { String(format: ", e-folding in %.0f ms", -$0) } ?? ""
                return String(format: "its leading mode (|λ| = %.3f) grows%@,", point.spectralRadius, growth) + alignment
            }
            let tau = point.timeConstantsMs.first.flatMap { $0 }
            let decay = tau.map { String(format: "its slowest mode (|λ| = %.3f) decays in %.0f ms", point.spectralRadius, $0) } ?? "it has a marginal mode"
            return decay + alignment
        }
        let toFixed = fates.filter { $0.kind == "fixedPoint" }
        let toSlow = fates.filter { $0.kind == "slowMinimum" }
        if kept == 0 {
            sentences.append("The tutorial's filters keep no slow point (\(result.afterLoss) optimized points had loss below \(settings.slowPoints.tolerance)).")
        } else if toFixed.count == 1 && toSlow.isEmpty {
            let target = fixed[toFixed[0].index]
            sentences.append("The \(kept) slow points kept by the tutorial's filters are the unconverged approach to 1 \(target.stable ? "stable fixed point" : "unstable fixed point (\(target.classification))") with residual \(residualBound(target.residual)): \(describe(target)).")
        } else {
            sentences.append("Under exact refinement the \(kept) kept slow points end at \(toFixed.count) distinct fixed point(s) and \(toSlow.count) slow point(s) that are not fixed points.")
        }
        if fixed.isEmpty {
            let best = minima.map(\.loss).min()
            sentences.append("No exact fixed point exists near the activity: refinement ends at \(minima.count) slow point(s)\(best.map { String(format: " (smallest loss q = %.2e)", $0) } ?? ""), local minima of the speed that never reach zero.")
        } else {
            sentences.append("In all, refinement certifies \(fixed.count) exact fixed point(s), \(stableCount) of them stable; the verdict is: \(result.verdict.kind.rawValue).")
            if toFixed.count != 1 || !toSlow.isEmpty, let first = fixed.first(where: \.stable) ?? fixed.first {
                sentences.append("For the first \(first.stable ? "stable " : "")one, \(describe(first)).")
            }
        }
        return sentences.joined(separator: " ")
    }
}

/// A certified residual in words, as the power of ten above it ("below 1e-14"): at rounding level its
/// leading digits depend on the BLAS kernels' summation order, the decade does not (report.json keeps
/// the exact value).
@_spi(Testing) public func residualBound(_ residual: Double) -> String {
    guard residual > 0, residual.isFinite else { return residual == 0 ? "0" : "\(residual)" }
    return "below 1e\(Int(Foundation.log10(residual).rounded(.down)) + 1)"
}

extension Report.CycleBranchReport {
    /// The summary of one cycle's branches across coherence.
    init(_ entry: OrbitAnalysis.CycleBranches) {
        let points = entry.branches.flatMap(\.points)
        let values = points.map(\.parameter)
        period = entry.period
        startCoherence = entry.coherence
        coherenceRange = values.isEmpty ? [] : [values.min()!, values.max()!]
        self.points = points.count
        terminations = entry.branches.map(\.termination.rawValue)
        events = entry.branches.flatMap(\.bifurcations).map { Report.CycleEventReport(kind: $0.kind.rawValue, coherence: $0.parameter) }
        // Runs of stable points along each branch, as coherence intervals.
        var spans: [[Double]] = []
        for branch in entry.branches {
            var run: [Double] = []
            for point in branch.points {
                if point.isStable { run.append(point.parameter) } else if !run.isEmpty { spans.append([run.min()!, run.max()!]); run = [] }
            }
            if !run.isEmpty { spans.append([run.min()!, run.max()!]) }
        }
        stableSpans = spans
    }
}
