import Dynamics
import ToySystems

/// The Jacobian of relu(W·x + b), n = 64: the analytic override against the generic dual-number
/// default (chunked `Dual<8>`), 1000 Jacobians per sample.
func jacobianBenchmark() {
    print("Jacobian of relu(Wx + b), n = 64, 1000 Jacobians per sample")
    var rng = SeededGenerator(seed: 7)
    let system = ReluNetworkMap(dimension: 64, using: &rng)
    let states = (0..<1000).map { _ in (0..<64).map { _ in rng.nextStandardNormal() } }
    var sink = 0.0
    let analytic = measure("analytic override (baseline)", operationsPerSample: 1000) {
        for x in states { sink += system.jacobian(at: x)[3, 5] }
    }
    let dual = measure("dual-number default, Dual<8> chunks", operationsPerSample: 1000) {
        for x in states { sink += system.dualNumberJacobian(at: x)[3, 5] }
    }
    var workspace = DualJacobianWorkspace(dimension: 64)
    let reused = measure("dual numbers, reused workspace, in-place step", operationsPerSample: 1000) {
        for x in states {
            system.dualNumberJacobian(at: x, workspace: &workspace)
            sink += workspace.jacobian[3, 5]
        }
    }
    ratio("dual default / analytic", dual, analytic)
    ratio("dual with workspace / analytic", reused, analytic)
    if sink.isNaN { print(sink) }
}
