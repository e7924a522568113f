import Foundation
import MallocInterposerSwift

/// One measured workload: a name, the median of its samples, and the heap allocations of one
/// operation after warm-up.
struct Measurement {
    var name: String
    var median: Duration
    var samples: [Duration]
    var allocationsPerOperation: Double?

    var seconds: Double { Double(median.components.seconds) + Double(median.components.attoseconds) * 1e-18 }
}

/// Times `operation` `samples` times after `warmup` untimed runs and reports the median; counts heap
/// allocations over `operationsPerSample` operations when the malloc interposer is preloaded.
func measure(
    _ name: String, samples: Int = 11, warmup: Int = 2, operationsPerSample: Int = 1, _ operation: () -> Void
) -> Measurement {
    for _ in 0..<warmup { operation() }
    let clock = ContinuousClock()
    var durations: [Duration] = []
    for _ in 0..<samples { durations.append(clock.measure(operation)) }
    durations.sort()
    var allocations: Double?
    if MallocCounting.isActive {
        MallocInterposerSwift.reset()
        MallocInterposerSwift.hook()
        operation()
        MallocInterposerSwift.unhook()
        allocations = Double(MallocInterposerSwift.getStatistics().mallocCount) / Double(operationsPerSample)
    }
    let result = Measurement(name: name, median: durations[durations.count / 2], samples: durations, allocationsPerOperation: allocations)
    report(result)
    return result
}

/// Whether the interposer is preloaded (LD_PRELOAD), so that allocation counts are real.
enum MallocCounting {
    static let isActive: Bool = {
        MallocInterposerSwift.initialize()
        return ProcessInfo.processInfo.environment["LD_PRELOAD"]?.contains("MallocInterposer") == true
    }()
}

func format(_ seconds: Double) -> String {
    if seconds >= 1 { return String(format: "%.3f s", seconds) }
    if seconds >= 1e-3 { return String(format: "%.3f ms", seconds * 1e3) }
    return String(format: "%.3f µs", seconds * 1e6)
}

func report(_ m: Measurement) {
    let allocations = m.allocationsPerOperation.map { String(format: "%.1f allocations/op", $0) } ?? "allocations not counted"
    print("  \(m.name.padding(toLength: 52, withPad: " ", startingAt: 0)) median \(format(m.seconds).padding(toLength: 12, withPad: " ", startingAt: 0)) (\(m.samples.count) samples)  \(allocations)")
}

func ratio(_ label: String, _ numerator: Measurement, _ denominator: Measurement) {
    print(String(format: "  ratio %@: %.2fx", label, numerator.seconds / denominator.seconds))
}
