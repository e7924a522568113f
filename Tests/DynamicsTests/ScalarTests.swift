import Dynamics
import DynamicsTestSupport
import PropertyBased
import XCTest

/// One generic model, three scalar types: Double, Float and Dual agree on the value.
final class ScalarTests: XCTestCase {
    func model<T: DynamicsScalar>(_ x: T) -> T {
        T.tanh(T(0.7) * x) * x + relu(x - 0.25) / (1 + x * x) + T.exp(-x) + abs(x) - max(x, 0.5)
    }

    func testDoubleFloatDualAgree() {
        forAllCases(100) { rng in
            let x = Gen.double(in: -3...3).run(using: &rng)
            let viaDouble = model(x)
            let viaFloat = Double(model(Float(x)))
            let viaDual = model(Dual<2>(x, seed: 1)).value
            XCTAssertEqual(viaDual, viaDouble, "Dual vs Double at \(x)")
            XCTAssertEqual(viaFloat, viaDouble, accuracy: 1e-5 * Swift.max(1, abs(viaDouble)), "Float vs Double at \(x)")
        }
    }

    /// relu propagates NaN in every scalar type, as the batch kernels do.
    func testReluPropagatesNaN() {
        XCTAssertTrue(relu(Double.nan).isNaN)
        XCTAssertTrue(relu(Float.nan).isNaN)
        XCTAssertTrue(relu(Dual<2>(.nan, seed: 0)).value.isNaN)
        XCTAssertTrue(relu(TapeScalar(.nan)).value.isNaN)
        XCTAssertEqual(relu(-0.5), 0)
        XCTAssertEqual(relu(Dual<1>(0, seed: 0)).partials[0], 0, "relu'(0) = 0")
    }
}
