import CommandSupport
import ArgumentParser
import Dynamics
import Foundation
import Yang2020

/// `yang2020`: reproduce the BrainPy tutorial "(Yang, 2020): Dynamical system analysis for RNN" and
/// tell exact fixed points from optimizer artifacts.
public struct Yang2020Command: ParsableCommand {
    /// The command's name, abstract and discussion for `--help`.
    public static let configuration = CommandConfiguration(
        commandName: "yang2020",
        abstract: "Train a ReLU RNN on perceptual decision making, find its slow points as the BrainPy tutorial does, then certify which are exact fixed points.",
        discussion: """
            Writes figures (SVG), report.json, report.html, the network (.npy) and the points (.npy) into the \
            output folder, which appears only when the run is complete.
            """)

    @Option(help: "Training epochs (64 batches each).") var epochs = 20
    @Option(help: "Batches per epoch.") var batchesPerEpoch = 64
    @Option(help: "Trials per batch.") var batchSize = 16
    @Option(help: "Hidden units.") var hidden = 64
    @Option(help: "Random seed: same seed, same report.") var seed: UInt64 = 0
    @Option(help: "Adam learning rate for training.") var learningRate = 1e-3
    @Option(help: "Training arithmetic: single or double.") var precision: ComputePrecision = .single
    @Option(help: "Output folder; an existing one is replaced only if it holds nothing but an earlier run's files.") var output = "yang2020-output"
    @Option(help: "Load w_ir.npy, w_rr.npy, b_rr.npy, w_ro.npy, b_ro.npy from this folder instead of training.") var weights: String?
    @Option(help: "Candidate states (.npy of shape (N, hidden) or (T, B, hidden)) instead of the recorded activity.") var candidates: String?
    @Option(help: "Fresh trials whose activity is analysed.") var trials = 100
    @Option(parsing: .unconditional, help: "The constant input of the analysed map, comma-separated (a leading minus sign needs no '=').") var input = "1,0.5,0.5"
    @Option(help: "Fixation rule: until-decision (the tutorial's) or fixation-only (neurogym 2025).") var fixationRule: FixationRule = .untilDecision
    @Option(help: "Maximum Adam steps of the slow-point search.") var fpSteps = 10_000
    @Option(help: "Adam steps per chunk (one progress line each).") var fpBatch = 200
    @Option(help: "Adam learning rate of the slow-point search.") var fpLearningRate = 1e-3
    @Option(help: "Loss tolerance: early stop and the loss filter (strict <).") var fpTolerance = 1e-4
    @Option(help: "Slow-point search arithmetic: single (as the tutorial) or double.") var fpPrecision: ComputePrecision = .single
    @Option(help: "keep_unique distance (≤).") var uniqueTolerance = 0.03
    @Option(help: "exclude_outliers distance (<).") var outlierTolerance = 0.1
    @Option(help: "Grid points per side of the decision-period basins on the PCA plane (0: skip them).") var basinResolution = 500
    @Option(help: "Border tracing of the basins: side of the first blocks in grid steps, whose borders are followed and which are filled when their border makes one choice (0: follow every grid point).") var basinBlock = 32
    @Flag(help: "Print only the final summary.") var quiet = false

    /// Options at their defaults (ArgumentParser fills them from the command line).
    public init() {}

    /// The constant input, parsed: nil unless every entry is a finite number.
    @_spi(Testing) public var inputVector: [Double]? {
        let parts = input.split(separator: ",", omittingEmptySubsequences: false).map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard !parts.isEmpty, parts.allSatisfy({ $0 != nil && $0!.isFinite }) else { return nil }
        return parts.map { $0! }
    }

    /// Rejects nonsense option values with a message naming the option, before any work.
    public func validate() throws {
        func require(_ condition: Bool, _ message: String) throws { if !condition { throw ValidationError(message) } }
        let limit = Self.countLimit
        try require(epochs >= 1 && epochs <= limit, "--epochs must be between 1 and \(limit), got \(epochs)")
        try require(batchesPerEpoch >= 1 && batchesPerEpoch <= limit, "--batches-per-epoch must be between 1 and \(limit), got \(batchesPerEpoch)")
        try require(batchSize >= 1 && batchSize <= limit, "--batch-size must be between 1 and \(limit), got \(batchSize)")
        try require(hidden >= 2 && hidden <= 4096, "--hidden must be between 2 and 4096 (PCA needs two units), got \(hidden)")
        try require(learningRate > 0 && learningRate.isFinite, "--learning-rate must be positive, got \(learningRate)")
        try require(trials >= 1 && trials <= limit, "--trials must be between 1 and \(limit), got \(trials)")
        try require(inputVector != nil, "--input must be comma-separated numbers, e.g. 1,0.5,0.5; got '\(input)'")
        try require(fpSteps >= 1 && fpSteps <= Self.stepLimit, "--fp-steps must be between 1 and \(Self.stepLimit), got \(fpSteps)")
        try require(fpBatch >= 1 && fpBatch <= Self.stepLimit, "--fp-batch must be between 1 and \(Self.stepLimit), got \(fpBatch)")
        let memory = estimatedMemoryBytes
        try require(
            memory <= Self.memoryLimit,
            String(format: "this run would need about %.1f GiB of memory (--trials %d and --batch-size %d with --hidden %d); the limit is %.0f GiB: lower --trials or --batch-size",
                   memory / 1_073_741_824, trials, batchSize, hidden, Self.memoryLimit / 1_073_741_824))
        try require(fpLearningRate > 0 && fpLearningRate.isFinite, "--fp-learning-rate must be positive, got \(fpLearningRate)")
        try require(fpTolerance > 0 && fpTolerance.isFinite, "--fp-tolerance must be positive, got \(fpTolerance)")
        try require(uniqueTolerance >= 0 && uniqueTolerance.isFinite, "--unique-tolerance must be ≥ 0, got \(uniqueTolerance)")
        try require(outlierTolerance > 0 && outlierTolerance.isFinite, "--outlier-tolerance must be positive, got \(outlierTolerance)")
        try require(basinResolution == 0 || (2...4000).contains(basinResolution), "--basin-resolution must be 0 (skip) or in 2...4000, got \(basinResolution)")
        try require((0...1000).contains(basinBlock), "--basin-block must be in 0...1000 (0 follows every grid point), got \(basinBlock)")
        try require(!output.isEmpty, "--output must name a folder")
        if let weights {
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: weights, isDirectory: &isDirectory)
            try require(exists, "--weights \(weights): no such folder")
            try require(isDirectory.boolValue, "--weights \(weights) is a file; pass the folder that holds \(RecurrentNetwork.parameterFiles.joined(separator: ", "))")
            try require(FileManager.default.isReadableFile(atPath: weights), "--weights \(weights): the folder cannot be read (permission denied)")
        }
        if let candidates {
            var isDirectory: ObjCBool = false
            try require(FileManager.default.fileExists(atPath: candidates, isDirectory: &isDirectory), "--candidates \(candidates): no such file")
            try require(!isDirectory.boolValue, "--candidates \(candidates) is a folder; pass a .npy file")
        }
    }

    /// The largest count option (--epochs, --batches-per-epoch, --batch-size, --trials) accepted.
    static let countLimit = 1_000_000
    /// The largest --fp-steps / --fp-batch accepted: a thousand times the tutorial's 10,000.
    static let stepLimit = 10_000_000
    /// Runs estimated to need more memory than this are refused before any work (8 GiB: a third of
    /// this project's 24 GiB machines).
    static let memoryLimit = 8.0 * 1_073_741_824

    /// A generous estimate of the bytes a run allocates at its peak, in floating point so that absurd
    /// options cannot overflow it: about 8 copies of the (trials · 22 steps) × hidden candidates in
    /// the analysis (activity, rows, search state and moments, refined points), 8 batch-sized
    /// buffers in training (states, gradients, inputs), and the search's per-step objective history.
    var estimatedMemoryBytes: Double {
        let steps = Double(DecisionMakingTask().trialSteps)
        let analysis = 8 * Double(trials) * steps * Double(hidden) * 8
        let training = 8 * Double(batchSize) * (steps + 1) * Double(hidden) * 8
        return analysis + training + 8 * Double(fpSteps)
    }

    /// The typed settings of this invocation.
    var settings: AnalysisSettings {
        var s = AnalysisSettings()
        s.seed = seed
        s.training.epochs = epochs
        s.training.batchesPerEpoch = batchesPerEpoch
        s.training.batchSize = batchSize
        s.training.learningRate = learningRate
        s.training.precision = precision
        s.hidden = hidden
        s.weightsDirectory = weights
        s.candidatesFile = candidates
        s.trials = trials
        s.input = inputVector ?? []
        s.task.fixationRule = fixationRule
        s.slowPoints.numSteps = fpSteps
        s.slowPoints.stepsPerChunk = fpBatch
        s.slowPoints.learningRate = fpLearningRate
        s.slowPoints.tolerance = fpTolerance
        s.slowPoints.precision = fpPrecision
        s.uniqueTolerance = uniqueTolerance
        s.slowPoints.slowPointDeduplicationTolerance = uniqueTolerance
        s.outlierTolerance = outlierTolerance
        s.basinResolution = basinResolution
        s.basinBlock = basinBlock
        s.output = output
        s.quiet = quiet
        return s
    }

    /// Runs the analysis and writes the output folder; on any error, removes the staging folder and
    /// rethrows (ArgumentParser prints one `Error:` line and exits non-zero).
    public func run() throws {
        let settings = settings
        // The analysis parallelises over candidates itself; OpenBLAS threads inside its small products
        // would only compete for the same cores.
        BLASThreads.setThreadCount(1)
        let folder = try OutputFolder(destination: settings.output, ownedNames: ResultWriter.fileNames, tool: "yang2020")
        do {
            let log: (String) -> Void = settings.quiet ? { _ in } : { print($0) }
            let result = try AnalysisPipeline(settings: settings, log: log).run()
            let report = ReportBuilder(settings: settings, result: result).build()
            try ResultWriter(folder: folder, result: result, report: report).writeAll()
            let note = try folder.commit()
            printSummary(report, folder: folder.destination)
            if let note { FileHandle.standardError.write(Data((note + "\n").utf8)) }
        } catch {
            folder.discard()
            throw error
        }
    }

    func printSummary(_ report: Report, folder: String) {
        let s = report.slowPoints
        if let accuracy = report.training.finalAccuracy { print(String(format: "Final decision accuracy: %.3f", accuracy)) }
        print("Slow points (tutorial protocol): \(s.optimized) optimized -> \(s.afterLossFilter) -> \(s.afterUnique) -> \(s.afterOutliers) kept")
        print("Exact fixed points: \(report.fixedPoints.count); slow points that are not fixed points: \(report.slowMinima.count)")
        print("Verdict: \(report.verdict.text)")
        print(report.reading)
        print(String(format: "Total %.2f s. Results in %@", report.timings.totalSeconds, folder))
    }
}

extension ComputePrecision: ExpressibleByArgument {}
extension FixationRule: ExpressibleByArgument {}
