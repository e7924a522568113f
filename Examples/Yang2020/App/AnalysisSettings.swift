import Dynamics
import Yang2020

/// Everything a `yang2020` run needs, validated: the command-line options in typed form.
public struct AnalysisSettings: Sendable {
    public var seed: UInt64 = 0
    public var training = TrainingOptions()
    public var hidden = 64
    public var weightsDirectory: String?
    public var candidatesFile: String?
    public var trials = 100
    public var input: [Double] = [1, 0.5, 0.5]
    public var task = DecisionMakingTask()
    public var slowPoints = SlowPointOptions()
    public var uniqueTolerance = 0.03
    public var outlierTolerance = 0.1
    public var output = "yang2020-output"
    public var quiet = false

    /// The tutorial's settings.
    public init() {
        slowPoints.precision = .single
    }
}
