import ComplexModule
import Dynamics
import ToySystems
import XCTest

/// Branches of cycles from Hopf points against closed forms: the Hopf normal form (amplitude 2√μ,
/// period 2π, multiplier e^(−4πμ)) and the Bautin normal form (its fold of cycles at −β₂²/4).
final class CycleContinuationOracleTests: XCTestCase {
    func testHopfNormalFormBranch() throws {
        let family = HopfNormalForm()
        let equilibria = try FixedPointContinuation(family).branch(from: [0, 0], parameters: [-0.5], varying: 0, to: 0.5)
        let hopf = try XCTUnwrap(equilibria.bifurcations.first { $0.kind == .hopf })
        let cycles = try CycleContinuation(family).branch(fromHopf: hopf, on: equilibria, to: 0.5)
        XCTAssertEqual(cycles.termination, .reachedEnd)
        XCTAssertGreaterThan(cycles.points.count, 5)
        XCTAssertTrue(cycles.bifurcations.isEmpty, "\(cycles.bifurcations.map(\.kind))")
        for point in cycles.points {
            let mu = point.parameter
            // Near the Hopf point the radial multiplier tends to 1 and the periodicity equations lose
            // rank: a certified residual ε leaves the radius uncertain by about ε/|1 − multiplier|.
            let condition = 1 / abs(1 - Double.exp(-4 * Double.pi * mu))
            let tolerance = 1e-9 * (1 + condition)
            XCTAssertEqual(point.period, 2 * Double.pi, accuracy: 1e-8, "μ = \(mu)")
            XCTAssertEqual(point.amplitude, 2 * mu.squareRoot(), accuracy: 1e-5 + 2 * tolerance, "μ = \(mu)")
            XCTAssertEqual(point.multipliers[0].real, 1, accuracy: 1e-7)
            XCTAssertEqual(point.multipliers[1].length, Double.exp(-4 * Double.pi * mu), accuracy: 1e-8 + 4 * Double.pi * tolerance, "μ = \(mu)")
            XCTAssertTrue(point.isStable)
            for node in point.nodes { XCTAssertEqual((node[0] * node[0] + node[1] * node[1]).squareRoot(), mu.squareRoot(), accuracy: tolerance, "μ = \(mu)") }
        }
    }

    /// The Hopf normal form with seven decaying variables beside it (9-D): the shots' n + 1 = 10 Jacobian
    /// columns take two `Dual<8>` passes and ∂φ/∂μ rides in the second one. The closed forms hold as in
    /// 2-D, and the decaying variables' multipliers are e^(−2π·rateₖ).
    func testHopfBranchInNineDimensionsTakesTheParameterColumnFromTheSecondPass() throws {
        struct EmbeddedHopf: ParametricFlow {
            let rates: [Double] = [0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]
            var dimension: Int { 9 }
            var parameterCount: Int { 1 }
            func step<T: DynamicsScalar>(_ x: [T], parameters p: [T]) -> [T] {
                HopfNormalForm().step(Array(x[0..<2]), parameters: p) + rates.indices.map { -T(rates[$0]) * x[2 + $0] }
            }
        }
        let family = EmbeddedHopf()
        let equilibria = try FixedPointContinuation(family).branch(from: [Double](repeating: 0, count: 9), parameters: [-0.5], varying: 0, to: 0.5)
        let hopf = try XCTUnwrap(equilibria.bifurcations.first { $0.kind == .hopf })
        var options = CycleContinuationOptions()
        options.maximumPoints = 12
        let cycles = try CycleContinuation(family, options: options).branch(fromHopf: hopf, on: equilibria, to: 0.5)
        XCTAssertGreaterThan(cycles.points.count, 5)
        XCTAssertTrue(cycles.bifurcations.isEmpty, "\(cycles.bifurcations.map(\.kind))")
        XCTAssertGreaterThan(cycles.points.last?.parameter ?? 0, 0.01, "the branch moves away from the Hopf point")
        for point in cycles.points {
            let mu = point.parameter
            let condition = 1 / abs(1 - Double.exp(-4 * Double.pi * mu))
            let tolerance = 1e-9 * (1 + condition)
            XCTAssertEqual(point.period, 2 * Double.pi, accuracy: 1e-8, "μ = \(mu)")
            for node in point.nodes { XCTAssertEqual((node[0] * node[0] + node[1] * node[1]).squareRoot(), mu.squareRoot(), accuracy: tolerance, "μ = \(mu)") }
            let moduli = point.multipliers.dropFirst().map(\.length).sorted(by: >)
            let expected = ([Double.exp(-4 * Double.pi * mu)] + family.rates.map { Double.exp(-2 * Double.pi * $0) }).sorted(by: >)
            for (found, exact) in zip(moduli, expected) { XCTAssertEqual(found, exact, accuracy: 1e-8 + 4 * Double.pi * tolerance, "μ = \(mu)") }
        }
    }

    /// β₂ = 1: the subcritical Hopf at β₁ = 0 (ℓ₁ = 2) sends an unstable cycle to β₁ < 0, which folds at
    /// β₁ = −1/4 (r² = 1/2) into the stable cycle r² = (1 + √(1 + 4β₁))/2, followed on to β₁ = 0.5.
    func testBautinFoldOfCycles() throws {
        let family = BautinNormalForm()
        let equilibria = try FixedPointContinuation(family).branch(from: [0, 0], parameters: [-0.5, 1], varying: 0, to: 0.5)
        let hopf = try XCTUnwrap(equilibria.bifurcations.first { $0.kind == .hopf })
        XCTAssertEqual(hopf.firstLyapunovCoefficient ?? .nan, 2, accuracy: 1e-8)
        let cycles = try CycleContinuation(family).branch(fromHopf: hopf, on: equilibria, to: 0.5)
        XCTAssertEqual(cycles.termination, .reachedEnd)
        let folds = cycles.bifurcations.filter { $0.kind == .fold }
        XCTAssertEqual(folds.count, 1, "\(cycles.bifurcations.map(\.kind))")
        XCTAssertEqual(folds.first?.parameter ?? .nan, -0.25, accuracy: 1e-8)
        for point in cycles.points {
            let r2 = point.nodes[0][0] * point.nodes[0][0] + point.nodes[0][1] * point.nodes[0][1]
            // d(r²)/dt = 2r²(β₁ + r² − r⁴): the radial exponent is 2r²(1 − 2r²); near the Hopf point and
            // the fold it vanishes and a residual ε leaves r² uncertain by about ε/|1 − multiplier|.
            let condition = 1 / abs(1 - Double.exp(2 * Double.pi * 2 * r2 * (1 - 2 * r2)))
            XCTAssertEqual(point.parameter + r2 - r2 * r2, 0, accuracy: 1e-9 * (1 + condition), "on the cycle equation at β₁ = \(point.parameter)")
            XCTAssertEqual(point.isStable, r2 > 0.5, "stable exactly on the outer cycle (r² = \(r2))")
            XCTAssertEqual(point.period, 2 * Double.pi, accuracy: 1e-8)
        }
    }

    /// Period doubling and Neimark–Sacker points of flow cycles located on the branch: both exactly at
    /// λ = 0 in their oracles (multipliers −e^{2πλ}, and e^{2πλ ± 2.6πi}).
    func testPeriodDoublingAndTorusOfCyclesAreLocated() throws {
        for (name, family, kind) in [("Möbius", MoebiusCycleFlow() as any ParametricFlow, BifurcationKind.periodDoubling), ("torus", TorusCycleFlow(), .neimarkSacker)] {
            func run<F: ParametricFlow>(_ family: F) throws -> CycleBranch {
                let cycle = try CycleFinder(family.fixing(parameters: [-0.3])).find(from: [1, 0, 0, 0], period: 6.3)
                return try CycleContinuation(family).branch(from: cycle, parameters: [-0.3], varying: 0, to: 0.3)
            }
            let branch = try run(family)
            XCTAssertEqual(branch.termination, .reachedEnd, name)
            XCTAssertEqual(branch.bifurcations.map(\.kind), [kind], name)
            XCTAssertEqual(branch.bifurcations.first?.parameter ?? .nan, 0, accuracy: 1e-8, name)
            for point in branch.points {
                XCTAssertEqual(point.period, 2 * Double.pi, accuracy: 1e-8, name)
                XCTAssertEqual(point.isStable, point.parameter < 0, "\(name) at λ = \(point.parameter)")
            }
        }
    }

    /// Multipliers that meet on the real axis outside the unit circle are not a bifurcation: the
    /// complex pair e^{2π(0.2 ± i√−λ)} becomes two real multipliers at λ = 0 without crossing the circle,
    /// so the branch from λ = −0.3 to 0.03 has no event, while its multipliers follow the closed form.
    func testMultipliersMeetingOutsideTheCircleAreNoEvent() throws {
        let family = MeetingMultipliersCycleFlow()
        let cycle = try CycleFinder(family.fixing(parameters: [-0.3])).find(from: [1, 0, 0, 0], period: 6.3)
        let branch = try CycleContinuation(family).branch(from: cycle, parameters: [-0.3], varying: 0, to: 0.03)
        XCTAssertEqual(branch.termination, .reachedEnd)
        XCTAssertTrue(branch.bifurcations.isEmpty, "\(branch.bifurcations.map { "\($0.kind) at \($0.parameter)" })")
        XCTAssertTrue(branch.points.contains { $0.parameter < -0.01 } && branch.points.contains { $0.parameter > 0.01 }, "the branch crosses λ = 0")
        // The last point may step past the end, and past λ = 0.04 where one real multiplier enters.
        for point in branch.points where point.parameter < 0.035 {
            let lambda = point.parameter
            let transverse = point.multipliers.dropFirst().filter { $0.length > 1 }
            XCTAssertEqual(transverse.count, 2, "λ = \(lambda): \(point.multipliers)")
            XCTAssertEqual(transverse.map(\.length).reduce(1, *), Double.exp(0.8 * Double.pi), accuracy: 1e-6, "λ = \(lambda): their product is e^{0.8π}")
            XCTAssertFalse(point.isStable)
        }
    }

    /// Branch switching at a flow's period doubling: the Möbius oracle's doubled cycle for λ > 0 has
    /// period 4π, |u|² = λ at every node, multipliers e^{−8πλ} and e^{−4π(1 + λ)} besides e^{−8π}, and is
    /// stable (the old cycle, unstable there, is not what the switch returns).
    func testBranchSwitchingAtAFlowPeriodDoubling() throws {
        let family = MoebiusCycleFlow()
        let cycle = try CycleFinder(family.fixing(parameters: [-0.3])).find(from: [1, 0, 0, 0], period: 6.3)
        let branch = try CycleContinuation(family).branch(from: cycle, parameters: [-0.3], varying: 0, to: 0.3)
        let flip = try XCTUnwrap(branch.bifurcations.first { $0.kind == .periodDoubling })
        let doubled = try CycleContinuation(family).branch(fromPeriodDoubling: flip, on: branch, to: 0.15)
        XCTAssertEqual(doubled.termination, .reachedEnd)
        XCTAssertGreaterThan(doubled.points.count, 3)
        for point in doubled.points {
            let lambda = point.parameter
            XCTAssertGreaterThan(lambda, 0)
            // Near the doubling the multiplier e^{−8πλ} tends to 1 and a residual ε leaves |u| uncertain
            // by about ε/|1 − μ|.
            let condition = 1 / abs(1 - Double.exp(-8 * Double.pi * lambda))
            XCTAssertEqual(point.period, 4 * Double.pi, accuracy: 1e-8, "λ = \(lambda)")
            for node in point.nodes { XCTAssertEqual(node[2] * node[2] + node[3] * node[3], lambda, accuracy: 1e-9 * (1 + condition), "λ = \(lambda)") }
            XCTAssertTrue(point.isStable, "λ = \(lambda)")
            let slow = point.multipliers.dropFirst().map(\.length).min { abs($0 - Double.exp(-8 * Double.pi * lambda)) < abs($1 - Double.exp(-8 * Double.pi * lambda)) } ?? .nan
            XCTAssertEqual(slow, Double.exp(-8 * Double.pi * lambda), accuracy: 1e-7, "λ = \(lambda)")
        }
    }

    func testBadArgumentsAreNamed() throws {
        let family = HopfNormalForm()
        let equilibria = try FixedPointContinuation(family).branch(from: [0, 0], parameters: [-0.5], varying: 0, to: 0.5)
        let notHopf = Bifurcation(kind: .fold, parameter: 0, state: [0, 0], eigenvalues: [], arclength: 0)
        XCTAssertThrowsError(try CycleContinuation(family).branch(fromHopf: notHopf, on: equilibria, to: 1)) { XCTAssertTrue("\($0)".contains("hopf"), "\($0)") }
        var options = CycleContinuationOptions()
        options.segments = 0
        let hopf = try XCTUnwrap(equilibria.bifurcations.first { $0.kind == .hopf })
        XCTAssertThrowsError(try CycleContinuation(family, options: options).branch(fromHopf: hopf, on: equilibria, to: 1)) { XCTAssertTrue("\($0)".contains("segments"), "\($0)") }
        // Switching at a flow's period doubling needs an even number of segments, and a doubling.
        let cycles = try CycleContinuation(family).branch(fromHopf: hopf, on: equilibria, to: 0.5)
        let fake = CycleBifurcation(kind: .periodDoubling, parameter: cycles.points[2].parameter, point: cycles.points[2])
        XCTAssertThrowsError(try CycleContinuation(family).branch(fromPeriodDoubling: fake, on: cycles, to: 0.5)) { XCTAssertTrue("\($0)".contains("multiplier −1"), "\($0)") }
        options.segments = 7
        XCTAssertThrowsError(try CycleContinuation(family, options: options).branch(fromPeriodDoubling: fake, on: cycles, to: 0.5)) { XCTAssertTrue("\($0)".contains("even"), "\($0)") }
        var notDoubling = fake
        notDoubling.kind = .fold
        XCTAssertThrowsError(try CycleContinuation(family).branch(fromPeriodDoubling: notDoubling, on: cycles, to: 0.5)) { XCTAssertTrue("\($0)".contains("periodDoubling"), "\($0)") }
    }
}
