import Dynamics

/// When the fixation input (channel 0) is on.
public enum FixationRule: String, Sendable, Codable, CaseIterable {
    /// On during fixation, stimulus and delay; off at the decision step (the go cue). The rule of the
    /// BrainPy tutorial (neurogym before 2025), which the fixed-point input [1, 0.5, 0.5] assumes.
    case untilDecision = "until-decision"
    /// On only during the fixation period (neurogym's rule since 2025).
    case fixationOnly = "fixation-only"
}

/// The perceptual decision-making task of the Yang 2020 tutorial (neurogym's
/// `PerceptualDecisionMaking`, rate inputs): fixate, integrate two noisy evidence channels, report the
/// stronger one at the go cue.
///
/// With the defaults every trial has 22 steps of dt = 100 ms: step 0 fixation, steps 1...20 stimulus,
/// step 21 decision. Inputs are [fixation, evidence 1, evidence 2]; during the stimulus the correct
/// channel carries 0.5 + coh/200 and the other 0.5 − coh/200; Gaussian noise of std σ/√dt is added to
/// every channel at every step. Labels are 0 (fixate) except at the decision step: ground truth + 1.
public struct DecisionMakingTask: Sendable, Codable {
    /// Time step in ms; default 100.
    public var dt: Double = 100
    /// Fixation period in ms; default 100.
    public var fixation: Double = 100
    /// Stimulus period in ms; default 2000.
    public var stimulus: Double = 2000
    /// Delay period in ms; default 0.
    public var delay: Double = 0
    /// Decision period in ms; default 100.
    public var decision: Double = 100
    /// Coherences (in %) drawn uniformly per trial; default [0, 6.4, 12.8, 25.6, 51.2].
    public var coherences: [Double] = [0, 6.4, 12.8, 25.6, 51.2]
    /// Noise scale σ; the per-step standard deviation is σ/√dt (0.1 with the defaults).
    public var sigma: Double = 1
    /// When the fixation channel is on; default ``FixationRule/untilDecision`` (the tutorial's).
    public var fixationRule: FixationRule = .untilDecision

    /// The tutorial's task.
    public init() {}

    /// Input channels.
    public static let inputCount = 3
    /// Output logits: [fixation, choice 1, choice 2].
    public static let outputCount = 3

    /// Steps per period, as neurogym counts them: int(duration / dt).
    public var periodSteps: (fixation: Int, stimulus: Int, delay: Int, decision: Int) {
        (Int(fixation / dt), Int(stimulus / dt), Int(delay / dt), Int(decision / dt))
    }

    /// Steps per trial (22 with the defaults).
    public var trialSteps: Int {
        let p = periodSteps
        return p.fixation + p.stimulus + p.delay + p.decision
    }

    /// Per-step noise standard deviation σ/√dt.
    public var noiseStandardDeviation: Double { sigma / dt.squareRoot() }

    /// Checks the settings; returns a message naming the first problem.
    public func validationError() -> String? {
        if !(dt > 0) { return "dt must be positive, got \(dt)" }
        for (name, value) in [("fixation", fixation), ("stimulus", stimulus), ("delay", delay), ("decision", decision)] where !(value >= 0) {
            return "the \(name) period must be ≥ 0 ms, got \(value)"
        }
        if periodSteps.stimulus < 1 || periodSteps.decision < 1 { return "the stimulus and decision periods must last at least one step (dt = \(dt) ms)" }
        if coherences.isEmpty { return "at least one coherence is needed" }
        if !(sigma >= 0) { return "sigma must be ≥ 0, got \(sigma)" }
        return nil
    }

    /// A batch of `size` fresh random trials.
    ///
    /// Per trial the generator draws the ground truth, then the coherence, then the noise of every step
    /// and channel, so the same seed gives the same trials.
    ///
    /// - Complexity: O(steps · size).
    public func makeBatch(size: Int, using rng: inout some RandomNumberGenerator) -> TrialBatch {
        precondition(validationError() == nil, validationError() ?? "")
        let steps = trialSteps
        let p = periodSteps
        let stimulusRange = p.fixation..<(p.fixation + p.stimulus)
        let decisionStart = p.fixation + p.stimulus + p.delay
        let channels = Self.inputCount
        var batch = TrialBatch(steps: steps, size: size)
        let std = noiseStandardDeviation
        for b in 0..<size {
            let truth = Int.random(in: 0...1, using: &rng)
            let coherence = coherences.randomElement(using: &rng)!
            batch.groundTruths[b] = truth
            batch.coherences[b] = coherence
            for t in 0..<steps {
                let base = (t * size + b) * channels
                let fixationOn: Bool
                switch fixationRule {
                case .untilDecision: fixationOn = t < decisionStart
                case .fixationOnly: fixationOn = t < p.fixation
                }
                if fixationOn { batch.inputs[base] = 1 }
                if stimulusRange.contains(t) {
                    // 0.5 + cos(φ_k − φ_truth)·coh/200 with φ = [0, π]: ±coh/200.
                    batch.inputs[base + 1 + truth] = 0.5 + coherence / 200
                    batch.inputs[base + 2 - truth] = 0.5 - coherence / 200
                }
                for c in 0..<channels { batch.inputs[base + c] += std * rng.nextStandardNormal() }
                batch.labels[t * size + b] = t >= decisionStart ? truth + 1 : 0
            }
        }
        return batch
    }
}

/// A time-major batch of trials: inputs (steps, size, 3) and labels (steps, size).
public struct TrialBatch: Sendable {
    /// Steps per trial.
    public let steps: Int
    /// Trials in the batch.
    public let size: Int
    /// Inputs in C order over (step, trial, channel).
    public var inputs: [Double]
    /// Labels in C order over (step, trial): 0 = fixate, 1 or 2 = choice.
    public var labels: [Int]
    /// Each trial's coherence (%).
    public var coherences: [Double]
    /// Each trial's correct choice, 0 or 1.
    public var groundTruths: [Int]

    /// An all-zero batch.
    public init(steps: Int, size: Int) {
        self.steps = steps
        self.size = size
        inputs = Array(repeating: 0, count: steps * size * DecisionMakingTask.inputCount)
        labels = Array(repeating: 0, count: steps * size)
        coherences = Array(repeating: 0, count: size)
        groundTruths = Array(repeating: 0, count: size)
    }

    /// The input vector of trial `trial` at step `step`.
    public func input(step: Int, trial: Int) -> [Double] {
        let c = DecisionMakingTask.inputCount
        return Array(inputs[((step * size + trial) * c)..<((step * size + trial + 1) * c)])
    }
}
