import Dynamics
import NeuronModels
import XCTest

/// Hodgkin–Huxley's rest state: a subcritical Hopf point near I ≈ 9.78 and a supercritical one near
/// I ≈ 154.5 (Rinzel and Miller 1980), and its Jacobian against central differences of `step`.
final class HodgkinHuxleyTests: XCTestCase {
    func testHopfPointsAndTheirCriticality() throws {
        let neuron = HodgkinHuxley()
        let rest = try FixedPointContinuation(neuron).branch(from: [-65, 0.05, 0.6, 0.32], parameters: [0], varying: 0, to: 200)
        let hopfs = rest.bifurcations.filter { $0.kind == .hopf }
        XCTAssertEqual(hopfs.count, 2, "\(rest.bifurcations.map { ($0.kind, $0.parameter) })")
        XCTAssertEqual(hopfs.first?.parameter ?? .nan, 9.78, accuracy: 0.01)
        XCTAssertGreaterThan(hopfs.first?.firstLyapunovCoefficient ?? -1, 0, "subcritical")
        XCTAssertEqual(hopfs.last?.parameter ?? .nan, 154.5, accuracy: 0.1)
        XCTAssertLessThan(hopfs.last?.firstLyapunovCoefficient ?? 1, 0, "supercritical")
    }

    func testJacobianMatchesDifferences() {
        let flow = HodgkinHuxley().fixing(parameters: [10])
        // V = −40 and −55 are the removable singularities of α_m and α_n.
        for state in [[-65, 0.05, 0.6, 0.32], [-40, 0.3, 0.4, 0.5], [-55, 0.1, 0.5, 0.4]] {
            let exact = flow.jacobian(at: state)
            for j in 0..<4 {
                let h = 1e-6 * Swift.max(1, abs(state[j]))
                var plus = state, minus = state
                plus[j] += h
                minus[j] -= h
                let (fPlus, fMinus) = (flow.step(plus), flow.step(minus))
                for i in 0..<4 { XCTAssertEqual(exact[i, j], (fPlus[i] - fMinus[i]) / (2 * h), accuracy: 1e-5 * Swift.max(1, abs(exact[i, j])), "∂f\(i)/∂x\(j) at \(state)") }
            }
        }
    }
}
