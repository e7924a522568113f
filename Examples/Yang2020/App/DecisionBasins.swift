import Dispatch
import Dynamics
import DynamicsPlots
import Yang2020

/// Which choice the network makes from each state when the decision period begins (fixation off, no
/// stimulus: the go cue): basins of the decision-period dynamics on the PCA plane of the activity.
///
/// The attractors are the certified stable fixed points of the decision-period map, found from the
/// recorded activity, each with the choice its readout makes; states are labelled by proximity to
/// them, and a state that reaches none within ten horizons (a slow approach) takes the readout's
/// choice after the horizon and is counted. When that map has no stable fixed point (ReLU activity
/// that grows along a choice direction), the "attractors" are where trajectories go: each state is
/// labelled by the readout's choice after a horizon, and the report says so. Either way the prediction is checked by plain simulation: from
/// 10⁴ states on the plane the decision period is run (for the horizon, or four times it when any
/// label came from the readout) and the network's own readout compared with the prediction.
struct DecisionBasins {
    /// How states were labelled.
    enum Mode: String, Codable, Sendable {
        case attractors = "stable fixed points of the decision-period map"
        case readoutAfterHorizon = "the readout's choice after 50 steps (no stable fixed point: activity escapes)"
    }

    struct Result {
        var mode: Mode
        /// The decision-period attractors (certified stable fixed points) and each one's choice.
        var attractors: [(state: [Double], choice: Int)]
        /// Choice (1 or 2, 0 undecided) per grid point, first PCA coordinate fastest.
        var choices: [Int]
        /// The readout's choice one step into the decision period (what the task reads), per grid point.
        var oneStepChoices: [Int]
        var pc1: [Double]
        var pc2: [Double]
        /// States followed through the decision period to label the plane (all of them without border
        /// tracing).
        var followed: Int
        /// Of those, the states that reached no attractor within 10 horizons and took the readout's
        /// choice after the horizon (0 without attractors, where every state does).
        var readoutLabelled: Int
        /// The saddle on the boundary between the two choices, when edge tracking certified one.
        var saddle: EdgeState?
        var agreement: Double
        var agreementSamples: Int
        var seconds: Double
    }

    let network: RecurrentNetwork
    let pca: PCAProjector
    let activity: [[Double]]
    var resolution = 500
    /// Steps of the decision period after which the readout's choice is taken (when there is no
    /// attractor), and simulated for the check.
    var horizon = 50
    /// The first blocks' side of border tracing (``BorderTracing``), in grid steps; 0 follows every grid
    /// point. The simulation check below covers the filled blocks too.
    var tracingBlock = 32

    /// The go cue: fixation off, no stimulus.
    static let decisionInput = [0.0, 0, 0]

    /// The readout's choice (1 or 2) at hidden state h: the larger of the two choice logits.
    func choice(at h: [Double]) -> Int {
        let logits = h * network.readoutWeights
        return logits[1] + network.readoutBias[1] >= logits[2] + network.readoutBias[2] ? 1 : 2
    }

    func run() throws -> Result {
        let clock = ContinuousClock()
        let start = clock.now
        let map = network.map(input: Self.decisionInput)
        // Attractors: stable certified fixed points reached from a sample of the activity.
        let seeds = Swift.stride(from: 0, to: activity.count, by: Swift.max(1, activity.count / 400)).map { activity[$0] }
        let found = try SlowPointFinder(map).find(from: seeds).fixedPoints
        let stable = try found.filter { try LinearStability(map, at: $0.state).isStable }.map(\.state)
        // The plane: the activity's range along PC1 and PC2, widened by 10 % on each side.
        let grid = try InitialConditionGrid.pcaPlane(pca, covering: activity, resolution: resolution)
        let (pc1, pc2) = (grid.axes[0], grid.axes[1])
        var options = AttractorMapperOptions()
        options.maximumSteps = 10 * horizon
        var mode = Mode.readoutAfterHorizon
        var attractors: [(state: [Double], choice: Int)] = []
        var choices: [Int]
        var saddle: EdgeState?
        var followed = 0
        var readoutLabelled = 0
        if !stable.isEmpty {
            mode = .attractors
            attractors = stable.map { ($0, choice(at: $0)) }
            // Within a certified ball orbits converge for sure (ConvergenceBall); otherwise wait for them
            // to come within 1e-6 of an attractor.
            let tiny = 1e-6 * Swift.max(1, stable.map { $0.reduce(0) { $0 + $1 * $1 }.squareRoot() }.max()!)
            let certified = stable.map { ConvergenceBall(around: $0, of: network, input: Self.decisionInput).radius }.min()!
            let radius = Swift.max(tiny, certified)
            let mapper = try AttractorMapper(map, attractors: stable.map { [$0] }, radius: radius, options: options)
            // A state that reaches no attractor within the mapper's 10 horizons (a slow approach, or an
            // escape) takes the readout's choice after the horizon, and is counted.
            let n = network.hiddenCount
            (choices, followed) = try traced(grid) { indices in
                let states = indices.map { index in
                    var x = [Double](repeating: 0, count: n)
                    grid.state(at: index, into: &x)
                    return x
                }
                var chosen = try mapper.labels(of: states).map { $0 == 0 ? 0 : attractors[$0 - 1].choice }
                let open = chosen.indices.filter { chosen[$0] == 0 }
                if !open.isEmpty {
                    let late = choicesAfter(horizon, from: open.count, map: map) { k, x in x = states[open[k]] }
                    for (k, i) in open.enumerated() { chosen[i] = late[k] }
                    readoutLabelled += open.count
                }
                return chosen
            }
            // The saddle between the two choices: edge tracking from the middle row's first change.
            let row = resolution / 2
            if let k = (0..<(resolution - 1)).first(where: { choices[row * resolution + $0] != choices[row * resolution + $0 + 1] && choices[row * resolution + $0] != 0 && choices[row * resolution + $0 + 1] != 0 }) {
                var a = [Double](repeating: 0, count: network.hiddenCount), b = a
                grid.state(at: row * resolution + k, into: &a)
                grid.state(at: row * resolution + k + 1, into: &b)
                saddle = try? mapper.edgeState(between: a, and: b)
            }
        } else {
            // No attractor in a bounded box: the choice the readout settles on after the horizon.
            (choices, followed) = traced(grid) { indices in choicesAfter(horizon, from: indices.count, map: map) { k, x in grid.state(at: indices[k], into: &x) } }
        }
        // The check, by plain simulation of the decision period on 10⁴ grid points spread evenly: the
        // network's readout after the horizon (four times it when any label came from the readout
        // itself, so that the check asks whether the choice had settled).
        let samples = Swift.min(10_000, grid.count)
        let sampled = (0..<samples).map { $0 * grid.count / samples }
        let simulated = choicesAfter(mode == .attractors && readoutLabelled == 0 ? horizon : 4 * horizon, from: samples, map: map) { s, x in grid.state(at: sampled[s], into: &x) }
        let agree = zip(sampled, simulated).filter { choices[$0.0] == $0.1 }.count
        let oneStep = traced(grid) { indices in choicesAfter(1, from: indices.count, map: map) { k, x in grid.state(at: indices[k], into: &x) } }.labels
        let elapsed = clock.now - start
        return Result(
            mode: mode, attractors: attractors, choices: choices, oneStepChoices: oneStep, pc1: pc1, pc2: pc2, followed: followed, readoutLabelled: readoutLabelled, saddle: saddle,
            agreement: Double(agree) / Double(samples), agreementSamples: samples,
            seconds: elapsed.inSeconds)
    }

    /// Choices on the plane by border tracing from ``tracingBlock`` (every point when it is 0), with the
    /// number of grid points `choose` was asked for.
    func traced<Failure: Error>(_ grid: InitialConditionGrid, choose: ([Int]) throws(Failure) -> [Int]) throws(Failure) -> (labels: [Int], evaluated: Int) {
        guard tracingBlock > 0 else { return (try choose(Array(0..<grid.count)), grid.count) }
        return try BorderTracing.labels(width: grid.shape[0], height: grid.shape[1], block: tracingBlock, label: choose)
    }

    /// The readout's choice after `steps` steps of the decision period from `count` states (written by
    /// `state`), advanced together in blocks of 1024 by the map's batched kernel (one gemm per step);
    /// a row that overflows keeps its last finite state.
    func choicesAfter(_ steps: Int, from count: Int, map: RecurrentMap, state: (Int, inout [Double]) -> Void) -> [Int] {
        let n = network.hiddenCount
        let blockRows = 1024
        let blocks = (count + blockRows - 1) / blockRows
        var choices = [Int](repeating: 0, count: count)
        // Fixed blocks on both cores: each block's rows get the same bits whatever the thread count.
        choices.withUnsafeMutableBufferPointer { slots in
            let output = UncheckedChoices(buffer: slots)
            withoutActuallyEscaping(state) { state in
                let box = UncheckedStateWriter(write: state)
                DispatchQueue.concurrentPerform(iterations: blocks) { block in
                    let low = block * blockRows
                    let rows = Swift.min(blockRows, count - low)
                    var x = [Double](repeating: 0, count: rows * n)
                    var row = [Double](repeating: 0, count: n)
                    for r in 0..<rows {
                        box.write(low + r, &row)
                        x.replaceSubrange((r * n)..<((r + 1) * n), with: row)
                    }
                    var next = x
                    for _ in 0..<steps {
                        x.withUnsafeBufferPointer { xs in next.withUnsafeMutableBufferPointer { map.evaluateBatch(xs, rows: rows, into: $0) } }
                        // Usually every row stays finite: then the buffers trade places.
                        if next.allSatisfy(\.isFinite) {
                            swap(&x, &next)
                            continue
                        }
                        for r in 0..<rows where next[(r * n)..<((r + 1) * n)].allSatisfy(\.isFinite) {
                            x.replaceSubrange((r * n)..<((r + 1) * n), with: next[(r * n)..<((r + 1) * n)])
                        }
                    }
                    for r in 0..<rows { output.buffer[low + r] = choice(at: Array(x[(r * n)..<((r + 1) * n)])) }
                }
            }
        }
        return choices
    }

    /// The figure: choices as an image on the PCA plane, attractors and the saddle marked.
    static func figure(_ result: Result, pca: PCAProjector) -> Figure {
        var first = Panel(title: "Choice read one step into the decision period", xLabel: "PC1", yLabel: "PC2")
        first.image = RasterImage(labels: result.oneStepChoices, width: result.pc1.count)
        first.imageRange = (result.pc1.first!...result.pc1.last!, result.pc2.first!...result.pc2.last!)
        first.xRange = first.imageRange!.x
        first.yRange = first.imageRange!.y
        var panel = Panel(title: result.mode == .attractors ? "Basins of the decision-period attractors" : "Choice the decision period settles on", xLabel: "PC1", yLabel: "PC2")
        panel.image = RasterImage(labels: result.choices, width: result.pc1.count)
        panel.imageRange = (result.pc1.first!...result.pc1.last!, result.pc2.first!...result.pc2.last!)
        panel.xRange = panel.imageRange!.x
        panel.yRange = panel.imageRange!.y
        for choice in [1, 2] {
            let points = result.attractors.filter { $0.choice == choice }.map { pca.transform($0.state) }.map { (x: $0[0], y: $0[1]) }
            if !points.isEmpty { panel.add(Series(name: "attractor, choice \(choice)", points: points, style: .markers(radius: 5), color: "#222222")) }
        }
        if let saddle = result.saddle {
            let p = pca.transform(saddle.state)
            panel.add(Series(name: "saddle on the boundary", points: [(x: p[0], y: p[1])], style: .crosses(size: 5), color: "#b00020"))
        }
        return Figure(panels: [first, panel], panelWidth: 460, height: 440, identifier: "decision-basins")
    }
}

/// The state writer handed to the parallel blocks (it only reads the grid).
private struct UncheckedStateWriter: @unchecked Sendable {
    let write: (Int, inout [Double]) -> Void
}

/// The choices buffer: each block writes its own rows only.
private struct UncheckedChoices: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<Int>
}
