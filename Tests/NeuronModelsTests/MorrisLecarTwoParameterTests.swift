import Dynamics
import NeuronModels
@testable import NeuronModelsApp
import XCTest

/// Morris–Lecar's fold and Hopf curves in (I, g_Ca): each codimension-two point checked against the
/// conditions that define it, computed independently at the point (trace and determinant of the
/// Jacobian, the first Lyapunov coefficient), and the Bogdanov–Takens point found alike from both curves.
final class MorrisLecarTwoParameterTests: XCTestCase {
    func testCodimensionTwoPointsSatisfyTheirDefinitions() throws {
        let result = try TwoParameterAnalysis().run()
        XCTAssertEqual(Set(result.curves.map(\.kind)), [.fold, .hopf])
        let family = MorrisLecarCalciumFamily()
        let special = TwoParameterAnalysis.specialPoints(result)
        XCTAssertEqual(special.filter { $0.kind == .cusp }.count, 1)
        XCTAssertEqual(special.filter { $0.kind == .bogdanovTakens }.count, 1, "one BT point, found on the fold and the Hopf curve alike: \(special.map { ($0.kind, $0.parameters) })")
        XCTAssertEqual(special.filter { $0.kind == .bautin }.count, 2)
        for point in special {
            let flow = family.fixing(parameters: point.parameters)
            XCTAssertLessThan(flow.step(point.state).map(abs).max() ?? .nan, 1e-9, "\(point.kind) is an equilibrium")
            let j = flow.jacobian(at: point.state)
            let (trace, determinant) = (j[0, 0] + j[1, 1], j[0, 0] * j[1, 1] - j[0, 1] * j[1, 0])
            // Scales: the Jacobian's entries are of order 0.1–1 (per ms, in mV and w).
            switch point.kind {
            case .cusp:
                XCTAssertEqual(determinant, 0, accuracy: 1e-9)
            case .bogdanovTakens:
                XCTAssertEqual(determinant, 0, accuracy: 1e-9)
                XCTAssertEqual(trace, 0, accuracy: 1e-9)
            case .bautin:
                XCTAssertEqual(trace, 0, accuracy: 1e-9)
                XCTAssertGreaterThan(determinant, 0)
                XCTAssertEqual(family.firstLyapunovCoefficient(at: point.state, parameters: point.parameters) ?? .nan, 0, accuracy: 1e-9)
            default:
                XCTFail("unexpected \(point.kind)")
            }
        }
        // The fold curve's points: equilibria with a zero eigenvalue; the Hopf curve's: zero trace.
        for curve in result.curves {
            for point in curve.points {
                let j = family.fixing(parameters: point.parameters).jacobian(at: point.state)
                if curve.kind == .fold { XCTAssertEqual(j[0, 0] * j[1, 1] - j[0, 1] * j[1, 0], 0, accuracy: 1e-9) } else { XCTAssertEqual(j[0, 0] + j[1, 1], 0, accuracy: 1e-9) }
            }
        }
    }
}
