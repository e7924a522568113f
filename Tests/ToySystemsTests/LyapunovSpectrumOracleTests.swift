import Dynamics
import DynamicsTestSupport
import PropertyBased
import ToySystems
import XCTest

/// Lyapunov spectra against closed forms: Hénon (λ₁ ≈ 0.4192, λ₁ + λ₂ = ln b exactly), the logistic
/// map at r = 4 (ln 2), linear maps and flows (log|λ| and Re λ), ẋ = −x (−1), Lorenz (sum −(σ + 1 + β)
/// exactly, λ₁ ≈ 0.906, λ₂ ≈ 0); the QR decomposition against its definition. Debug-sized runs.
final class LyapunovSpectrumOracleTests: XCTestCase {
    func testHenon() throws {
        let henon = HenonFamily().fixing(parameters: [1.4, 0.3])
        let spectrum = try LyapunovSpectrum(henon, from: [0.1, 0.1], steps: 20_000, transient: 1_000)
        XCTAssertEqual(spectrum.exponents[0], 0.4192, accuracy: 0.01)
        XCTAssertEqual(spectrum.exponents.reduce(0, +), Double.log(0.3), accuracy: 1e-10, "det J = −b at every point")
        let leading = try LyapunovSpectrum(henon, from: [0.1, 0.1], steps: 20_000, transient: 1_000, count: 1)
        XCTAssertEqual(leading.exponents[0], spectrum.exponents[0], accuracy: 1e-12, "the leading exponent alone is the same")
        XCTAssertFalse(spectrum.convergence.isEmpty)
        XCTAssertEqual(spectrum.convergence.last!.time, 20_000)
    }

    func testLogisticAtFourIsLogTwo() throws {
        let map = LogisticMap().fixing(parameters: [4])
        let spectrum = try LyapunovSpectrum(map, from: [0.3141], steps: 50_000, transient: 100)
        XCTAssertEqual(spectrum.exponents[0], Double.log(2), accuracy: 0.01)
    }

    func testLinearMapsAndFlows() throws {
        try forAllCases(4) { rng in
            let n = Arbitrary.int(in: 1...6, using: &rng)
            let values = (0..<n).map { _ in Complex(Gen.double(in: 0.2...1.5).run(using: &rng) * (Bool.random(using: &rng) ? 1 : -1), 0) }
            let a = RandomMatrices.withSpectrum(values, using: &rng)
            let expected = values.map { Double.log($0.length) }.sorted(by: >)
            // 1000 steps: long enough for the directions to align, short enough that 1.5¹⁰⁰⁰ stays finite.
            let spectrum = try LyapunovSpectrum(LinearMap(matrix: a), from: Arbitrary.vector(n, using: &rng), steps: 1_000)
            for (value, target) in zip(spectrum.exponents, expected) { XCTAssertEqual(value, target, accuracy: 0.01, "map n = \(n)") }
            XCTAssertEqual(spectrum.exponents.reduce(0, +), expected.reduce(0, +), accuracy: 1e-9, "log|det A| per step")
            let flowRates = values.map { $0.real - 0.5 }
            let flow = LinearFlow(matrix: RandomMatrices.withSpectrum(flowRates.map { Complex($0, 0) }, using: &rng))
            // A non-normal A aligns its tangents like log(cond)/T: T = 300.
            let flowSpectrum = try LyapunovSpectrum(flow, from: Arbitrary.vector(n, using: &rng), duration: 300, timeStep: 0.05, renormalizationInterval: 0.5)
            for (value, target) in zip(flowSpectrum.exponents, flowRates.sorted(by: >)) { XCTAssertEqual(value, target, accuracy: 0.03, "flow n = \(n)") }
            // Exactly: RK4 multiplies mode μ by R(μh) = 1 + z + z²/2 + z³/6 + z⁴/24 (z = μh) per step.
            let h = 0.05
            let discrete = flowRates.map { mu -> Double in
                let z = mu * h
                return Double.log(abs(1 + z + z * z / 2 + z * z * z / 6 + z * z * z * z / 24)) / h
            }
            XCTAssertEqual(flowSpectrum.exponents.reduce(0, +), discrete.reduce(0, +), accuracy: 1e-9, "Σ log|R(μh)|/h")
            XCTAssertEqual(discrete.reduce(0, +), flowRates.reduce(0, +), accuracy: 1e-4, "which is trace A to RK4's order")
        }
        struct Decay: ContinuousFlow {
            var dimension: Int { 1 }
            func step<T: DynamicsScalar>(_ x: [T]) -> [T] { [-x[0]] }
        }
        XCTAssertEqual(try LyapunovSpectrum(Decay(), from: [1], duration: 5, timeStep: 0.01).exponents[0], -1, accuracy: 1e-9)
    }

    func testLorenz() throws {
        let (sigma, rho, beta) = (10.0, 28.0, 8.0 / 3)
        let lorenz = LorenzFamily().fixing(parameters: [sigma, rho, beta])
        let fine = try LyapunovSpectrum(lorenz, from: [1, 1, 1], duration: 20, transient: 5, timeStep: 0.001)
        XCTAssertEqual(fine.exponents.reduce(0, +), -(sigma + 1 + beta), accuracy: 1e-6, "the trace is constant")
        let long = try LyapunovSpectrum(lorenz, from: [1, 1, 1], duration: 200, transient: 5, timeStep: 0.005)
        XCTAssertEqual(long.exponents[0], 0.906, accuracy: 0.1, "λ₁ over 200 time units")
        XCTAssertEqual(long.exponents[1], 0, accuracy: 0.05)
        XCTAssertEqual(long.exponents[2], -14.572, accuracy: 0.1)
    }

    /// The adaptive, allocation-free path: Lorenz's sum is −(σ + 1 + β) to 1e-6 (its exponents over
    /// 10⁴ time units are in the `chaos` benchmark); linear flows give Re λ, and the trace to 1e-6,
    /// also with more than one block of 8 tangents.
    func testAdaptivePathForFlows() throws {
        let (sigma, rho, beta) = (10.0, 28.0, 8.0 / 3)
        let lorenz = LorenzFamily().fixing(parameters: [sigma, rho, beta])
        // Debug-sized; the benchmark runs 10⁴ time units in release.
        let adaptive = try LyapunovSpectrum(lorenz, from: [1, 1, 1], duration: 20, transient: 5, tolerance: 1e-8)
        XCTAssertEqual(adaptive.exponents.reduce(0, +), -(sigma + 1 + beta), accuracy: 1e-6, "the trace is constant")
        XCTAssertEqual(adaptive.convergence.last?.time ?? 0, 20, accuracy: 1e-9)
        try forAllCases(2) { rng in
            let n = Arbitrary.int(in: 9...10, using: &rng)
            let rates = (0..<n).map { _ in Gen.double(in: -1.5...0.5).run(using: &rng) }
            let flow = LinearFlow(matrix: RandomMatrices.withSpectrum(rates.map { Complex($0, 0) }, using: &rng))
            let spectrum = try LyapunovSpectrum(flow, from: Arbitrary.vector(n, using: &rng), duration: 300, tolerance: 1e-8, renormalizationInterval: 0.5)
            XCTAssertEqual(spectrum.exponents.reduce(0, +), rates.reduce(0, +), accuracy: 1e-6, "n = \(n): trace A, over two blocks of tangents")
            for (value, target) in zip(spectrum.exponents, rates.sorted(by: >)) { XCTAssertEqual(value, target, accuracy: 0.03, "n = \(n)") }
            let leading = try LyapunovSpectrum(flow, from: Arbitrary.vector(n, using: &rng), duration: 300, count: 2, tolerance: 1e-8, renormalizationInterval: 0.5)
            XCTAssertEqual(leading.exponents[0], rates.max()!, accuracy: 0.03, "n = \(n): the leading exponent alone")
        }
        XCTAssertThrowsError(try LyapunovSpectrum(lorenz, from: [1, 1, 1], duration: 1, tolerance: 0)) { XCTAssertTrue("\($0)".contains("tolerance")) }
        struct Blowup: ContinuousFlow {
            var dimension: Int { 1 }
            func step<T: DynamicsScalar>(_ x: [T]) -> [T] { [x[0] * x[0]] }
        }
        XCTAssertThrowsError(try LyapunovSpectrum(Blowup(), from: [1], duration: 2, tolerance: 1e-8)) { error in
            guard case .diverged = error as? LyapunovError else { return XCTFail("\(error)") }
        }
    }

    func testQRDecompositionAndErrors() throws {
        try forAllCases(6) { rng in
            let (m, k) = (Arbitrary.int(in: 1...8, using: &rng), Arbitrary.int(in: 1...8, using: &rng))
            guard m >= k else { return }
            let a = Arbitrary.matrix(m, k, using: &rng)
            let qr = try QRDecomposition(of: a)
            assertClose(qr.q * qr.r, a, tolerance: 1e-12, "Q·R = A")
            assertClose(qr.q.transposed * qr.q, Matrix.identity(k), tolerance: 1e-12, "QᵀQ = I")
            for i in 0..<k { for j in 0..<i { XCTAssertEqual(qr.r[i, j], 0) } }
        }
        XCTAssertThrowsError(try QRDecomposition(of: Matrix(rows: 2, columns: 3)))
        let henon = HenonFamily().fixing(parameters: [1.4, 0.3])
        XCTAssertThrowsError(try LyapunovSpectrum(henon, from: [0.1], steps: 10)) { XCTAssertTrue("\($0)".contains("dimension is 2")) }
        XCTAssertThrowsError(try LyapunovSpectrum(henon, from: [0.1, 0.1], steps: 10, count: 3)) { XCTAssertTrue("\($0)".contains("count")) }
        // From (5, 5) the orbit escapes: by step 7 one step stretches the tangents 1e51 apart, the
        // smaller stretch rounds to 0 although det J = −b, and the error must still say "diverged".
        XCTAssertThrowsError(try LyapunovSpectrum(henon, from: [5, 5], steps: 100)) { error in
            guard case .diverged = error as? LyapunovError else { return XCTFail("\(error)") }
        }
        // A truly singular Jacobian on a bounded orbit: y is wiped out every step.
        let singular = LinearMap(matrix: Matrix(rows: 2, columns: 2, elements: [0.5, 0, 0, 0]))
        XCTAssertThrowsError(try LyapunovSpectrum(singular, from: [1, 1], steps: 100)) { error in
            guard case .degenerate(time: 1) = error as? LyapunovError else { return XCTFail("\(error)") }
        }
        XCTAssertEqual(try LyapunovSpectrum(singular, from: [1, 1], steps: 100, count: 1).exponents[0], Double.log(0.5), accuracy: 1e-12)
    }
}
