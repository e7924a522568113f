import Dynamics
import Yang2020

/// Everything a `yang2020` run needs, validated: the command-line options in typed form.
struct AnalysisSettings: Sendable {
    var seed: UInt64 = 0
    var training = TrainingOptions()
    var hidden = 64
    var weightsDirectory: String?
    var candidatesFile: String?
    var trials = 100
    var input: [Double] = [1, 0.5, 0.5]
    var task = DecisionMakingTask()
    var slowPoints = SlowPointOptions()
    var uniqueTolerance = 0.03
    var outlierTolerance = 0.1
    var output = "yang2020-output"
    var quiet = false
    /// Grid points per side of the decision-period basins on the PCA plane; 0 skips them.
    var basinResolution = 500
    /// The first blocks' side of the basins' border tracing, in grid steps; 0 follows every grid point.
    var basinBlock = 32

    /// The tutorial's settings.
    init() {
        slowPoints.precision = .single
    }
}
