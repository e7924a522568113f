// Runs the benchmarks named on the command line (all when none): jacobian,
// slowpoints, adam, find, slowpoint-scaling, training, filters, scaling, cann,
// continuation, gru, cell-residual, phaseplane, chaos, cycles, global, two-parameter.
import Dynamics
import Foundation

setvbuf(stdout, nil, _IOLBF, 0)
BLASKernels.selectForThisCPU()

let available: [String: () -> Void] = [
    "jacobian": jacobianBenchmark,
    "training": trainingBenchmark,
    "filters": filterBenchmark,
    "slowpoints": slowPointBenchmark,
    "adam": adamBenchmark,
    "find": findOnlyBenchmark,
    "slowpoint-scaling": slowPointScalingBenchmark,
    "scaling": genericScalingBenchmark,
    "cann": cannBenchmark,
    "continuation": continuationBenchmark,
    "gru": gruBenchmark,
    "cell-residual": cellResidualBenchmark,
    "phaseplane": phasePlaneBenchmark,
    "chaos": chaosBenchmark,
    "cycles": cycleBenchmark,
    "global": globalBenchmark,
    "two-parameter": twoParameterBenchmark,
]
let requested = CommandLine.arguments.dropFirst()
let names = requested.isEmpty ? available.keys.sorted() : Array(requested)
print("swift-dynamics benchmarks (release build, OPENBLAS_NUM_THREADS=\(ProcessInfo.processInfo.environment["OPENBLAS_NUM_THREADS"] ?? "unset"); \(BLASKernels.summary))")
for name in names {
    guard let run = available[name] else {
        FileHandle.standardError.write("unknown benchmark '\(name)'; available: \(available.keys.sorted().joined(separator: ", "))\n".data(using: .utf8)!)
        exit(2)
    }
    run()
}
