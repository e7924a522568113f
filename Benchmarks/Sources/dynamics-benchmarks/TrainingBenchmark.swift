import Dynamics
import Foundation
import Yang2020

/// Training the Yang 2020 RNN: 20 epochs of 64 batches of 16 trials, 64 hidden units, trial
/// generation included; the epoch-20 decision accuracy over 5 seeds, in single and double precision.
func trainingBenchmark() {
    print("Yang 2020 training: 20 epochs x 64 batches x 16 trials, 64 hidden units (data generation included)")
    let task = DecisionMakingTask()
    var timings: [ComputePrecision: Measurement] = [:]
    for precision in [ComputePrecision.double, .single] {
        var options = TrainingOptions()
        options.precision = precision
        var accuracies: [Double] = []
        timings[precision] = measure("20 epochs, \(precision) precision (seeds 1-5)", samples: 5, warmup: 0) {
            let seed = UInt64(accuracies.count % 5 + 1)
            var rng = SeededGenerator(seed: seed)
            var network = RecurrentNetwork(using: &rng)
            let records = try! Trainer.train(&network, task: task, options: options, using: &rng)
            if accuracies.count < 5 { accuracies.append(records.last!.accuracy) }
        }
        let mean = accuracies.reduce(0, +) / Double(accuracies.count)
        let std = (accuracies.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(accuracies.count - 1)).squareRoot()
        print(String(format: "      epoch-20 accuracy over seeds 1-5: %.3f ± %.3f  (%@)", mean, std, accuracies.map { String(format: "%.3f", $0) }.joined(separator: ", ")))
    }
    ratio("single / double", timings[.single]!, timings[.double]!)
}
