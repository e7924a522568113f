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
    @Option(help: "Output folder (replaced if it holds an earlier report).") var output = "yang2020-output"
    @Option(help: "Load w_ir.npy, w_rr.npy, b_rr.npy, w_ro.npy, b_ro.npy from this folder instead of training.") var weights: String?
    @Option(help: "Candidate states (.npy of shape (N, hidden) or (T, B, hidden)) instead of the recorded activity.") var candidates: String?
    @Option(help: "Fresh trials whose activity is analysed.") var trials = 100
    @Option(help: "The constant input of the analysed map, comma-separated.") var input = "1,0.5,0.5"
    @Option(help: "Fixation rule: until-decision (the tutorial's) or fixation-only (neurogym 2025).") var fixationRule: FixationRule = .untilDecision
    @Option(help: "Maximum Adam steps of the slow-point search.") var fpSteps = 10_000
    @Option(help: "Adam steps per chunk (one progress line each).") var fpBatch = 200
    @Option(help: "Adam learning rate of the slow-point search.") var fpLearningRate = 1e-3
    @Option(help: "Loss tolerance: early stop and the loss filter (strict <).") var fpTolerance = 1e-4
    @Option(help: "Slow-point search arithmetic: single (as the tutorial) or double.") var fpPrecision: ComputePrecision = .single
    @Option(help: "keep_unique distance (≤).") var uniqueTolerance = 0.03
    @Option(help: "exclude_outliers distance (<).") var outlierTolerance = 0.1
    @Flag(help: "Print only the final summary.") var quiet = false

    /// Options at their defaults (ArgumentParser fills them from the command line).
    public init() {}

    /// The constant input, parsed.
    var inputVector: [Double]? {
        let parts = input.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard !parts.isEmpty, parts.allSatisfy({ $0 != nil && $0!.isFinite }) else { return nil }
        return parts.map { $0! }
    }

    /// Rejects nonsense option values with a message naming the option, before any work.
    public func validate() throws {
        func require(_ condition: Bool, _ message: String) throws { if !condition { throw ValidationError(message) } }
        try require(epochs >= 1, "--epochs must be at least 1, got \(epochs)")
        try require(batchesPerEpoch >= 1, "--batches-per-epoch must be at least 1, got \(batchesPerEpoch)")
        try require(batchSize >= 1, "--batch-size must be at least 1, got \(batchSize)")
        try require(hidden >= 1 && hidden <= 4096, "--hidden must be between 1 and 4096, got \(hidden)")
        try require(learningRate > 0 && learningRate.isFinite, "--learning-rate must be positive, got \(learningRate)")
        try require(trials >= 1, "--trials must be at least 1, got \(trials)")
        try require(inputVector != nil, "--input must be comma-separated numbers, e.g. 1,0.5,0.5; got '\(input)'")
        try require(fpSteps >= 1, "--fp-steps must be at least 1, got \(fpSteps)")
        try require(fpBatch >= 1, "--fp-batch must be at least 1, got \(fpBatch)")
        try require(fpLearningRate > 0 && fpLearningRate.isFinite, "--fp-learning-rate must be positive, got \(fpLearningRate)")
        try require(fpTolerance > 0 && fpTolerance.isFinite, "--fp-tolerance must be positive, got \(fpTolerance)")
        try require(uniqueTolerance >= 0 && uniqueTolerance.isFinite, "--unique-tolerance must be ≥ 0, got \(uniqueTolerance)")
        try require(outlierTolerance > 0 && outlierTolerance.isFinite, "--outlier-tolerance must be positive, got \(outlierTolerance)")
        try require(!output.isEmpty, "--output must name a folder")
        if let weights {
            var isDirectory: ObjCBool = false
            try require(FileManager.default.fileExists(atPath: weights, isDirectory: &isDirectory) && isDirectory.boolValue, "--weights \(weights): no such folder")
        }
        if let candidates { try require(FileManager.default.fileExists(atPath: candidates), "--candidates \(candidates): no such file") }
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
        s.slowPoints.numBatch = fpBatch
        s.slowPoints.learningRate = fpLearningRate
        s.slowPoints.tolerance = fpTolerance
        s.slowPoints.precision = fpPrecision
        s.uniqueTolerance = uniqueTolerance
        s.slowPoints.slowPointDeduplicationTolerance = uniqueTolerance
        s.outlierTolerance = outlierTolerance
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
        let folder = try OutputFolder(destination: settings.output)
        do {
            let log: (String) -> Void = settings.quiet ? { _ in } : { print($0) }
            let result = try AnalysisPipeline(settings: settings, log: log).run()
            let report = ReportBuilder(settings: settings, result: result).build()
            try ResultWriter(folder: folder, result: result, report: report).writeAll()
            try folder.commit()
            printSummary(report, folder: folder.destination)
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
