import ArgumentParser
import CommandSupport
import Dynamics
import DynamicsNN
import DynamicsONNX
import Foundation

/// `dynamics analyze`: fixed points, slow points, stability and a verdict for a PyTorch recurrent cell.
public struct AnalyzeCommand: ParsableCommand {
    /// The subcommand's name and help.
    public static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Find and certify the fixed points of a recurrent model under a constant input: a PyTorch RNN, GRU or LSTM, or any step exported to ONNX.",
        discussion: """
            With --cell, reads weight_ih_l0, weight_hh_l0, bias_ih_l0 and bias_hh_l0 (any common prefix) from a .safetensors \
            file, a .npz archive or a folder of .npy files. With --onnx, reads a graph whose first input is the state, whose \
            optional second input is the external input, and whose first output is the next state (or dx/dt with --flow). \
            Without --candidates, candidate states are sampled by running the model from random states under the input. \
            Writes report.json, report.html, SVG figures and .npy files into --output, which appears only when the run is complete.
            """)

    @Option(help: "The cell: rnn-tanh, rnn-relu, gru or lstm (PyTorch's nn.RNN, nn.GRU, nn.LSTM; the LSTM state is [h; c]); with --weights.") var cell: String?
    @Option(help: "Weights of --cell: a .safetensors file, a .npz archive or a folder of .npy files.") var weights: String?
    @Option(help: "An ONNX model of one step (instead of --cell and --weights): state first, optional input second, next state first among the outputs.") var onnx: String?
    @Flag(help: "With --onnx: the graph's output is dx/dt (a flow), not the next state.") var flow = false
    @Option(help: "With --onnx --flow: the Runge–Kutta step of the sampled trajectories.") var timeStep = 0.1
    @Option(help: "The constant input, comma-separated (one value per input of the model); may be omitted for a graph without an input.") var input: String?
    @Option(help: "Candidate states (.npy of shape (N, state) or (T, B, state)); sampled when absent.") var candidates: String?
    @Option(help: "After the analysis, continue every certified fixed point in input INDEX (0-based) from FROM to TO, the other inputs held (INDEX:FROM:TO, e.g. 1:0:1).")
    var sweepInput: String?
    @Option(help: "Output folder; an existing one is replaced only if it holds nothing but an earlier run's files.") var output = "dynamics-output"
    @Option(help: "Candidates to sample when --candidates is absent.") var samples = 2000
    @Option(help: "Adam steps before refinement (the gradient search's warm start); 0 refines directly.") var warmStartSteps = 0
    @Option(help: "Random seed of the sampled candidates: same seed, same report.") var seed: UInt64 = 0
    @Flag(help: "Refine every candidate by its own Newton iterations (slower); by default certified attractors lend their Jacobians to a batched chord iteration of the other candidates, which may carry a candidate that Newton alone takes to a rarely reached point onto an attractor.")
    var refineEachCandidate = false
    @Option(help: "Also map the basins of the stable fixed points on the PCA plane of the candidates, this many grid points per side (0: no basins).") var basins = 0
    @Option(help: "With --basins: 2 maps the PCA plane, 3 a box over the first three principal components (--basins points per side).")
    var basinDimensions = 2
    @Option(help: "Compute only the k-th of N slices of the work and write shard.json for `dynamics merge` (k/N, k from 0, or slurm for a job array's task): the candidates' refinement, or with --basins the grid's rows.")
    var shard: String?
    @Flag(help: "Print only the summary.") var quiet = false

    /// Options at their defaults.
    public init() {}

    /// The cell kind, parsed.
    var kind: RecurrentCellKind? { cell.flatMap(RecurrentCellKind.init(rawValue:)) }

    /// The input vector, parsed: nil unless every entry is a finite number; empty when absent.
    var inputVector: [Double]? {
        guard let input else { return [] }
        let parts = input.split(separator: ",", omittingEmptySubsequences: false).map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard !parts.isEmpty, parts.allSatisfy({ $0 != nil && $0!.isFinite }) else { return nil }
        return parts.map { $0! }
    }

    /// Rejects nonsense options before any work, naming the option.
    public func validate() throws {
        func require(_ condition: Bool, _ message: String) throws { if !condition { throw ValidationError(message) } }
        if onnx != nil {
            try require(cell == nil && weights == nil, "--onnx replaces --cell and --weights; give one or the other")
            try require(timeStep.isFinite && timeStep > 0 && timeStep <= 10, "--time-step must be in (0, 10], got \(timeStep)")
            try require(!(flow && basins > 0), "--basins maps the basins of a map; a flow (--flow) has no grid of iterates")
        } else {
            try require(cell != nil && weights != nil, "give --cell and --weights (a PyTorch cell), or --onnx (any step exported to ONNX)")
            try require(kind != nil, "--cell must be one of \(RecurrentCellKind.allCases.map(\.rawValue).joined(separator: ", ")); got '\(cell!)'")
            try require(!flow, "--flow applies to --onnx graphs; the PyTorch cells are maps")
            try require(input != nil, "--input is required with --cell (one value per input of the cell)")
        }
        try require(inputVector != nil, "--input must be comma-separated numbers, e.g. 1,0.5,0.5; got '\(input ?? "")'")
        try require(samples >= 1 && samples <= 1_000_000, "--samples must be between 1 and 1000000, got \(samples)")
        try require(warmStartSteps >= 0 && warmStartSteps <= SlowPointOptions.stepLimit, "--warm-start-steps must be between 0 and \(SlowPointOptions.stepLimit), got \(warmStartSteps)")
        try require(!output.isEmpty, "--output must name a folder")
        try require(basins == 0 || (2...4000).contains(basins), "--basins must be 0 (none) or in 2...4000, got \(basins)")
        try require((2...3).contains(basinDimensions), "--basin-dimensions must be 2 (a plane) or 3 (a box), got \(basinDimensions)")
        try require(basinDimensions == 2 || basins <= 400, "--basins \(basins) with --basin-dimensions 3 is \(basins)³ points; at most 400 per side (64 million)")
        if let shard, case .failure(let error) = ShardSpec.parse(shard) { throw ValidationError(error.message) }
        try require(shard == nil || basins > 0 || warmStartSteps == 0,
                    "--shard with --warm-start-steps \(warmStartSteps): the warm start's Adam steps couple all candidates through their mean loss, so shards would not add up to one run; use --warm-start-steps 0")
        if let sweepInput {
            guard let range = SweepRange(sweepInput) else {
                throw ValidationError("--sweep-input must be INDEX:FROM:TO with a 0-based input index and two different finite numbers, e.g. 1:0:1; got '\(sweepInput)'")
            }
            try require(range.index < inputVector!.count, "--sweep-input index \(range.index) is not an input: --input has \(inputVector!.count) values (indices 0...\(inputVector!.count - 1))")
        }
    }

    /// Runs the analysis and writes the output folder; on any error removes the staging folder and
    /// rethrows (one `Error:` line, exit code 1).
    public func run() throws { try run(merging: nil) }

    /// Runs the analysis; `merged` holds what shards computed (their refined candidates or basin
    /// rows), which then replaces that part of the work.
    func run(merging merged: MergedWork?) throws {
        BLASThreads.setThreadCount(1)
        if let onnx { return try runONNX(onnx, merging: merged) }
        let weights = weights!, kind = kind!
        let dict: StateDict
        do { dict = try StateDict(contentsOf: weights) } catch { throw CommandError("--weights: \(error)") }
        let cellWeights: CellWeights
        do { cellWeights = try kind.weights(from: dict) } catch { throw CommandError("--weights \(weights): \(error)") }
        let layers = RecurrentCellKind.layerCount(in: dict)
        if layers > 1 {
            // Said even with --quiet: the numbers would otherwise be taken for the whole network's.
            FileHandle.standardError.write(Data("""
                note: \(weights) holds a stack of \(layers) layers (weight_hh_l0 ... weight_hh_l\(layers - 1)); analyze reads layer 0 \
                alone, as a single-layer cell driven by --input. The fixed points of the stack are not these.\n
                """.utf8))
        }
        let settings = settings(model: kind.rawValue, path: weights, layers: layers, merging: merged)
        try produce(settings) { log, progress in
            let sweepRange = sweepInput.flatMap(SweepRange.init)
            switch kind {
            // Each cell's map at the input brings its batched BLAS kernels and analytic Jacobian.
            case .rnnTanh, .rnnRelu:
                let elman = try ElmanCell(weights: cellWeights, nonlinearity: kind == .rnnTanh ? .tanh : .relu)
                return try analysed(elman, elman.map(input:), settings: settings, log: log, progress: progress, sweep: sweepRange)
            case .gru:
                let gru = try GRUCell(weights: cellWeights)
                return try analysed(gru, gru.map(input:), settings: settings, log: log, progress: progress, sweep: sweepRange) {
                    gru.escapeReason(at: $0, input: $1)
                }
            case .lstm:
                let lstm = try LSTMCell(weights: cellWeights)
                return try analysed(lstm, lstm.map(input:), settings: settings, log: log, progress: progress, sweep: sweepRange) {
                    lstm.escapeReason(at: $0, input: $1)
                }
            }
        } onCellError: { "--weights \(weights): \($0)" }
    }

    /// `--onnx`: the graph read, compiled and analysed as a map or, with `--flow`, a flow.
    private func runONNX(_ path: String, merging merged: MergedWork?) throws {
        let graph: ONNXStep
        let started = ContinuousClock().now
        do { graph = try ONNXStep(contentsOf: path) } catch { throw CommandError("--onnx: \(error)") }
        if !quiet {
            let milliseconds = (ContinuousClock().now - started).inSeconds * 1000
            print("Read \(path): \(graph.dimension) state value(s), \(graph.parameterCount) input(s), \(graph.instructionCount) instructions after constant folding, in \(String(format: "%.1f", milliseconds)) ms")
        }
        var settings = settings(model: flow ? "onnx-flow" : "onnx", path: path, layers: 1, merging: merged)
        settings.timeStep = timeStep
        guard settings.input.count == graph.parameterCount else {
            throw CommandError("--input has \(settings.input.count) values; the graph \(path) takes \(graph.parameterCount) input value(s)\(graph.parameterCount == 0 ? " (omit --input)" : "")")
        }
        try produce(settings) { log, progress in
            let sweepRange = sweepInput.flatMap(SweepRange.init)
            if flow {
                let field = ONNXFlow(graph)
                return try analysed(field, field.flow(input:), settings: settings, log: log, progress: progress, sweep: sweepRange)
            }
            return try analysed(graph, graph.map(input:), settings: settings, log: log, progress: progress, sweep: sweepRange)
        } onCellError: { "--onnx \(path): \($0)" }
    }

    /// The run's settings from the options (and the shard or the merged parts).
    private func settings(model: String, path: String, layers: Int, merging merged: MergedWork?) -> AnalysisSettings {
        var settings = AnalysisSettings(
            model: model, weightsPath: path, input: inputVector!, candidatesPath: candidates, samples: samples,
            warmStartSteps: warmStartSteps, seed: seed, sharesCertifiedJacobians: !refineEachCandidate, showsProgress: !quiet,
            layersInWeights: layers)
        settings.pcaComponents = basins > 0 ? basinDimensions : 2
        if let shard, case .success(let spec) = ShardSpec.parse(shard) {
            if basins > 0 { settings.rowShard = spec } else { settings.candidateShard = spec }
        }
        settings.mergedRefinement = merged?.refined
        settings.mergedSliceDigests = merged?.sliceDigests ?? []
        settings.mergedLabels = merged?.labels
        return settings
    }

    /// The analysis of `cell` as `fixing(input)` at the input (made once the input's length is checked),
    /// with the basins of a map and the sweep.
    private func analysed<Cell: ParametricSystem & Sendable, System: DynamicalSystem>(
        _ cell: Cell, _ fixing: @escaping ([Double]) -> System, settings: AnalysisSettings, log: @escaping (String) -> Void, progress: (@Sendable (String) -> Void)?,
        sweep sweepRange: SweepRange?, escape: @escaping ([Double], [Double]) -> String? = { _, _ in nil }
    ) throws -> (CellAnalysisResult, CellSweepResult?, (CellBasins, [Int])?) {
        let result = try CellAnalysis(cell: cell, settings: settings, log: log, fixedMap: fixing, escape: escape).run()
        if settings.candidateShard != nil { return (result, nil, nil) }
        var basinMap: (CellBasins, [Int])?
        if basins > 0, let map = fixing(settings.input) as? any DiscreteMap {
            basinMap = try CellBasins.map(
                map, result: result, resolution: basins, dimensions: basinDimensions, log: log, progress: progress,
                rows: settings.rowShard.map { $0.range(of: basins) },
                knownLabels: settings.mergedLabels)
        }
        if settings.rowShard != nil { return (result, nil, basinMap) }
        let sweep = sweepRange.map { CellSweep(cell: cell, input: settings.input, range: $0, log: log).run(from: result.fixedPoints.map(\.point.state)) }
        return (result, sweep, basinMap)
    }

    /// Runs `analyse` into a staged output folder and writes the report, figures and arrays; on any
    /// error removes the staging folder and rethrows (one `Error:` line, exit code 1).
    private func produce(
        _ settings: AnalysisSettings,
        _ analyse: (_ log: @escaping (String) -> Void, _ progress: (@Sendable (String) -> Void)?) throws -> (CellAnalysisResult, CellSweepResult?, (CellBasins, [Int])?),
        onCellError: (CellError) -> String
    ) throws {
        let isShard = settings.candidateShard != nil || settings.rowShard != nil
        let folder = try OutputFolder(destination: output, ownedNames: isShard ? [ShardFile.fileName, ShardFile.statesFileName] : AnalysisWriter.fileNames, tool: "dynamics")
        do {
            let log: (String) -> Void = quiet ? { _ in } : { print($0) }
            let printLine: @Sendable (String) -> Void = { print($0) }
            let (result, sweep, basinMap) = try analyse(log, quiet ? nil : printLine)
            if isShard {
                let (file, states) = try shardFile(settings: settings, result: result, labels: basinMap?.1)
                try folder.writeJSON(file, to: ShardFile.fileName)
                if let states {
                    do { try states.write(to: URL(fileURLWithPath: folder.path(ShardFile.statesFileName))) } catch {
                        throw CommandError("cannot write \(ShardFile.statesFileName): \(error.localizedDescription)")
                    }
                }
                let note = try folder.commit()
                print("shard \(file.manifest.shard.description): \(file.manifest.items) \(file.manifest.start)..<\(file.manifest.end) of \(file.manifest.total) in \(folder.destination)/\(ShardFile.fileName)")
                if let note { FileHandle.standardError.write(Data((note + "\n").utf8)) }
                return
            }
            let report = AnalysisReport(settings: settings, result: result, sweep: sweep)
            if let (basins, labels) = basinMap, let pca = result.pca {
                try folder.writeJSON(basins, to: "basins.json")
                do { try NumPyArray(shape: basins.labelShape, values: labels.map(Double.init)).write(to: folder.path("basin-labels.npy")) } catch {
                    throw CommandError("cannot write basin-labels.npy: \(error)")
                }
                try folder.write(basins.figure(labels: labels, pca: pca).svg(), to: "basins.svg")
            }
            try AnalysisWriter(folder: folder, result: result, sweep: sweep, report: report).writeAll()
            let note = try folder.commit()
            print("\(result.fixedPoints.count) certified fixed point(s), \(result.slowPoints.count) slow point(s), \(result.escapes.count) escape(s) from \(result.candidates.count) candidates; verdict: \(result.verdict.kind.rawValue)")
            print("Results in \(folder.destination)")
            if let note { FileHandle.standardError.write(Data((note + "\n").utf8)) }
        } catch let error as CellError {
            folder.discard()
            throw CommandError(onCellError(error))
        } catch {
            folder.discard()
            throw error
        }
    }
}
