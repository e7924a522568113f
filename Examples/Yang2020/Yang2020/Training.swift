import Dynamics
import Foundation

/// Settings of ``Trainer``, with the tutorial's values as defaults.
public struct TrainingOptions: Sendable, Codable {
    /// Epochs; default 20.
    public var epochs: Int = 20
    /// Batches per epoch; default 64 (1024 trials of 16).
    public var batchesPerEpoch: Int = 64
    /// Trials per batch; default 16.
    public var batchSize: Int = 16
    /// Adam step size; default 1e-3. (The tutorial's loop never advances BrainPy's step counter, so its
    /// Adam runs with the bias correction frozen at t = 1, an effective 3.16e-4 on uncorrected moments;
    /// this trainer uses standard Adam.)
    public var learningRate: Double = 1e-3
    /// Arithmetic of training; default `.single` (float32, as the tutorial; about twice as fast).
    public var precision: ComputePrecision = .single

    /// The tutorial's settings.
    public init() {}

    /// Checks the settings; returns a message naming the first problem.
    public func validationError() -> String? {
        if epochs < 1 { return "epochs must be ≥ 1, got \(epochs)" }
        if batchesPerEpoch < 1 { return "batches per epoch must be ≥ 1, got \(batchesPerEpoch)" }
        if batchSize < 1 { return "the batch size must be ≥ 1, got \(batchSize)" }
        if !(learningRate > 0) || !learningRate.isFinite { return "the learning rate must be positive, got \(learningRate)" }
        return nil
    }
}

/// One epoch's figures.
public struct EpochRecord: Sendable, Codable, Equatable {
    /// 1-based epoch number.
    public var epoch: Int
    /// Mean cross-entropy over the epoch's batches.
    public var loss: Double
    /// Decision-step accuracy averaged over the epoch's batches.
    public var accuracy: Double
    /// Wall-clock seconds of the epoch, trial generation included.
    public var seconds: Double
}

/// Trains a ``RecurrentNetwork`` on a ``DecisionMakingTask`` with hand-written backpropagation through
/// time on BLAS and Adam.
///
/// The loss is cross-entropy averaged over all steps × trials (21 of 22 targets are "fixate");
/// accuracy is measured at the decision steps only (label > 0). Every batch draws fresh trials from
/// `rng`, so the same seed gives bit-identical weights.
public enum Trainer {
    /// Trains `network` in place and returns one record per epoch.
    ///
    /// - Parameters:
    ///   - network: the network to train.
    ///   - task: the trial generator.
    ///   - options: epochs, batch size, learning rate, precision.
    ///   - rng: the source of every trial.
    ///   - progress: receives one line per epoch (loss, accuracy, seconds); nil for silence.
    /// - Throws: ``TrainingError/diverged(epoch:batch:learningRate:)`` as soon as a batch's loss is
    ///   NaN or infinite (the step size is too large); `network` is then left unchanged.
    /// - Complexity: epochs · batches · O(steps · size · hidden²).
    public static func train(
        _ network: inout RecurrentNetwork, task: DecisionMakingTask, options: TrainingOptions,
        using rng: inout some RandomNumberGenerator, progress: ((String) -> Void)? = nil
    ) throws(TrainingError) -> [EpochRecord] {
        switch options.precision {
        case .single: return try train(&network, task: task, options: options, using: &rng, progress: progress, as: Float.self)
        case .double: return try train(&network, task: task, options: options, using: &rng, progress: progress, as: Double.self)
        }
    }

    @_specialize(where S == Float, R == SeededGenerator)
    @_specialize(where S == Double, R == SeededGenerator)
    static func train<S: BLASScalar, R: RandomNumberGenerator>(
        _ network: inout RecurrentNetwork, task: DecisionMakingTask, options: TrainingOptions,
        using rng: inout R, progress: ((String) -> Void)?, as: S.Type
    ) throws(TrainingError) -> [EpochRecord] {
        var model = BackpropagationThroughTime<S>(network: network, steps: task.trialSteps, batchSize: options.batchSize)
        var m = [S](repeating: 0, count: model.parameters.count)
        var v = m
        let adam = Adam(learningRate: options.learningRate)
        var records: [EpochRecord] = []
        var t = 0
        let clock = ContinuousClock()
        for epoch in 1...options.epochs {
            let start = clock.now
            var lossSum = 0.0, accuracySum = 0.0
            for batchIndex in 0..<options.batchesPerEpoch {
                let batch = task.makeBatch(size: options.batchSize, using: &rng)
                let (loss, accuracy) = model.lossAndGradient(batch)
                guard loss.isFinite else { throw .diverged(epoch: epoch, batch: batchIndex + 1, learningRate: options.learningRate) }
                lossSum += loss
                accuracySum += accuracy
                t += 1
                model.parameters.withUnsafeMutableBufferPointer { p in
                    model.gradient.withUnsafeBufferPointer { g in
                        m.withUnsafeMutableBufferPointer { m in
                            v.withUnsafeMutableBufferPointer { v in
                                adam.update(parameters: p, gradients: g, firstMoments: m, secondMoments: v, step: t)
                            }
                        }
                    }
                }
            }
            let elapsed = clock.now - start
            let record = EpochRecord(
                epoch: epoch, loss: lossSum / Double(options.batchesPerEpoch), accuracy: accuracySum / Double(options.batchesPerEpoch),
                seconds: elapsed.inSeconds)
            records.append(record)
            progress?(String(format: "  epoch %3d   loss %.4f   accuracy %.3f   %.3f s", epoch, record.loss, record.accuracy, record.seconds))
        }
        // A last update can still overflow the parameters without a loss to show it.
        guard let trained = try? model.network() else {
            throw .diverged(epoch: options.epochs, batch: options.batchesPerEpoch, learningRate: options.learningRate)
        }
        network = trained
        return records
    }
}

/// Why training stopped.
public enum TrainingError: Error, Equatable, CustomStringConvertible {
    /// The loss or the parameters became NaN or infinite at this (1-based) epoch and batch.
    case diverged(epoch: Int, batch: Int, learningRate: Double)

    /// A readable explanation with the fix.
    public var description: String {
        switch self {
        case let .diverged(epoch, batch, learningRate):
            return "training diverged at epoch \(epoch), batch \(batch): the loss or the weights became NaN or infinite; lower the learning rate (it is \(learningRate); the tutorial's is 0.001)"
        }
    }
}
