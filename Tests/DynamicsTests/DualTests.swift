import Dynamics
import DynamicsTestSupport
import PropertyBased
import XCTest

/// Every derivative rule of `Dual` against central finite differences, identities and kink conventions.
final class DualTests: XCTestCase {
    /// A unary rule: its name, the Dual and Double versions, and the domain to sample.
    struct Rule {
        let name: String
        let dual: (Dual<3>) -> Dual<3>
        let double: (Double) -> Double
        let domain: ClosedRange<Double>
    }

    static var rules: [Rule] { [
        Rule(name: "exp", dual: { .exp($0) }, double: { .exp($0) }, domain: -3...3),
        Rule(name: "expMinusOne", dual: { .expMinusOne($0) }, double: { .expMinusOne($0) }, domain: -3...3),
        Rule(name: "cosh", dual: { .cosh($0) }, double: { .cosh($0) }, domain: -3...3),
        Rule(name: "sinh", dual: { .sinh($0) }, double: { .sinh($0) }, domain: -3...3),
        Rule(name: "tanh", dual: { .tanh($0) }, double: { .tanh($0) }, domain: -3...3),
        Rule(name: "cos", dual: { .cos($0) }, double: { .cos($0) }, domain: -6...6),
        Rule(name: "sin", dual: { .sin($0) }, double: { .sin($0) }, domain: -6...6),
        Rule(name: "tan", dual: { .tan($0) }, double: { .tan($0) }, domain: -1.4...1.4),
        Rule(name: "log", dual: { .log($0) }, double: { .log($0) }, domain: 0.05...20),
        Rule(name: "log(onePlus:)", dual: { .log(onePlus: $0) }, double: { .log(onePlus: $0) }, domain: -0.95...20),
        Rule(name: "acosh", dual: { .acosh($0) }, double: { .acosh($0) }, domain: 1.05...20),
        Rule(name: "asinh", dual: { .asinh($0) }, double: { .asinh($0) }, domain: -20...20),
        Rule(name: "atanh", dual: { .atanh($0) }, double: { .atanh($0) }, domain: -0.95...0.95),
        Rule(name: "acos", dual: { .acos($0) }, double: { .acos($0) }, domain: -0.95...0.95),
        Rule(name: "asin", dual: { .asin($0) }, double: { .asin($0) }, domain: -0.95...0.95),
        Rule(name: "atan", dual: { .atan($0) }, double: { .atan($0) }, domain: -20...20),
        Rule(name: "pow(x, 2.7)", dual: { .pow($0, 2.7) }, double: { .pow($0, 2.7) }, domain: 0.05...5),
        Rule(name: "pow(x, 3)", dual: { .pow($0, 3) }, double: { .pow($0, 3) }, domain: -5...5),
        Rule(name: "pow(x, -2)", dual: { .pow($0, -2) }, double: { .pow($0, -2) }, domain: 0.2...5),
        Rule(name: "pow(2.3, x)", dual: { .pow(2.3, $0) }, double: { .pow(2.3, $0) }, domain: -3...3),
        Rule(name: "sqrt", dual: { .sqrt($0) }, double: { .sqrt($0) }, domain: 0.05...20),
        Rule(name: "root(x, 3)", dual: { .root($0, 3) }, double: { .root($0, 3) }, domain: 0.05...20),
        Rule(name: "reciprocal", dual: { 1 / $0 }, double: { 1 / $0 }, domain: 0.1...10),
        Rule(name: "x·x·x − 2x", dual: { $0 * $0 * $0 - 2 * $0 }, double: { $0 * $0 * $0 - 2 * $0 }, domain: -3...3),
        Rule(name: "negate", dual: { -$0 }, double: { -$0 }, domain: -3...3),
        Rule(name: "abs", dual: { abs($0) }, double: { abs($0) }, domain: -3...3),
        Rule(name: "relu", dual: { relu($0) }, double: { relu($0) }, domain: -3...3),
    ] }

    /// Each rule's partials equal f'(x)·t for a random tangent t, with f' from central differences.
    func testRulesAgainstCentralDifferences() {
        for rule in Self.rules {
            forAllCases(20) { rng in
                let x = Gen.double(in: rule.domain).run(using: &rng)
                // Stay off the kinks of abs and relu, where the finite difference straddles them.
                if (rule.name == "abs" || rule.name == "relu") && abs(x) < 1e-3 { return }
                let tangent = Arbitrary.vector(3, using: &rng)
                let input = Dual<3>(value: x, partials: [tangent[0], tangent[1], tangent[2]])
                let output = rule.dual(input)
                XCTAssertEqual(output.value, rule.double(x), "\(rule.name) value at \(x)")
                let h = 1e-5 * Swift.max(1, abs(x))
                let derivative = centralDifference(rule.double, at: x, step: h)
                for k in 0..<3 {
                    XCTAssertTrue(
                        isClose(output.partials[k], derivative * tangent[k], tolerance: 1e-6),
                        "\(rule.name)' at \(x) along \(tangent[k]): dual \(output.partials[k]), finite difference \(derivative * tangent[k])")
                }
            }
        }
    }

    /// Binary rules: the product, quotient and pow(x, y) rules in both arguments.
    func testBinaryRulesAgainstCentralDifferences() {
        let rules: [(String, (Dual<2>, Dual<2>) -> Dual<2>, (Double, Double) -> Double)] = [
            ("x·y", { $0 * $1 }, { $0 * $1 }),
            ("x/y", { $0 / $1 }, { $0 / $1 }),
            ("x+y", { $0 + $1 }, { $0 + $1 }),
            ("x−y", { $0 - $1 }, { $0 - $1 }),
            ("pow(x, y)", { .pow($0, $1) }, { .pow($0, $1) }),
        ]
        for (name, dual, double) in rules {
            forAllCases(20) { rng in
                let x = Gen.double(in: 0.2...3).run(using: &rng)
                let y = Gen.double(in: 0.2...3).run(using: &rng)
                let output = dual(Dual<2>(x, seed: 0), Dual<2>(y, seed: 1))
                let dx = centralDifference({ double($0, y) }, at: x, step: 1e-5)
                let dy = centralDifference({ double(x, $0) }, at: y, step: 1e-5)
                XCTAssertTrue(isClose(output.partials[0], dx, tolerance: 1e-7), "∂(\(name))/∂x at (\(x), \(y)): \(output.partials[0]) vs \(dx)")
                XCTAssertTrue(isClose(output.partials[1], dy, tolerance: 1e-7), "∂(\(name))/∂y at (\(x), \(y)): \(output.partials[1]) vs \(dy)")
            }
        }
    }

    /// Identities whose derivative is known exactly: sin² + cos² = 1, exp(log x) = x, tanh = sinh/cosh,
    /// sqrt(x)² = x, atan(tan x) = x.
    func testIdentities() {
        forAllCases(50) { rng in
            let x = Gen.double(in: 0.1...1.4).run(using: &rng)
            let d = Dual<1>(x, seed: 0)
            let one = Dual<1>.sin(d) * Dual<1>.sin(d) + Dual<1>.cos(d) * Dual<1>.cos(d)
            XCTAssertEqual(one.partials[0], 0, accuracy: 1e-14, "d(sin² + cos²)/dx at \(x)")
            XCTAssertEqual(Dual<1>.exp(Dual<1>.log(d)).partials[0], 1, accuracy: 1e-14, "d exp(log x)/dx at \(x)")
            XCTAssertEqual((Dual<1>.sqrt(d) * Dual<1>.sqrt(d)).partials[0], 1, accuracy: 1e-14, "d (√x)²/dx at \(x)")
            XCTAssertEqual(Dual<1>.atan(Dual<1>.tan(d)).partials[0], 1, accuracy: 1e-12, "d atan(tan x)/dx at \(x)")
            let ratio = Dual<1>.sinh(d) / Dual<1>.cosh(d)
            XCTAssertEqual(ratio.partials[0], Dual<1>.tanh(d).partials[0], accuracy: 1e-14, "tanh' vs (sinh/cosh)' at \(x)")
        }
    }

    /// Documented conventions at kinks and domain edges.
    func testKinkConventions() {
        let zero = Dual<1>(0, seed: 0)
        XCTAssertEqual(relu(zero).partials[0], 0, "relu'(0) = 0")
        XCTAssertEqual(relu(Dual<1>(1e-300, seed: 0)).partials[0], 1, "relu' just right of 0")
        XCTAssertEqual(relu(Dual<1>(-1e-300, seed: 0)).partials[0], 0, "relu' just left of 0")
        XCTAssertEqual(abs(zero).partials[0], 0, "abs'(0) = 0")
        XCTAssertEqual(abs(Dual<1>(-2, seed: 0)).partials[0], -1)
        XCTAssertEqual(abs(Dual<1>(2, seed: 0)).partials[0], 1)
        // max/min return one argument whole; at a tie Swift's max returns the second, min the first.
        let a = Dual<2>(1, seed: 0), b = Dual<2>(1, seed: 1)
        XCTAssertEqual(max(a, b).partials[1], 1)
        XCTAssertEqual(min(a, b).partials[0], 1)
        XCTAssertEqual(max(Dual<2>(2, seed: 0), b).partials[0], 1)
        // pow at x = 0: the y-term is 0, not NaN.
        let p = Dual<2>.pow(Dual<2>(0, seed: 0), Dual<2>(2, seed: 1))
        XCTAssertEqual(p.value, 0)
        XCTAssertEqual(p.partials[1], 0)
        XCTAssertEqual(Dual<1>.pow(Dual<1>(3, seed: 0), 0).partials[0], 0, "d x⁰/dx = 0")
        // Large magnitudes keep finite derivatives where the function does.
        XCTAssertEqual(Dual<1>.tanh(Dual<1>(50, seed: 0)).partials[0], 0)
        XCTAssertEqual(Dual<1>.atan(Dual<1>(1e10, seed: 0)).partials[0], 1e-20, accuracy: 1e-30)
    }

    /// Literals, conversions and comparisons act on the value and create constants.
    func testLiteralsAndComparisons() {
        let literal: Dual<4> = 2.5
        XCTAssertEqual(literal.value, 2.5)
        for k in 0..<4 { XCTAssertEqual(literal.partials[k], 0) }
        let integer: Dual<4> = 3
        XCTAssertEqual(integer.value, 3)
        XCTAssertEqual(Dual<4>(exactly: 7)?.value, 7)
        XCTAssertTrue(Dual<1>(1, seed: 0) < Dual<1>(2))
        XCTAssertEqual(Dual<1>(1, seed: 0), Dual<1>(1))
        XCTAssertEqual(Dual<1>(1.5, seed: 0).primalValue, 1.5)
    }
}
