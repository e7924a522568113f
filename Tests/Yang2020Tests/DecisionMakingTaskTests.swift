import Dynamics
import DynamicsTestSupport
import XCTest
import Yang2020

/// Statistics of many generated trials against the task's definition.
final class DecisionMakingTaskTests: XCTestCase {
    func testStructureLabelsAndChannelMeans() {
        let task = DecisionMakingTask()
        XCTAssertEqual(task.trialSteps, 22)
        XCTAssertEqual(task.noiseStandardDeviation, 0.1, accuracy: 1e-15)
        var rng = SeededGenerator(seed: 42)
        let batch = task.makeBatch(size: 2000, using: &rng)
        XCTAssertEqual(batch.inputs.count, 22 * 2000 * 3)
        // Labels: 0 at steps 0...20, truth + 1 at step 21.
        for b in 0..<batch.size {
            for t in 0..<21 { XCTAssertEqual(batch.labels[t * batch.size + b], 0) }
            XCTAssertEqual(batch.labels[21 * batch.size + b], batch.groundTruths[b] + 1)
        }
        // Channel means per period, within 4 standard errors of the noise: fixation 1 until the decision step.
        func meanAndStd(_ values: [Double]) -> (Double, Double) {
            let mean = values.reduce(0, +) / Double(values.count)
            return (mean, (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1)).squareRoot())
        }
        func channel(_ c: Int, steps: Range<Int>, where keep: (Int) -> Bool = { _ in true }) -> [Double] {
            steps.flatMap { t in (0..<batch.size).filter(keep).map { batch.input(step: t, trial: $0)[c] } }
        }
        XCTAssertEqual(meanAndStd(channel(0, steps: 0..<21)).0, 1, accuracy: 4 * 0.1 / Double(2000 * 21).squareRoot())
        XCTAssertEqual(meanAndStd(channel(0, steps: 21..<22)).0, 0, accuracy: 4 * 0.1 / Double(2000).squareRoot())
        XCTAssertEqual(meanAndStd(channel(1, steps: 0..<1)).0, 0, accuracy: 4 * 0.1 / Double(2000).squareRoot())
        for coherence in task.coherences {
            let trials = { (b: Int) in batch.coherences[b] == coherence && batch.groundTruths[b] == 0 }
            let count = Double((0..<batch.size).filter(trials).count)
            let se = 4 * 0.1 / (count * 20).squareRoot()
            XCTAssertEqual(meanAndStd(channel(1, steps: 1..<21, where: trials)).0, 0.5 + coherence / 200, accuracy: se, "correct channel, coh \(coherence)")
            XCTAssertEqual(meanAndStd(channel(2, steps: 1..<21, where: trials)).0, 0.5 - coherence / 200, accuracy: se, "other channel, coh \(coherence)")
        }
        // Noise: std 0.1 on every channel, in every period (the decision step's channel 1 is pure noise).
        XCTAssertEqual(meanAndStd(channel(1, steps: 21..<22)).1, 0.1, accuracy: 0.01)
        XCTAssertEqual(meanAndStd(channel(0, steps: 0..<21)).1, 0.1, accuracy: 0.003)
        // Frequencies: ground truth 1/2 each, each coherence 1/5.
        XCTAssertEqual(Double(batch.groundTruths.filter { $0 == 1 }.count) / 2000, 0.5, accuracy: 4 * 0.5 / 2000.0.squareRoot())
        for coherence in task.coherences {
            XCTAssertEqual(Double(batch.coherences.filter { $0 == coherence }.count) / 2000, 0.2, accuracy: 4 * 0.4 / 2000.0.squareRoot())
        }
    }

    func testFixationOnlyRuleAndTimings() {
        var task = DecisionMakingTask()
        task.fixationRule = .fixationOnly
        task.sigma = 0
        task.stimulus = 500
        task.delay = 200
        var rng = SeededGenerator(seed: 1)
        let batch = task.makeBatch(size: 4, using: &rng)
        XCTAssertEqual(batch.steps, 1 + 5 + 2 + 1)
        for b in 0..<4 {
            XCTAssertEqual(batch.input(step: 0, trial: b)[0], 1)
            XCTAssertEqual(batch.input(step: 1, trial: b)[0], 0, "2025 rule: off after fixation")
            XCTAssertEqual(batch.input(step: 6, trial: b), [0, 0, 0], "delay: no stimulus, no noise")
            XCTAssertEqual(batch.labels[8 * 4 + b], batch.groundTruths[b] + 1)
        }
        XCTAssertNil(DecisionMakingTask().validationError())
        task.dt = 0
        XCTAssertNotNil(task.validationError())
    }

    func testSameSeedSameTrials() {
        var a = SeededGenerator(seed: 9), b = SeededGenerator(seed: 9)
        let task = DecisionMakingTask()
        XCTAssertEqual(task.makeBatch(size: 16, using: &a).inputs, task.makeBatch(size: 16, using: &b).inputs)
    }
}
