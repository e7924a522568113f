import ComplexModule
import Dynamics
import DynamicsTestSupport
import PropertyBased
import ToySystems
import XCTest

/// Curves of folds, Hopf, period-doubling and Neimark–Sacker points in two parameters against the
/// closed forms of normal forms, with their codimension-two points; each started from an event of a
/// one-parameter branch at a seeded second parameter.
final class TwoParameterCurveOracleTests: XCTestCase {
    /// The first event of `kind` on the branch from `state` at `parameters`, varying parameter 0 from
    /// its value to `end`.
    func event<F: ParametricSystem>(_ kind: BifurcationKind, of family: F, from state: [Double], parameters: [Double], varying index: Int = 0, to end: Double) throws -> (Bifurcation, ContinuationBranch) {
        let branch = try FixedPointContinuation(family).branch(from: state, parameters: parameters, varying: index, to: end)
        let found = try XCTUnwrap(branch.bifurcations.first { $0.kind == kind }, "no \(kind) in \(branch.bifurcations.map(\.kind)) at \(parameters)")
        return (found, branch)
    }

    func assertSpecialPoints(_ curve: BifurcationCurve, are expected: [(CodimensionTwoKind, [Double])], file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(curve.specialPoints.map(\.kind), expected.map(\.0), "\(curve.specialPoints.map { ($0.kind, $0.parameters) })", file: file, line: line)
        for (found, (_, parameters)) in zip(curve.specialPoints, expected) {
            for (value, exact) in zip(found.parameters, parameters) { XCTAssertEqual(value, exact, accuracy: 1e-8, "\(found.kind)", file: file, line: line) }
        }
    }

    func testCuspNormalFormFoldCurve() throws {
        forAllCases(3) { rng in
            let beta2 = Double.random(in: 0.3...1.5, using: &rng)
            guard let (fold, branch) = try? event(.fold, of: CuspNormalForm(), from: [-1.5], parameters: [-1, beta2], to: 1) else { return XCTFail("no fold") }
            XCTAssertEqual(fold.parameter, 2 * Double.pow(beta2 / 3, 1.5), accuracy: 1e-9)
            guard let curve = try? FixedPointContinuation(CuspNormalForm()).curve(of: fold, on: branch, alsoVarying: 1, within: [-1...1, -0.5...2]) else { return XCTFail("no curve") }
            XCTAssertEqual(curve.kind, .fold)
            XCTAssertEqual(curve.parameterIndices, [0, 1])
            XCTAssertEqual(curve.ends, [.leftBox, .leftBox])
            XCTAssertGreaterThan(curve.points.count, 20)
            for point in curve.points {
                let (b1, b2, x) = (point.parameters[0], point.parameters[1], point.state[0])
                XCTAssertEqual(27 * b1 * b1, 4 * b2 * b2 * b2, accuracy: 1e-9, "on 27β₁² = 4β₂³ at \(point.parameters)")
                XCTAssertEqual(b2, 3 * x * x, accuracy: 1e-10)
            }
            assertSpecialPoints(curve, are: [(.cusp, [0, 0])])
            XCTAssertEqual(curve.specialPoints.first?.state[0] ?? .nan, 0, accuracy: 1e-8)
        }
    }

    func testBogdanovTakensFoldAndHopfCurves() throws {
        forAllCases(2) { rng in
            let beta2 = Double.random(in: -1.5...(-0.3), using: &rng)
            let family = BogdanovTakensNormalForm()
            // The equilibrium x = (−β₂ − √(β₂² − 4β₁))/2 at β₁ = −0.5 passes a Hopf point at β₁ = 0, then a fold.
            let x0 = (-beta2 - (beta2 * beta2 + 2).squareRoot()) / 2
            guard let (hopf, branch) = try? event(.hopf, of: family, from: [x0, 0], parameters: [-0.5, beta2], to: 1),
                  let fold = branch.bifurcations.first(where: { $0.kind == .fold }) else { return XCTFail("no Hopf or fold point") }
            XCTAssertEqual(fold.parameter, beta2 * beta2 / 4, accuracy: 1e-9)
            let box: [ClosedRange<Double>] = [-1...1, -2...2]
            guard let hopfCurve = try? FixedPointContinuation(family).curve(of: hopf, on: branch, alsoVarying: 1, within: box) else { return XCTFail("no Hopf curve") }
            XCTAssertEqual(hopfCurve.kind, .hopf)
            for point in hopfCurve.points {
                XCTAssertEqual(point.parameters[0], 0, accuracy: 1e-10, "Hopf points lie on β₁ = 0")
                XCTAssertEqual(point.state[0], 0, accuracy: 1e-10)
                if point.parameters[1] < -1e-6 {
                    XCTAssertEqual(point.frequency ?? .nan, (-point.parameters[1]).squareRoot(), accuracy: 1e-9, "ω² = −β₂")
                } else if point.parameters[1] > 1e-6 {
                    XCTAssertNil(point.frequency, "a neutral saddle beyond the BT point")
                }
            }
            assertSpecialPoints(hopfCurve, are: [(.bogdanovTakens, [0, 0])])
            guard let foldCurve = try? FixedPointContinuation(family).curve(of: fold, on: branch, alsoVarying: 1, within: box) else { return XCTFail("no fold curve") }
            for point in foldCurve.points {
                let b2 = point.parameters[1]
                XCTAssertEqual(point.parameters[0], b2 * b2 / 4, accuracy: 1e-10, "folds lie on β₁ = β₂²/4")
                XCTAssertEqual(point.state[0], -b2 / 2, accuracy: 1e-9)
            }
            assertSpecialPoints(foldCurve, are: [(.bogdanovTakens, [0, 0])])
        }
    }

    /// ℓ₁ = 2β₂ on the Hopf curve β₁ = 0: the Bautin point at β₂ = 0.
    func testBautinPointOnTheHopfCurve() throws {
        forAllCases(2) { rng in
            let beta2 = Double.random(in: 0.2...0.9, using: &rng) * (rng.next() % 2 == 0 ? 1 : -1)
            guard let (hopf, branch) = try? event(.hopf, of: BautinNormalForm(), from: [0, 0], parameters: [-0.5, beta2], to: 0.5),
                  let curve = try? FixedPointContinuation(BautinNormalForm()).curve(of: hopf, on: branch, alsoVarying: 1, within: [-1...1, -1...1])
            else { return XCTFail("no Hopf curve") }
            for point in curve.points {
                XCTAssertEqual(point.parameters[0], 0, accuracy: 1e-10)
                XCTAssertEqual(point.frequency ?? .nan, 1, accuracy: 1e-10)
            }
            assertSpecialPoints(curve, are: [(.bautin, [0, 0])])
        }
    }

    func testZeroHopfWhereFoldAndHopfCurvesCross() throws {
        forAllCases(2) { rng in
            let beta2 = Double.random(in: 0.3...0.8, using: &rng)
            let family = ZeroHopfFamily()
            guard let (hopf, branch) = try? event(.hopf, of: family, from: [-1, 0, 0], parameters: [-1, beta2], to: 1),
                  let fold = branch.bifurcations.first(where: { $0.kind == .fold }) else { return XCTFail("no Hopf or fold point") }
            XCTAssertEqual(hopf.parameter, -beta2 * beta2, accuracy: 1e-9)
            let box: [ClosedRange<Double>] = [-1...0.5, -1...1]
            guard let hopfCurve = try? FixedPointContinuation(family).curve(of: hopf, on: branch, alsoVarying: 1, within: box),
                  let foldCurve = try? FixedPointContinuation(family).curve(of: fold, on: branch, alsoVarying: 1, within: box) else { return XCTFail("no curves") }
            for point in hopfCurve.points { XCTAssertEqual(point.parameters[0], -point.parameters[1] * point.parameters[1], accuracy: 1e-10) }
            for point in foldCurve.points { XCTAssertEqual(point.parameters[0], 0, accuracy: 1e-10) }
            assertSpecialPoints(hopfCurve, are: [(.zeroHopf, [0, 0])])
            assertSpecialPoints(foldCurve, are: [(.zeroHopf, [0, 0])])
        }
    }

    func testHopfHopfWhereTwoHopfCurvesCross() throws {
        forAllCases(2) { rng in
            let beta2 = Double.random(in: 0.2...0.8, using: &rng)
            let family = HopfHopfFamily()
            guard let (first, branch) = try? event(.hopf, of: family, from: [0, 0, 0, 0], parameters: [-1, beta2], to: 1),
                  let curve = try? FixedPointContinuation(family).curve(of: first, on: branch, alsoVarying: 1, within: [-1...1, -1...1])
            else { return XCTFail("no Hopf curve") }
            for point in curve.points { XCTAssertEqual(point.parameters[0], 0, accuracy: 1e-10) }
            assertSpecialPoints(curve, are: [(.hopfHopf, [0, 0])])
            // The second pair's curve β₂ = −β₁², from its Hopf point at β₁ = −√(−β₂) on a branch at β₂ < 0.
            guard let (second, other) = try? event(.hopf, of: family, from: [0, 0, 0, 0], parameters: [-1, -beta2], to: -0.1),
                  let secondCurve = try? FixedPointContinuation(family).curve(of: second, on: other, alsoVarying: 1, within: [-1...1, -1...1])
            else { return XCTFail("no second Hopf curve") }
            XCTAssertEqual(second.parameter, -beta2.squareRoot(), accuracy: 1e-9)
            for point in secondCurve.points { XCTAssertEqual(point.parameters[1], -point.parameters[0] * point.parameters[0], accuracy: 1e-10) }
            assertSpecialPoints(secondCurve, are: [(.hopfHopf, [0, 0])])
        }
    }

    /// Hénon: folds on a = −(1 − b)²/4 with a 1:1 resonance at (−1, −1); period doublings on
    /// a = 3(1 − b)²/4 with a 1:2 resonance at (3, −1); Neimark–Sacker points on b = −1 (det ∂F/∂x = −b),
    /// with the resonances 1:4 at a = 0, 1:3 at a = 5/4, 1:2 at a = 3.
    func testHenonCurvesAndResonances() throws {
        let family = HenonFamily()
        let (fold, foldBranch) = try event(.fold, of: family, from: HenonFamily.fixedPoint(a: 0.2, b: -0.5, plus: true), parameters: [0.2, -0.5], to: -2)
        let foldCurve = try FixedPointContinuation(family).curve(of: fold, on: foldBranch, alsoVarying: 1, within: [-3...1, -2...0.5])
        for point in foldCurve.points { XCTAssertEqual(point.parameters[0], -(1 - point.parameters[1]) * (1 - point.parameters[1]) / 4, accuracy: 1e-10) }
        assertSpecialPoints(foldCurve, are: [(.resonance1to1, [-1, -1])])

        let (flip, flipBranch) = try event(.periodDoubling, of: family, from: HenonFamily.fixedPoint(a: 1, b: -0.5, plus: true), parameters: [1, -0.5], to: 4)
        let flipCurve = try FixedPointContinuation(family).curve(of: flip, on: flipBranch, alsoVarying: 1, within: [0...5, -2...0.5])
        for point in flipCurve.points { XCTAssertEqual(point.parameters[0], 3 * (1 - point.parameters[1]) * (1 - point.parameters[1]) / 4, accuracy: 1e-9) }
        assertSpecialPoints(flipCurve, are: [(.resonance1to2, [3, -1])])

        let (torus, torusBranch) = try event(.neimarkSacker, of: family, from: HenonFamily.fixedPoint(a: 1, b: -1.5, plus: true), parameters: [1, -1.5], varying: 1, to: -0.5)
        XCTAssertEqual(torus.parameter, -1, accuracy: 1e-9)
        let torusCurve = try FixedPointContinuation(family).curve(of: torus, on: torusBranch, alsoVarying: 0, within: [-1.5...(-0.5), -0.5...3.5])
        for point in torusCurve.points { XCTAssertEqual(point.parameters[1], -1, accuracy: 1e-10) }
        let resonances = torusCurve.specialPoints.filter { $0.kind != .resonance1to1 }
        XCTAssertEqual(Set(resonances.map(\.kind)), [.resonance1to4, .resonance1to3, .resonance1to2], "\(torusCurve.specialPoints.map { ($0.kind, $0.parameters) })")
        for (kind, a) in [(CodimensionTwoKind.resonance1to4, 0.0), (.resonance1to3, 1.25), (.resonance1to2, 3)] {
            XCTAssertEqual(resonances.first { $0.kind == kind }?.parameters[0] ?? .nan, a, accuracy: 1e-8, "\(kind)")
        }
    }

    func testFoldFlipOfAMap() throws {
        forAllCases(2) { rng in
            let beta2 = Double.random(in: 0.3...0.8, using: &rng)
            let family = FoldFlipMap()
            guard let (flip, branch) = try? event(.periodDoubling, of: family, from: [-1, 0], parameters: [-1, beta2], to: 1),
                  let fold = branch.bifurcations.first(where: { $0.kind == .fold }) else { return XCTFail("no flip or fold") }
            let box: [ClosedRange<Double>] = [-1...0.5, -1...1]
            guard let flipCurve = try? FixedPointContinuation(family).curve(of: flip, on: branch, alsoVarying: 1, within: box),
                  let foldCurve = try? FixedPointContinuation(family).curve(of: fold, on: branch, alsoVarying: 1, within: box) else { return XCTFail("no curves") }
            for point in flipCurve.points { XCTAssertEqual(point.parameters[0], -point.parameters[1] * point.parameters[1], accuracy: 1e-10) }
            for point in foldCurve.points { XCTAssertEqual(point.parameters[0], 0, accuracy: 1e-10) }
            assertSpecialPoints(flipCurve, are: [(.foldFlip, [0, 0])])
            assertSpecialPoints(foldCurve, are: [(.foldFlip, [0, 0])])
        }
    }

    func testBadRequestsAreRefusedWithReasons() throws {
        let family = CuspNormalForm()
        let (fold, branch) = try event(.fold, of: family, from: [-1.5], parameters: [-1, 1], to: 1)
        let continuation = FixedPointContinuation(family)
        func expect(_ fragment: String, _ body: () throws -> Void) {
            XCTAssertThrowsError(try body()) { XCTAssertTrue("\($0)".contains(fragment), "\($0) should mention \(fragment)") }
        }
        expect("other than") { _ = try continuation.curve(of: fold, on: branch, alsoVarying: 0, within: [-1...1, -1...1]) }
        expect("outside the box") { _ = try continuation.curve(of: fold, on: branch, alsoVarying: 1, within: [-1...1, 2...3]) }
        expect("two finite") { _ = try continuation.curve(of: fold, on: branch, alsoVarying: 1, within: [-1...1]) }
        var notAFold = fold
        notAFold.state = [0.9]
        expect("not a fold point") { _ = try continuation.curve(of: notAFold, on: branch, alsoVarying: 1, within: [-1...1, -1...2]) }
        var wrongKind = fold
        wrongKind.kind = .hopf
        expect("hopf") { _ = try continuation.curve(of: wrongKind, on: branch, alsoVarying: 1, within: [-1...1, -1...2]) }
        wrongKind.kind = .branchPoint
        expect("branchPoint") { _ = try continuation.curve(of: wrongKind, on: branch, alsoVarying: 1, within: [-1...1, -1...2]) }
    }
}
