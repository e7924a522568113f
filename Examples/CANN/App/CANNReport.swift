import CommandSupport
import CANN
import Dynamics

/// The schema of the `cann` command's `report.json` (documented in Docs/Scale.md).
struct CANNReport: Codable {
    /// Bumped when a field changes meaning.
    var schemaVersion = 1
    var settings: Settings
    /// One analysis per lattice.
    var lattices: [Lattice]

    struct Settings: Codable {
        var units: Int
        var spacing: Double
        var noise: Double
        var seed: UInt64
        var spectrumCount: Int
        var inhibition: Double
        var width: Double
        var stimulusAmplitude: Double
        var connectionStrength: Double
        var timeConstant: Double
        var certificationTolerance: Double
    }

    typealias ComplexNumber = ReportComplexNumber

    /// A distinct point: where its bump sits, how fast it moves, its leading spectrum.
    struct Point: Codable {
        var position: Double
        var residual: Double
        var speed: Double
        /// d(position)/dt (rad per unit time): 0 at a fixed point.
        var drift: Double
        var iterations: Int
        var candidateCount: Int
        var leadingEigenvalues: [ComplexNumber]
        var spectrumResiduals: [Double]
        var spectrumConverged: Bool
        var isStable: Bool
        var marginalEigenvalues: Int
    }

    struct Lattice: Codable {
        /// "even" (exact ring) or "brainpy" (coincident ends).
        var lattice: String
        var candidates: Int
        var certifiedCandidates: Int
        var fixedPoints: [Point]
        var slowPoints: [Point]
        /// The largest gap between neighbouring fixed-point positions around the ring (rad): small
        /// when the fixed points cover the whole ring.
        var largestPositionGap: Double
        var verdict: Verdict
        var findSeconds: Double
        var stabilitySeconds: Double
        var totalSeconds: Double
    }

    struct Verdict: Codable {
        var kind: String
        var text: String
        var intrinsicDimension: Int
        var largestGapRatio: Double
        var closureGapRatio: Double
    }
}

extension CANNReport {
    /// The report of a run.
    init(settings s: CANNSettings, results: [LatticeResult]) {
        let network = results.first?.network ?? RingNetwork(units: s.units)
        settings = Settings(
            units: s.units, spacing: s.spacing, noise: s.noise, seed: s.seed, spectrumCount: s.spectrumCount,
            inhibition: network.inhibition, width: network.width, stimulusAmplitude: network.stimulusAmplitude,
            connectionStrength: network.connectionStrength, timeConstant: network.timeConstant,
            certificationTolerance: SlowPointOptions().certificationTolerance)
        lattices = results.map { result in
            func point(_ p: AnalysedPoint) -> Point {
                Point(
                    position: p.position, residual: p.point.residual, speed: p.speed, drift: p.drift, iterations: p.point.iterations,
                    candidateCount: p.point.candidateIndices.count,
                    leadingEigenvalues: p.spectrum.eigenvalues.map { ComplexNumber(re: $0.real, im: $0.imaginary) },
                    spectrumResiduals: p.spectrum.residuals, spectrumConverged: p.spectrum.isConverged, isStable: p.spectrum.isStable,
                    marginalEigenvalues: p.spectrum.marginalCount())
            }
            return Lattice(
                lattice: result.network.lattice.rawValue, candidates: result.candidates.count,
                certifiedCandidates: result.found.refined.filter(\.isFixedPoint).count,
                fixedPoints: result.fixedPoints.map(point), slowPoints: result.slowPoints.map(point),
                largestPositionGap: Self.largestGap(result.fixedPoints.map(\.position)),
                verdict: Verdict(
                    kind: result.verdict.kind.rawValue, text: result.verdict.description, intrinsicDimension: result.verdict.intrinsicDimension,
                    largestGapRatio: result.verdict.largestGapRatio, closureGapRatio: result.verdict.closureGapRatio),
                findSeconds: result.findSeconds, stabilitySeconds: result.stabilitySeconds,
                totalSeconds: result.findSeconds + result.stabilitySeconds)
        }
    }

    /// The largest gap between consecutive angles around the circle (2π without angles).
    static func largestGap(_ angles: [Double]) -> Double {
        let sorted = angles.sorted()
        guard let first = sorted.first, let last = sorted.last else { return 2 * Double.pi }
        var gap = first + 2 * Double.pi - last
        for (a, b) in zip(sorted, sorted.dropFirst()) { gap = Swift.max(gap, b - a) }
        return gap
    }
}
