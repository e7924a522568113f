import Dynamics
import Yang2020

/// The schema of `report.json` (documented in Docs/Yang2020.md). Non-finite numbers are written as null.
public struct Report: Codable, Sendable {
    /// Bumped when a field changes meaning.
    public var schemaVersion = 1
    /// Every setting the run used.
    public var settings: Settings
    /// Training, or where the weights came from.
    public var training: Training
    /// PCA of the activity.
    public var pca: PCASummary
    /// The tutorial's slow-point protocol and its filters.
    public var slowPoints: SlowPointSummary
    /// The distinct exact fixed points (certified by their residual).
    public var fixedPoints: [FixedPointReport]
    /// Distinct points where refinement stopped above the certification tolerance.
    public var slowMinima: [SlowMinimumReport]
    /// Where the kept slow points end under refinement: one entry per distinct end point.
    public var keptSlowPointFates: [Fate]
    /// The attractor verdict over the fixed points.
    public var verdict: Verdict
    /// Wall-clock seconds.
    public var timings: Timings
    /// A plain-language reading of the result.
    public var reading: String

    public struct Settings: Codable, Sendable {
        public var seed: UInt64
        public var epochs: Int
        public var batchesPerEpoch: Int
        public var batchSize: Int
        public var hidden: Int
        public var learningRate: Double
        public var trainingPrecision: String
        public var weights: String?
        public var candidates: String?
        public var trials: Int
        public var input: [Double]
        public var fixationRule: String
        public var dtMs: Double
        public var fpSteps: Int
        public var fpBatch: Int
        public var fpLearningRate: Double
        public var fpTolerance: Double
        public var fpPrecision: String
        public var uniqueTolerance: Double
        public var outlierTolerance: Double
        public var certificationTolerance: Double
    }

    public struct Training: Codable, Sendable {
        /// "trained" or "loaded".
        public var source: String
        public var epochs: [EpochRecord]
        /// Decision accuracy of the last epoch (nil when loaded).
        public var finalAccuracy: Double?
    }

    public struct PCASummary: Codable, Sendable {
        public var explainedVarianceRatio: [Double]
    }

    public struct SlowPointSummary: Codable, Sendable {
        public var optimized: Int
        public var afterLossFilter: Int
        public var afterUnique: Int
        public var afterOutliers: Int
        public var keptCandidateIndices: [Int]
        public var finalObjective: Double
        public var steps: Int
        public var seconds: Double
    }

    public struct ComplexNumber: Codable, Sendable, Equatable {
        public var re: Double
        public var im: Double
    }

    public struct FixedPointReport: Codable, Sendable {
        public var state: [Double]
        public var residual: Double
        public var iterations: Int
        public var candidateCount: Int
        public var eigenvalues: [ComplexNumber]
        public var spectralRadius: Double
        public var stable: Bool
        public var classification: String
        /// −dt/ln|λ| per eigenvalue in ms, in eigenvalue order (null for a marginal one).
        public var timeConstantsMs: [Double?]
        public var slowDirectionAlignmentPC1: Double
    }

    public struct SlowMinimumReport: Codable, Sendable {
        public var state: [Double]
        public var loss: Double
        public var residual: Double
        public var candidateCount: Int
        public var eigenvalues: [ComplexNumber]
        public var spectralRadius: Double
    }

    public struct Fate: Codable, Sendable {
        /// "fixedPoint" or "slowMinimum".
        public var kind: String
        /// Index into `fixedPoints` or `slowMinima`.
        public var index: Int
        /// How many kept slow points end there.
        public var count: Int
    }

    public struct Verdict: Codable, Sendable {
        public var kind: String
        public var text: String
        public var intrinsicDimension: Int
        public var marginalEigenvaluesPerPoint: [Int]
        public var alignments: [Double]
    }

    public struct Timings: Codable, Sendable {
        public var trainingSeconds: Double
        public var slowPointSearchSeconds: Double
        public var refinementSeconds: Double
        public var totalSeconds: Double
    }
}
