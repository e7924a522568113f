import CommandSupport
import Dynamics
import Yang2020

/// The schema of `report.json` (documented in Docs/Yang2020.md). Non-finite numbers are written as null.
struct Report: Codable, Sendable {
    /// Bumped when a field changes meaning (2: `inputSweep`, `decisionSweep`, `selection`).
    var schemaVersion = 4
    /// Every setting the run used.
    var settings: Settings
    /// Training, or where the weights came from.
    var training: Training
    /// PCA of the activity.
    var pca: PCASummary
    /// The tutorial's slow-point protocol and its filters.
    var slowPoints: SlowPointSummary
    /// The distinct exact fixed points (certified by their residual).
    var fixedPoints: [FixedPointReport]
    /// Distinct points where refinement stopped above the certification tolerance.
    var slowMinima: [SlowMinimumReport]
    /// Where the kept slow points end under refinement: one entry per distinct end point.
    var keptSlowPointFates: [Fate]
    /// The attractor verdict over the fixed points.
    var verdict: Verdict
    /// Wall-clock seconds.
    var timings: Timings
    /// A plain-language reading of the result.
    var reading: String
    /// The fixed points followed across stimulus coherence, fixation on (nil without the task's inputs).
    var inputSweep: InputSweepReport?
    /// The same during the decision period (fixation off).
    var decisionSweep: InputSweepReport?
    /// Per exact fixed point at the analysed input: how each input channel drives its slowest mode.
    var selection: [SelectionReport]
    /// The leading Lyapunov exponent under constant inputs (fixation alone; fixation and a stimulus).
    var lyapunov: [LyapunovReport] = []
    /// Exact cycles of period 1 to 4 by activation-pattern search seeded from the activity.
    var cycles: CycleSearchReport?
    /// Which choice each state makes when the decision period begins: basins on the PCA plane.
    var decisionBasins: DecisionBasinsReport?

    struct DecisionBasinsReport: Codable, Sendable {
        /// How states were labelled: by the decision-period map's stable fixed points, or (when it has
        /// none) by the readout's choice after the horizon (50 steps).
        var mode: String
        var resolution: Int
        /// Grid points followed through the decision period; the others were filled by border tracing
        /// from blocks of `tracingBlock` grid steps (0: every point followed).
        var followedStates: Int
        /// Followed states that reached no attractor within 500 steps and took the readout's choice after
        /// 50 (attractor mode only; the check then simulates 200 steps).
        var readoutLabelledStates: Int
        var tracingBlock: Int
        var pc1Range: [Double]
        var pc2Range: [Double]
        /// The attractors (certified stable fixed points) with their choices.
        var attractorChoices: [Int]
        var attractorStates: [[Double]]
        /// Fraction of the plane choosing 1, choosing 2, undecided.
        var fractions: [Double]
        /// The same for the choice read one step into the decision period (what the task reads).
        var oneStepFractions: [Double]
        /// Fraction of the plane where the one-step choice is the one the dynamics settle on.
        var oneStepAgreement: Double
        /// The saddle on the boundary (edge tracking), when certified.
        var saddle: [Double]?
        var saddleEigenvalues: [ComplexNumber]?
        /// Predicted choices that equal the network's own readout after simulating the decision period.
        var agreement: Double
        var agreementSamples: Int
    }

    struct LyapunovReport: Codable, Sendable {
        var condition: String
        var input: [Double]
        /// Per step of dt, and per second; absent when the orbit diverged.
        var leadingExponentPerStep: Double?
        var leadingExponentPerSecond: Double?
        /// ‖h‖ at the end of the orbit: tells a bounded orbit from one that drifts off; absent when it diverged.
        var finalStateNorm: Double?
        /// The step at which the activity overflowed: it grows without bound under this input.
        var divergedAtStep: Int?
        var steps: Int
        var transient: Int
    }

    struct CycleSearchReport: Codable, Sendable {
        /// Activity states used as seeds.
        var seeds: Int
        var periods: [CyclePeriodReport]
        /// The cycles of period ≥ 2 followed across stimulus coherence (at most four).
        var branches: [CycleBranchReport]
    }

    /// One cycle followed across coherence from where it was found, both ways.
    struct CycleBranchReport: Codable, Sendable {
        var period: Int
        var startCoherence: Double
        /// The coherence interval its certified points cover.
        var coherenceRange: [Double]
        var points: Int
        /// Why each direction stopped.
        var terminations: [String]
        /// Events met: period doublings, folds, Neimark–Sacker points, border collisions.
        var events: [CycleEventReport]
        /// Coherence values where the cycle is stable (its points' stability, in order along the branch).
        var stableSpans: [[Double]]
    }

    struct CycleEventReport: Codable, Sendable {
        var kind: String
        var coherence: Double
    }

    struct CyclePeriodReport: Codable, Sendable {
        var period: Int
        /// Distinct activation-pattern sequences solved.
        var regionsTried: Int
        var cycles: [CycleReport]
    }

    struct CycleReport: Codable, Sendable {
        var states: [[Double]]
        var residual: Double
        /// Largest Floquet multiplier modulus.
        var spectralRadius: Double
        var stable: Bool
    }

    /// A continuation in coherence.
    struct InputSweepReport: Codable, Sendable {
        /// [from, to] in % coherence.
        var coherenceRange: [Double]
        /// The fixation channel during the sweep.
        var fixation: Double
        var branches: [BranchReport]
        /// Coherence intervals [from, to] where no fixed point was found on any branch.
        var noFixedPoint: [[Double]]
    }

    struct BranchReport: Codable, Sendable {
        var points: [SweepPoint]
        var bifurcations: [SweepEvent]
    }

    struct SweepPoint: Codable, Sendable {
        var coherence: Double
        var state: [Double]
        var residual: Double
        var spectralRadius: Double
        var isStable: Bool
    }

    struct SweepEvent: Codable, Sendable {
        /// A `BifurcationKind` raw value: fold, branchPoint, periodDoubling, neimarkSacker, borderCollision.
        var kind: String
        var coherence: Double
        var state: [Double]
    }

    /// ℓᴴ·B for the slowest mode (left eigenvector ℓ normalised against the right one): the drive of
    /// that mode by each input channel (fixation, choice 1, choice 2), Mante, Sussillo et al. (2013).
    struct SelectionReport: Codable, Sendable {
        /// Index into `fixedPoints`.
        var fixedPoint: Int
        var slowEigenvalue: ComplexNumber
        var inputProjections: [ComplexNumber]
    }

    struct Settings: Codable, Sendable {
        var seed: UInt64
        /// The training options; absent when the weights were loaded (no training ran).
        var epochs: Int?
        var batchesPerEpoch: Int?
        var batchSize: Int?
        var hidden: Int
        var learningRate: Double?
        var trainingPrecision: String?
        var weights: String?
        var candidates: String?
        var trials: Int
        var input: [Double]
        var fixationRule: String
        var dtMs: Double
        var fpSteps: Int
        var fpBatch: Int
        var fpLearningRate: Double
        var fpTolerance: Double
        var fpPrecision: String
        var uniqueTolerance: Double
        var outlierTolerance: Double
        var certificationTolerance: Double
    }

    struct Training: Codable, Sendable {
        /// "trained" or "loaded".
        var source: String
        /// Loss and accuracy per epoch (their wall-clock seconds are in `timings.epochSeconds`).
        var epochs: [Epoch]
        /// Decision accuracy of the last epoch (nil when loaded).
        var finalAccuracy: Double?
    }

    /// One epoch's results: reproducible for a seed, unlike its duration.
    struct Epoch: Codable, Sendable {
        var epoch: Int
        var loss: Double
        var accuracy: Double
    }

    struct PCASummary: Codable, Sendable {
        var explainedVarianceRatio: [Double]
    }

    struct SlowPointSummary: Codable, Sendable {
        var optimized: Int
        var afterLossFilter: Int
        var afterUnique: Int
        var afterOutliers: Int
        var keptCandidateIndices: [Int]
        var finalObjective: Double
        var steps: Int
    }

    typealias ComplexNumber = ReportComplexNumber

    struct FixedPointReport: Codable, Sendable {
        var state: [Double]
        var residual: Double
        var iterations: Int
        var candidateCount: Int
        var eigenvalues: [ComplexNumber]
        var spectralRadius: Double
        var stable: Bool
        var classification: String
        /// −dt/ln|λ| per eigenvalue in ms, in eigenvalue order (null for a marginal one).
        var timeConstantsMs: [Double?]
        var slowDirectionAlignmentPC1: Double
    }

    struct SlowMinimumReport: Codable, Sendable {
        var state: [Double]
        var loss: Double
        var residual: Double
        var candidateCount: Int
        var eigenvalues: [ComplexNumber]
        var spectralRadius: Double
    }

    struct Fate: Codable, Sendable {
        /// "fixedPoint" or "slowMinimum".
        var kind: String
        /// Index into `fixedPoints` or `slowMinima`.
        var index: Int
        /// How many kept slow points end there.
        var count: Int
    }

    struct Verdict: Codable, Sendable {
        var kind: String
        var text: String
        var intrinsicDimension: Int
        var marginalEigenvaluesPerPoint: [Int]
        var alignments: [Double]
    }

    /// Every wall-clock duration of the run, and nothing else: two runs with the same seed and settings
    /// write report.json files that differ only inside this object.
    struct Timings: Codable, Sendable {
        var trainingSeconds: Double
        /// Each training epoch's seconds, trial generation included (empty when weights were loaded).
        var epochSeconds: [Double] = []
        var slowPointSearchSeconds: Double
        var refinementSeconds: Double
        /// Both coherence sweeps (0 without them).
        var sweepSeconds: Double = 0
        /// The Lyapunov exponents and the cycle search.
        var orbitSeconds: Double = 0
        /// The decision-period basins and their check (0 without them).
        var decisionBasinsSeconds: Double = 0
        var totalSeconds: Double
    }
}
