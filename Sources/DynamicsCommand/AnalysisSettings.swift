import Dynamics
import DynamicsNN

/// A `dynamics analyze` run's settings, validated.
struct AnalysisSettings: Sendable {
    /// The cell kind (`rnn-tanh`, `gru`, ...), or `onnx` / `onnx-flow` for a graph.
    var model: String
    /// The weights file, or the ONNX model.
    var weightsPath: String
    var input: [Double]
    var candidatesPath: String?
    var samples: Int
    var warmStartSteps: Int
    var seed: UInt64
    /// Certified attractors lend their Jacobians to the waiting candidates
    /// (``SlowPointOptions/sharesCertifiedJacobians``); off with `--refine-each-candidate`.
    var sharesCertifiedJacobians = true
    /// Progress lines of the long phases (search, refinement, stability) go to stdout unless `--quiet`.
    var showsProgress = false
    /// Stacked layers in the weights file; only layer 0 is analysed.
    var layersInWeights = 1
    /// The Runge–Kutta step of a flow's sampled trajectories (`--time-step`).
    var timeStep = 0.1
    /// Principal components fitted to the candidates: 2, or 3 for a box of basins.
    var pcaComponents = 2
    /// `analyze --shard`: refine only this slice of the candidates and stop.
    var candidateShard: ShardSpec?
    /// `basins --shard`: label only this slice of the grid's rows.
    var rowShard: ShardSpec?
    /// `merge`: every candidate's refinement, from the parts, in candidate order.
    var mergedRefinement: [SlowPoint]?
    /// `merge`: each part's candidate range and the digest of the values it refined, checked against
    /// the candidates of the merge.
    var mergedSliceDigests: [(Range<Int>, String)] = []
    /// `merge`: the basin labels of every grid row, from the parts.
    var mergedLabels: [Int]?
}
