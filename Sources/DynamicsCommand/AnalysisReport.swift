import CommandSupport
import Dynamics

/// The schema of `dynamics analyze`'s report.json (documented in Docs/PyTorch.md).
struct AnalysisReport: Codable {
    /// Bumped when a field changes meaning.
    var schemaVersion = 1
    var settings: Settings
    /// The certified fixed points.
    var fixedPoints: [Point]
    /// Distinct points where refinement stopped above the certificate.
    var slowPoints: [Point]
    /// Points whose residual passed the certificate only because a gate saturated in float64: not fixed
    /// points.
    var escapes: [Point]
    var verdict: Verdict
    var candidates: Int
    /// Candidate rows skipped for NaN or infinite values.
    var skippedCandidateRows: Int
    var seconds: Double

    struct Settings: Codable {
        var cell: String
        var weights: String
        var input: [Double]
        var candidates: String?
        var samples: Int
        var warmStartSteps: Int
        var seed: UInt64
        var certificationTolerance: Double
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
    init(settings s: AnalysisSettings, result: CellAnalysisResult) {
        func point(_ p: AnalysedCellPoint) -> Point {
            Point(
                state: p.point.state, residual: p.point.residual, eigenvalues: p.eigenvalues.map { ComplexNumber(re: $0.real, im: $0.imaginary) },
                spectralRadius: p.eigenvalues.map(\.length).max() ?? 0, isStable: p.isStable, candidateCount: p.point.candidateIndices.count,
                iterations: p.point.iterations, escapeReason: p.escapeReason)
        }
        settings = Settings(
            cell: s.kind.rawValue, weights: s.weightsPath, input: s.input, candidates: s.candidatesPath, samples: s.samples,
            warmStartSteps: s.warmStartSteps, seed: s.seed, certificationTolerance: SlowPointOptions().certificationTolerance)
        fixedPoints = result.fixedPoints.map(point)
        slowPoints = result.slowPoints.map(point)
        escapes = result.escapes.map(point)
        verdict = Verdict(kind: result.verdict.kind.rawValue, text: result.verdict.description)
        candidates = result.candidates.count
        skippedCandidateRows = result.skippedRows
        seconds = result.seconds
    }
}
