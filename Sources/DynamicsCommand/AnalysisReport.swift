import CommandSupport
import Dynamics

/// The schema of `dynamics analyze`'s report.json (documented in Docs/PyTorch.md).
struct AnalysisReport: Codable {
    /// Bumped when a field changes meaning.
    var schemaVersion = 2
    var settings: Settings
    /// The certified fixed points.
    var fixedPoints: [Point]
    /// Distinct points where refinement stopped above the certificate.
    var slowPoints: [Point]
    /// Points whose residual passed the certificate only because a gate saturated in float64: not fixed
    /// points.
    var escapes: [Point]
    /// The slow points and escapes summarised by region (largest first): read these, not the lists.
    var slowPointRegions: [SlowRegionSummary]
    var verdict: Verdict
    var candidates: Int
    /// Candidate rows skipped for NaN or infinite values.
    var skippedCandidateRows: Int
    /// Every wall-clock duration, and nothing else: two runs with the same settings write report.json
    /// files that differ only inside this object.
    var timings: Timings
    /// `--sweep-input`: the fixed points continued in one input; absent without the option.
    var sweep: Sweep?

    struct Sweep: Codable {
        /// The input varied (0-based), and its range.
        var inputIndex: Int
        var from: Double
        var to: Double
        var branches: [Branch]
    }

    struct Branch: Codable {
        /// Why the continuation stopped at the branch's far end (see `ContinuationBranch.Termination`).
        var termination: String
        var points: [BranchPoint]
        var bifurcations: [BranchEvent]
    }

    struct BranchPoint: Codable {
        /// The varied input's value.
        var input: Double
        var state: [Double]
        var residual: Double
        var isStable: Bool
        var unstableCount: Int
        var spectralRadius: Double
    }

    struct BranchEvent: Codable {
        /// fold, branch point, period doubling, Neimark-Sacker, border collision, ...
        var kind: String
        var input: Double
        var state: [Double]
    }

    struct Timings: Codable {
        /// The search and refinement (`find`).
        var findSeconds: Double
        /// Stability at every point, with the verdict.
        var stabilitySeconds: Double
        /// `--sweep-input` (absent without it).
        var sweepSeconds: Double?
        /// The whole analysis, files aside.
        var totalSeconds: Double
    }

    struct Settings: Codable {
        var cell: String
        var weights: String
        var input: [Double]
        var candidates: String?
        var samples: Int
        var warmStartSteps: Int
        var seed: UInt64
        var certificationTolerance: Double
        var sharesCertifiedJacobians: Bool
        /// Stacked layers in the weights; only layer 0 was analysed when above 1.
        var layersInWeights: Int
    }

    typealias ComplexNumber = ReportComplexNumber

    struct Point: Codable {
        var state: [Double]
        var residual: Double
        var eigenvalues: [ComplexNumber]
        var spectralRadius: Double
        var isStable: Bool
        var candidateCount: Int
        var iterations: Int
        var escapeReason: String?
    }

    struct Verdict: Codable {
        var kind: String
        var text: String
    }
}

extension AnalysisReport {
    init(settings s: AnalysisSettings, result: CellAnalysisResult, sweep: CellSweepResult? = nil) {
        func point(_ p: AnalysedCellPoint) -> Point {
            Point(
                state: p.point.state, residual: p.point.residual, eigenvalues: p.eigenvalues.map { ComplexNumber(re: $0.real, im: $0.imaginary) },
                spectralRadius: p.eigenvalues.map(\.length).max() ?? 0, isStable: p.isStable, candidateCount: p.point.candidateIndices.count,
                iterations: p.point.iterations, escapeReason: p.escapeReason)
        }
        settings = Settings(
            cell: s.model, weights: s.weightsPath, input: s.input, candidates: s.candidatesPath, samples: s.samples,
            warmStartSteps: s.warmStartSteps, seed: s.seed, certificationTolerance: SlowPointOptions().certificationTolerance,
            sharesCertifiedJacobians: s.sharesCertifiedJacobians, layersInWeights: s.layersInWeights)
        fixedPoints = result.fixedPoints.map(point)
        slowPoints = result.slowPoints.map(point)
        escapes = result.escapes.map(point)
        slowPointRegions = result.slowRegions
        verdict = Verdict(kind: result.verdict.kind.rawValue, text: result.verdict.description)
        candidates = result.candidates.count
        skippedCandidateRows = result.skippedRows
        timings = Timings(findSeconds: result.findSeconds, stabilitySeconds: result.stabilitySeconds, sweepSeconds: sweep?.seconds, totalSeconds: result.seconds)
        self.sweep = sweep.map { sweep in
            Sweep(
                inputIndex: sweep.range.index, from: sweep.range.from, to: sweep.range.to,
                branches: sweep.branches.map { branch in
                    Branch(
                        termination: branch.termination.rawValue,
                        points: branch.points.map {
                            BranchPoint(input: $0.parameter, state: $0.state, residual: $0.residual, isStable: $0.isStable,
                                        unstableCount: $0.unstableCount, spectralRadius: $0.eigenvalues.map(\.length).max() ?? 0)
                        },
                        bifurcations: branch.bifurcations.map { BranchEvent(kind: $0.kind.rawValue, input: $0.parameter, state: $0.state) })
                })
        }
    }
}
