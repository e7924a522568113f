import Dynamics
import DynamicsTestSupport
import PropertyBased
import ToySystems
import XCTest

/// Fixed-point continuation against bifurcations known in closed form: each located within 1e-8 with
/// the right kind, every point certified.
final class ContinuationOracleTests: XCTestCase {
    func events(_ branch: ContinuationBranch, _ kind: BifurcationKind) -> [Bifurcation] { branch.bifurcations.filter { $0.kind == kind } }

    func assertCertified<S: ParametricSystem>(_ branch: ContinuationBranch, _ system: S, _ label: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertGreaterThan(branch.points.count, 3, "\(label): points", file: file, line: line)
        for point in branch.points {
            var p = branch.parameters
            p[branch.parameterIndex] = point.parameter
            let f = system.step(point.state, parameters: p)
            let g = S.timeDomain == .discrete ? zip(f, point.state).map { $0 - $1 } : f
            let residual = g.reduce(0) { $0 + $1 * $1 }.squareRoot()
            XCTAssertLessThanOrEqual(residual, 1e-10 * Swift.max(1, point.state.reduce(0) { $0 + $1 * $1 }.squareRoot()), "\(label): point at \(point.parameter) certified", file: file, line: line)
        }
    }

    func testSaddleNodeFold() throws {
        let system = SaddleNodeNormalForm()
        let branch = try FixedPointContinuation(system).branch(from: [1], parameters: [1], varying: 0, to: -1)
        assertCertified(branch, system, "saddle-node")
        let folds = events(branch, .fold)
        XCTAssertEqual(folds.count, 1, "\(branch.bifurcations.map(\.kind))")
        XCTAssertEqual(folds.first?.parameter ?? .nan, 0, accuracy: 1e-8)
        XCTAssertEqual(folds.first?.state[0] ?? .nan, 0, accuracy: 1e-4)
        XCTAssertEqual(branch.termination, .leftInterval, "past the fold the branch x = −√μ returns towards μ = 1")
        XCTAssertTrue(branch.points.first!.isStable, "x = +√μ is stable")
        XCTAssertFalse(branch.points.last!.isStable, "x = −√μ is unstable")
        XCTAssertTrue(events(branch, .branchPoint).isEmpty, "a fold is not a branch point")
    }

    func testTranscriticalAndPitchforkBranchPoints() throws {
        let transcritical = try FixedPointContinuation(TranscriticalNormalForm()).branch(from: [0], parameters: [-1], varying: 0, to: 1)
        assertCertified(transcritical, TranscriticalNormalForm(), "transcritical")
        XCTAssertEqual(events(transcritical, .branchPoint).map(\.parameter).first ?? .nan, 0, accuracy: 1e-8)
        XCTAssertTrue(events(transcritical, .fold).isEmpty)
        XCTAssertEqual(transcritical.termination, .reachedEnd)
        XCTAssertEqual(transcritical.points.last!.parameter, 1, accuracy: 1e-12, "a last point exactly at the end value")
        let pitchfork = try FixedPointContinuation(PitchforkNormalForm()).branch(from: [0], parameters: [-1], varying: 0, to: 1)
        assertCertified(pitchfork, PitchforkNormalForm(), "pitchfork")
        XCTAssertEqual(events(pitchfork, .branchPoint).map(\.parameter).first ?? .nan, 0, accuracy: 1e-8)
        XCTAssertTrue(pitchfork.points.first!.isStable)
        XCTAssertFalse(pitchfork.points.last!.isStable, "x = 0 is unstable for μ > 0")
    }

    func testHopfNormalForm() throws {
        let branch = try FixedPointContinuation(HopfNormalForm()).branch(from: [0.01, -0.01], parameters: [-0.5], varying: 0, to: 0.5)
        assertCertified(branch, HopfNormalForm(), "Hopf normal form")
        let hopf = events(branch, .hopf)
        XCTAssertEqual(hopf.count, 1, "\(branch.bifurcations.map(\.kind))")
        XCTAssertEqual(hopf.first?.parameter ?? .nan, 0, accuracy: 1e-8)
        XCTAssertEqual(hopf.first?.eigenvalues.first.map { abs($0.imaginary) } ?? .nan, 1, accuracy: 1e-6, "eigenvalues ±i at the Hopf point")
        // ż = (μ + i)z − z|z|²: supercritical, ℓ₁ = 2·(−1)/ω = −2 (Kuznetsov's normalization).
        XCTAssertEqual(hopf.first?.firstLyapunovCoefficient ?? .nan, -2, accuracy: 1e-6)
    }

    func testLogisticPeriodDoubling() throws {
        let logistic = LogisticMap()
        let branch = try FixedPointContinuation(logistic).branch(from: [0.6], parameters: [2.5], varying: 0, to: 3.5)
        assertCertified(branch, logistic, "logistic")
        let doubling = events(branch, .periodDoubling)
        XCTAssertEqual(doubling.count, 1)
        XCTAssertEqual(doubling.first?.parameter ?? .nan, 3, accuracy: 1e-8)
        XCTAssertEqual(doubling.first?.state[0] ?? .nan, 2.0 / 3, accuracy: 1e-8)
        for point in branch.points { XCTAssertEqual(point.state[0], 1 - 1 / point.parameter, accuracy: 1e-10) }
        XCTAssertTrue(branch.points.first!.isStable)
        XCTAssertFalse(branch.points.last!.isStable)
        // The contract's map at fixed parameters and ∂F/∂p against central differences.
        let map = logistic.fixing(parameters: [2.8])
        XCTAssertEqual(map.step([0.5])[0], 0.7, accuracy: 1e-15)
        let jp = logistic.parameterJacobian(at: [0.5], parameters: [2.8])
        XCTAssertEqual(jp.rows, 1)
        XCTAssertEqual(jp[0, 0], centralDifference({ logistic.step([0.5], parameters: [$0])[0] }, at: 2.8), accuracy: 1e-9)
    }

    func testHenonFoldAndPeriodDoubling() throws {
        try forAllCases(3) { rng in
            let b = Gen.double(in: 0.1...0.5).run(using: &rng)
            let fold = -(1 - b) * (1 - b) / 4, doubling = 3 * (1 - b) * (1 - b) / 4
            let henon = HenonFamily()
            let start = HenonFamily.fixedPoint(a: doubling / 2, b: b, plus: true)
            let up = try FixedPointContinuation(henon).branch(from: start, parameters: [doubling / 2, b], varying: 0, to: doubling + 0.5)
            assertCertified(up, henon, "Hénon b = \(b)")
            XCTAssertEqual(events(up, .periodDoubling).first?.parameter ?? .nan, doubling, accuracy: 1e-8, "b = \(b)")
            let down = try FixedPointContinuation(henon).branch(from: start, parameters: [doubling / 2, b], varying: 0, to: fold - 0.5)
            XCTAssertEqual(events(down, .fold).first?.parameter ?? .nan, fold, accuracy: 1e-8, "b = \(b)")
            // ∂F/∂p against central differences, both parameters.
            let x = [0.3, -0.2], p = [1.1, b]
            let jp = henon.parameterJacobian(at: x, parameters: p)
            for k in 0..<2 {
                for i in 0..<2 {
                    let numeric = centralDifference({ v in var q = p; q[k] = v; return henon.step(x, parameters: q)[i] }, at: p[k])
                    XCTAssertEqual(jp[i, k], numeric, accuracy: 1e-8, "∂F\(i)/∂p\(k)")
                }
            }
            let joint = henon.jointJacobian(at: x, parameters: p)
            assertClose(Matrix(rows: 2, columns: 2, elements: [joint[0, 0], joint[0, 1], joint[1, 0], joint[1, 1]]), henon.fixing(parameters: p).jacobian(at: x), tolerance: 1e-15, "joint state block")
        }
    }

    func testDelayedLogisticNeimarkSacker() throws {
        let system = DelayedLogisticMap()
        let branch = try FixedPointContinuation(system).branch(from: [1 - 1 / 1.5, 1 - 1 / 1.5], parameters: [1.5], varying: 0, to: 2.5)
        assertCertified(branch, system, "delayed logistic")
        let ns = events(branch, .neimarkSacker)
        XCTAssertEqual(ns.count, 1, "\(branch.bifurcations.map(\.kind))")
        XCTAssertEqual(ns.first?.parameter ?? .nan, 2, accuracy: 1e-8)
        XCTAssertEqual(ns.first?.eigenvalues.first?.length ?? .nan, 1, accuracy: 1e-7, "multipliers on the unit circle")
    }

    func testLorenzBranchPointAndHopf() throws {
        let (sigma, beta) = (10.0, 8.0 / 3)
        let lorenz = LorenzFamily()
        let origin = try FixedPointContinuation(lorenz).branch(from: [0, 0, 0], parameters: [sigma, 0.5, beta], varying: 1, to: 2)
        XCTAssertEqual(events(origin, .branchPoint).first?.parameter ?? .nan, 1, accuracy: 1e-8)
        let rhoStart = 2.0
        let c = (beta * (rhoStart - 1)).squareRoot()
        let branch = try FixedPointContinuation(lorenz).branch(from: [c, c, rhoStart - 1], parameters: [sigma, rhoStart, beta], varying: 1, to: 30)
        assertCertified(branch, lorenz, "Lorenz C+")
        let expected = sigma * (sigma + beta + 3) / (sigma - beta - 1)
        XCTAssertEqual(events(branch, .hopf).first?.parameter ?? .nan, expected, accuracy: 1e-8)
    }

    /// A ReLU rate network: border collisions where a unit switches, located where its pre-activation
    /// is zero, and the branch continues across them.
    func testBorderCollisions() throws {
        let network = ReluRateNetwork(weights: [0.5, -0.3, 0.4, 0.2], bias: [0.1, -0.2])
        let branch = try FixedPointContinuation(network).branch(from: [0, 0], parameters: [-2], varying: 0, to: 2)
        assertCertified(branch, network, "ReLU network")
        XCTAssertEqual(branch.termination, .reachedEnd, "continues across the kinks")
        let collisions = events(branch, .borderCollision)
        XCTAssertFalse(collisions.isEmpty)
        for event in collisions {
            let drive = network.switchingFunctions(at: event.state, parameters: [event.parameter])
            XCTAssertLessThan(drive.map(abs).min()!, 1e-8, "a unit's pre-activation is zero at \(event.parameter): \(drive)")
        }
    }

    func testBadArgumentsAreNamed() {
        let continuation = FixedPointContinuation(LogisticMap())
        XCTAssertThrowsError(try continuation.branch(from: [0.6, 1], parameters: [2.5], varying: 0, to: 3)) { XCTAssertTrue("\($0)".contains("dimension is 1")) }
        XCTAssertThrowsError(try continuation.branch(from: [0.6], parameters: [2.5], varying: 1, to: 3)) { XCTAssertTrue("\($0)".contains("index 1")) }
        XCTAssertThrowsError(try continuation.branch(from: [0.6], parameters: [2.5], varying: 0, to: 2.5)) { XCTAssertTrue("\($0)".contains("equals the start")) }
        XCTAssertThrowsError(try continuation.branch(from: [.nan], parameters: [2.5], varying: 0, to: 3)) { XCTAssertTrue("\($0)".contains("finite")) }
        // No fixed point near: the logistic map at r = 2.5 has fixed points 0 and 0.6 only, and Newton
        // from 5 goes to one of them, so use a flow without fixed points instead.
        XCTAssertThrowsError(try FixedPointContinuation(SaddleNodeNormalForm()).branch(from: [0.3], parameters: [-1], varying: 0, to: 1)) { error in
            guard case .notNearFixedPoint = error as? ContinuationError else { return XCTFail("\(error)") }
        }
        var options = ContinuationOptions()
        options.maximumStep = 0
        XCTAssertThrowsError(try FixedPointContinuation(LogisticMap(), options: options).branch(from: [0.6], parameters: [2.5], varying: 0, to: 3)) {
            XCTAssertTrue("\($0)".contains("maximumStep"))
        }
    }
}
