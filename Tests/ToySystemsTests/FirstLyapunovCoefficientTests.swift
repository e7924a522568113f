import ComplexModule
import Dynamics
import DynamicsTestSupport
import PropertyBased
import ToySystems
import XCTest

/// Third-order Taylor jets against finite differences, and the first Lyapunov coefficient against the
/// normal form and against the amplitude of the cycle `CycleFinder` finds next to the Hopf point.
final class FirstLyapunovCoefficientTests: XCTestCase {
    /// f', f'' and f''' by central differences of order 2 at step h (independent of the jets).
    func differences(_ f: (Double) -> Double, at x: Double, h: Double = 1e-3) -> [Double] {
        let (p1, m1, p2, m2) = (f(x + h), f(x - h), f(x + 2 * h), f(x - 2 * h))
        return [(p1 - m1) / (2 * h), (p1 - 2 * f(x) + m1) / (h * h), (p2 - 2 * p1 + 2 * m1 - m2) / (2 * h * h * h)]
    }

    func testJetsMatchFiniteDifferencesForEveryFunction() {
        let cases: [(String, (TaylorJet) -> TaylorJet, (Double) -> Double, Double)] = [
            ("exp", { .exp($0) }, { .exp($0) }, 0.3), ("expMinusOne", { .expMinusOne($0) }, { .expMinusOne($0) }, -0.4),
            ("sin", { .sin($0) }, { .sin($0) }, 0.7), ("cos", { .cos($0) }, { .cos($0) }, 1.1),
            ("tan", { .tan($0) }, { .tan($0) }, 0.4), ("sinh", { .sinh($0) }, { .sinh($0) }, 0.5),
            ("cosh", { .cosh($0) }, { .cosh($0) }, -0.6), ("tanh", { .tanh($0) }, { .tanh($0) }, 0.8),
            ("log", { .log($0) }, { .log($0) }, 1.7), ("log(onePlus:)", { .log(onePlus: $0) }, { .log(onePlus: $0) }, 0.2),
            ("sqrt", { .sqrt($0) }, { .sqrt($0) }, 2.3), ("root 3", { .root($0, 3) }, { .root($0, 3) }, 1.9),
            ("pow 5", { .pow($0, 5) }, { .pow($0, 5) }, -1.3), ("pow -2", { .pow($0, -2) }, { .pow($0, -2) }, 0.9),
            ("pow 1.5", { .pow($0, TaylorJet(1.5)) }, { .pow($0, 1.5) }, 1.4),
            ("atan", { .atan($0) }, { .atan($0) }, 0.6), ("asin", { .asin($0) }, { .asin($0) }, 0.3),
            ("acos", { .acos($0) }, { .acos($0) }, -0.2), ("atanh", { .atanh($0) }, { .atanh($0) }, 0.35),
            ("asinh", { .asinh($0) }, { .asinh($0) }, 1.2), ("acosh", { .acosh($0) }, { .acosh($0) }, 1.8),
            ("quotient", { 1 / (1 + $0 * $0) }, { 1 / (1 + $0 * $0) }, 0.5),
            ("composition", { .tanh(.sin($0) * .exp($0)) / (2 + $0) }, { .tanh(.sin($0) * .exp($0)) / (2 + $0) }, 0.4),
        ]
        for (name, jet, plain, x) in cases {
            let series = jet(TaylorJet(x, direction: 1))
            XCTAssertEqual(series.coefficients.0, plain(x), accuracy: 1e-14 * Swift.max(1, abs(plain(x))), name)
            let exact = [series.coefficients.1, 2 * series.coefficients.2, 6 * series.coefficients.3]
            for (order, (found, approximate)) in zip(exact, differences(plain, at: x)).enumerated() {
                XCTAssertEqual(found, approximate, accuracy: 1e-4 * Swift.max(1, abs(approximate)), "\(name): derivative \(order + 1)")
            }
        }
    }

    /// ż = (μ + iω)z − z|z|² turned into n dimensions (RotatedLimitCycleFlow at μ = 0): ℓ₁ = −2/ω, and
    /// +2/ω for the time-reversed flow (subcritical).
    func testTheNormalFormInAnyDimension() throws {
        try forAllCases(6) { rng in
            let n = Int.random(in: 2...6, using: &rng)
            let omega = Double.random(in: 0.5...3, using: &rng)
            for reversed in [false, true] {
                let flow = RotatedLimitCycleFlow(mu: 0, omega: omega, decays: (0..<(n - 2)).map { _ in Double.random(in: 0.3...2, using: &rng) },
                                                 rotation: RandomMatrices.orthogonal(n, using: &rng), reversed: reversed)
                let l1 = try XCTUnwrap(flow.firstLyapunovCoefficient(at: [Double](repeating: 0, count: n)))
                XCTAssertEqual(l1, (reversed ? 2 : -2) / omega, accuracy: 1e-10, "n \(n), reversed \(reversed)")
            }
        }
    }

    /// A Hopf point with random quadratic and cubic terms in 3 dimensions: the cycle CycleFinder finds at
    /// μ = −ε·sign(ℓ₁)·ω·|ℓ₁| (on the side where it exists) has |⟨p, x⟩|² = −μ/(ω·ℓ₁) to first order.
    func testTheCycleAmplitudeThatTheCoefficientPredicts() throws {
        try forAllCases(4) { rng in
            let coefficients = (0..<30).map { _ in Double.random(in: -1...1, using: &rng) }
            let omega = Double.random(in: 0.8...2, using: &rng)
            let atHopf = QuadraticHopfFlow(mu: 0, omega: omega, coefficients: coefficients)
            let l1 = try XCTUnwrap(atHopf.firstLyapunovCoefficient(at: [0, 0, 0]))
            // |w| ≈ 0.01 on the cycle.
            let mu = -1e-4 * omega * l1
            let flow = QuadraticHopfFlow(mu: mu, omega: omega, coefficients: coefficients)
            let eig = try EigenDecomposition(of: flow.jacobian(at: [0, 0, 0]))
            let k = eig.eigenvalues.indices.max { eig.eigenvalues[$0].imaginary < eig.eigenvalues[$1].imaginary }!
            var (q, p) = (eig.rightEigenvectors[k], eig.leftEigenvectors[k])
            let qNorm = q.reduce(0.0) { $0 + $1.lengthSquared }.squareRoot()
            q = q.map { $0 / Complex(qNorm, 0) }
            let pq = zip(p, q).reduce(Complex<Double>.zero) { $0 + $1.0.conjugate * $1.1 }
            p = p.map { $0 / pq.conjugate }
            let expected = -mu / (omega * l1)
            let radius = expected.squareRoot()
            // Points of the predicted cycle x = 2 Re(q·w), w = r·e^{iωt}, in time order.
            let orbit = (0..<24).map { j -> [Double] in
                let w = Complex(radius * Double.cos(2 * Double.pi * Double(j) / 24), radius * Double.sin(2 * Double.pi * Double(j) / 24))
                return q.map { 2 * ($0 * w).real }
            }
            let cycle = try CycleFinder(flow).find(along: orbit, period: 2 * Double.pi / omega)
            XCTAssertEqual(cycle.isStable, l1 < 0, "ℓ₁ = \(l1)")
            let measured = cycle.nodes.map { node in zip(p, node).reduce(Complex<Double>.zero) { $0 + $1.0.conjugate * Complex($1.1, 0) }.lengthSquared }
            let mean = measured.reduce(0, +) / Double(measured.count)
            XCTAssertEqual(mean, expected, accuracy: 0.05 * expected, "ℓ₁ = \(l1)")
        }
    }
}

/// u' = (μu₀ − ωu₁, ωu₀ + μu₁, −u₂) + quadratic and cubic terms with the given 30 coefficients.
struct QuadraticHopfFlow: ContinuousFlow {
    let mu: Double
    let omega: Double
    let coefficients: [Double]
    var dimension: Int { 3 }
    func step<T: DynamicsScalar>(_ u: [T]) -> [T] {
        let c = coefficients.map { T($0) }
        let monomials2 = [u[0] * u[0], u[0] * u[1], u[1] * u[1], u[0] * u[2], u[1] * u[2], u[2] * u[2]]
        let monomials3 = [u[0] * u[0] * u[0], u[0] * u[0] * u[1], u[0] * u[1] * u[1], u[1] * u[1] * u[1]]
        var f = [T(mu) * u[0] - T(omega) * u[1], T(omega) * u[0] + T(mu) * u[1], -u[2]]
        for i in 0..<3 {
            for (k, m) in monomials2.enumerated() { f[i] += c[i * 6 + k] * m }
            for (k, m) in monomials3.enumerated() { f[i] += c[18 + i * 4 + k] * m }
        }
        return f
    }
}
