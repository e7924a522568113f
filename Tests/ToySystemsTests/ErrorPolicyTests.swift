import Dynamics
import DynamicsNN
import DynamicsTestSupport
import Foundation
import ToySystems
import XCTest

/// Docs/ConformingYourModel.md §7, entry point by entry point: every analysis that can throw refuses a
/// bad argument with a typed error whose message names the argument and what is allowed; the calls that
/// cannot throw (primitives, and contracts written without `try`) stop with a message that does the
/// same, in a child process here so that the trap can be observed.
final class ErrorPolicyTests: XCTestCase {
    /// One bad call and a fragment its message must contain.
    struct ThrowingCase {
        var entryPoint: String
        var fragment: String
        var call: () throws -> Void
    }

    static let henon = HenonFamily().fixing(parameters: [1.4, 0.3])
    static let lorenz = LorenzFamily().fixing(parameters: [10, 28, 8.0 / 3])
    static let pitchfork = PitchforkNormalForm()

    static var throwingCases: [ThrowingCase] {
        let (henon, lorenz) = (Self.henon, Self.lorenz)
        let plane = try! PhasePlane(lorenz, x: -20...20, y: -20...20, heldAt: [0, 0, 20])
        let known = try! AttractorMapper(RotatedBistableMap(), attractors: [[[-1, -1]], [[1, 1]]], radius: 1e-3)
        var badSlowPointOptions = SlowPointOptions()
        badSlowPointOptions.learningRate = .nan
        var badIntegration = DormandPrinceOptions()
        badIntegration.absoluteTolerance = -1
        return [
            ThrowingCase(entryPoint: "SlowPointFinder.find (wrong length)", fragment: "dimension") {
                _ = try SlowPointFinder(henon).find(from: [[0, 0, 0]])
            },
            ThrowingCase(entryPoint: "SlowPointFinder.find (NaN state)", fragment: "row 0") {
                _ = try SlowPointFinder(henon).find(from: [[.nan, 0]])
            },
            ThrowingCase(entryPoint: "SlowPointFinder.find (options)", fragment: "learningRate") {
                _ = try SlowPointFinder(henon, options: badSlowPointOptions).find(from: [[0, 0]])
            },
            ThrowingCase(entryPoint: "SlowPointFinder.refine (wrong length)", fragment: "dimension") {
                _ = try SlowPointFinder(henon).refine([[0]])
            },
            ThrowingCase(entryPoint: "LinearStability (wrong length)", fragment: "dimension is 2") {
                _ = try LinearStability(henon, at: [0, 0, 0])
            },
            ThrowingCase(entryPoint: "LinearStability (timeStep)", fragment: "timeStep") {
                _ = try LinearStability(henon, at: [0, 0], timeStep: -1)
            },
            ThrowingCase(entryPoint: "LeadingSpectrum (wrong length)", fragment: "dimension is 2") {
                _ = try LeadingSpectrum(henon, at: [0])
            },
            ThrowingCase(entryPoint: "LeadingSpectrum (count)", fragment: "count") {
                _ = try LeadingSpectrum(henon, at: [0, 0], count: 0)
            },
            ThrowingCase(entryPoint: "LeadingSpectrum (tolerance)", fragment: "tolerance") {
                _ = try LeadingSpectrum(henon, at: [0, 0], tolerance: .nan)
            },
            ThrowingCase(entryPoint: "PCAProjector (components)", fragment: "component") {
                _ = try PCAProjector(fitting: [[0, 1], [1, 0]], components: 5)
            },
            ThrowingCase(entryPoint: "LyapunovSpectrum map (steps)", fragment: "steps") {
                _ = try LyapunovSpectrum(henon, from: [0, 0], steps: -1)
            },
            ThrowingCase(entryPoint: "LyapunovSpectrum flow (renormalizationInterval 1e-20)", fragment: "renormalizationInterval") {
                _ = try LyapunovSpectrum(lorenz, from: [1, 1, 1], duration: 1, renormalizationInterval: 1e-20)
            },
            ThrowingCase(entryPoint: "LyapunovSpectrum flow (timeStep 1 on Lorenz)", fragment: "smaller timeStep") {
                _ = try LyapunovSpectrum(lorenz, from: [1, 1, 1], duration: 50, timeStep: 1, renormalizationInterval: 1)
            },
            ThrowingCase(entryPoint: "LyapunovSpectrum flow (timeStep 10 on Lorenz)", fragment: "timeStep") {
                _ = try LyapunovSpectrum(lorenz, from: [1, 1, 1], duration: 100, timeStep: 10, renormalizationInterval: 10)
            },
            ThrowingCase(entryPoint: "LyapunovSpectrum flow (timeStep 1e-300)", fragment: "timeStep") {
                _ = try LyapunovSpectrum(lorenz, from: [1, 1, 1], duration: 1, timeStep: 1e-300)
            },
            ThrowingCase(entryPoint: "LyapunovSpectrum adaptive (renormalizationInterval 1e-20)", fragment: "renormalizationInterval") {
                _ = try LyapunovSpectrum(lorenz, from: [1, 1, 1], duration: 1, tolerance: 1e-8, renormalizationInterval: 1e-20)
            },
            ThrowingCase(entryPoint: "PeriodicOrbitFinder (maxIterations -1)", fragment: "maxIterations") {
                _ = try PeriodicOrbitFinder(henon, maxIterations: -1).find(period: 2, from: [[0, 0]])
            },
            ThrowingCase(entryPoint: "PhasePlane (range)", fragment: "range") {
                _ = try PhasePlane(henon, x: 0...0, y: 0...1)
            },
            ThrowingCase(entryPoint: "PhasePlane.trajectory (wrong length)", fragment: "initial state") {
                _ = try plane.trajectory(from: [0, 0, 0], duration: 1)
            },
            ThrowingCase(entryPoint: "PhasePlane.trajectory (duration)", fragment: "duration") {
                _ = try plane.trajectory(from: [0, 0], duration: -.infinity)
            },
            ThrowingCase(entryPoint: "PhasePlane.fixedPoints (seeds 0)", fragment: "seeds") {
                _ = try plane.fixedPoints(seeds: 0)
            },
            ThrowingCase(entryPoint: "PhasePlane.equilibria (tolerance NaN)", fragment: "tolerance") {
                _ = try plane.equilibria(seeds: 2, tolerance: .nan)
            },
            ThrowingCase(entryPoint: "CycleFinder (period)", fragment: "period") {
                _ = try CycleFinder(lorenz).find(from: [1, 1, 1], period: 0)
            },
            ThrowingCase(entryPoint: "SlowPointRegion (radius)", fragment: "radius") {
                _ = try SlowPointRegion.regions(of: [[0, 0]], under: henon, radius: .nan)
            },
            ThrowingCase(entryPoint: "ContinuousFlow.integrate (options)", fragment: "absoluteTolerance") {
                _ = try lorenz.integrate(from: [1, 1, 1], duration: 1, options: badIntegration)
            },
            ThrowingCase(entryPoint: "AttractorMapper (cells)", fragment: "cellsPerDimension") {
                _ = try AttractorMapper(henon, box: [-3...3, -3...3], cellsPerDimension: 0)
            },
            ThrowingCase(entryPoint: "AttractorMapper (radius)", fragment: "radius") {
                _ = try AttractorMapper(RotatedBistableMap(), attractors: [[[1, 1]]], radius: .nan)
            },
            ThrowingCase(entryPoint: "AttractorMapper.label (wrong length)", fragment: "give 2 finite values") {
                _ = try known.label(from: [0])
            },
            ThrowingCase(entryPoint: "AttractorMapper.basinFractions (samples)", fragment: "samples") {
                _ = try known.basinFractions(samples: 0, seed: 1, box: [-1...1, -1...1])
            },
            ThrowingCase(entryPoint: "AttractorMapper.boundaryPoint (tolerance)", fragment: "tolerance") {
                _ = try known.boundaryPoint(between: [-1, 0.2], and: [1, 0.3], tolerance: -1)
            },
            ThrowingCase(entryPoint: "InitialConditionGrid.box (empty axis)", fragment: "axes") {
                _ = try InitialConditionGrid.box([[0, 1], []])
            },
            ThrowingCase(entryPoint: "InvariantManifold.unstable (length)", fragment: "length") {
                _ = try InvariantManifold.unstable(of: [0, 0], in: ParabolicSaddleMap(), length: -1)
            },
            ThrowingCase(entryPoint: "FixedPointContinuation.branch (index)", fragment: "index") {
                _ = try FixedPointContinuation(Self.pitchfork).branch(from: [0], parameters: [0], varying: 3, to: 1)
            },
            ThrowingCase(entryPoint: "NumPyArray (shape)", fragment: "shape") {
                _ = try NumPyArray(shape: [2, 2], values: [1])
            },
            ThrowingCase(entryPoint: "NumPyArray (bytes)", fragment: "magic") {
                _ = try NumPyArray(npyBytes: [0x93, 0x4E])
            },
            ThrowingCase(entryPoint: "StateDict (safetensors bytes)", fragment: "header length") {
                _ = try StateDict(safetensorsBytes: [1, 2, 3])
            },
            ThrowingCase(entryPoint: "CellWeights (gates 0)", fragment: "gates") {
                _ = try CellWeights(inputWeights: Matrix(rows: 0, columns: 1), recurrentWeights: Matrix(rows: 0, columns: 0), inputBias: [], recurrentBias: [], gates: 0)
            },
            ThrowingCase(entryPoint: "RateRNNCell (shapes)", fragment: "the cell needs [3, I] with I ≥ 1 inputs (H = 3)") {
                _ = try RateRNNCell(inputWeights: Matrix(rows: 2, columns: 1), recurrentWeights: Matrix(rows: 3, columns: 3), bias: [0, 0])
            },
        ]
    }

    func testEveryThrowingEntryPointNamesTheBadArgument() {
        for testCase in Self.throwingCases {
            do {
                try testCase.call()
                XCTFail("\(testCase.entryPoint): accepted a bad argument")
            } catch {
                let message = String(describing: error)
                XCTAssertFalse(message.isEmpty, testCase.entryPoint)
                XCTAssertTrue(message.localizedCaseInsensitiveContains(testCase.fragment), "\(testCase.entryPoint): \"\(message)\" does not name \(testCase.fragment)")
            }
        }
    }

    // MARK: calls that cannot throw: a trap with a message, observed from a child process

    static let childMarker = "DYNAMICS_ERROR_POLICY_CASE"

    /// Calls that cannot throw, the message their trap must print.
    static var trappingCases: [(name: String, fragment: String, call: () -> Void)] { [
        ("nullclines(refinementSteps: -1)", "refinementSteps", {
            _ = try! PhasePlane(ParabolicSaddleFlow(), x: -1...1, y: -1...1).nullclines(resolution: 10, refinementSteps: -1)
        }),
        ("nullclines(resolution: Int.max)", "resolution", {
            _ = try! PhasePlane(ParabolicSaddleFlow(), x: -1...1, y: -1...1).nullclines(resolution: .max)
        }),
        ("vectorField(resolution: 1)", "resolution", {
            _ = try! PhasePlane(ParabolicSaddleFlow(), x: -1...1, y: -1...1).vectorField(resolution: 1)
        }),
        ("classification(tolerance: .nan)", "tolerance", {
            _ = try! LinearStability(ParabolicSaddleFlow(), at: [0, 0]).classification(tolerance: .nan)
        }),
        ("GRUCell.map(input:) wrong length", "inputs", {
            let weights = try! CellWeights(inputWeights: Matrix(rows: 6, columns: 1), recurrentWeights: Matrix(rows: 6, columns: 2),
                                           inputBias: [Double](repeating: 0, count: 6), recurrentBias: [Double](repeating: 0, count: 6), gates: 3)
            _ = try! GRUCell(weights: weights).map(input: [1, 2, 3])
        }),
        ("trajectory(steps: Int.max)", "steps", { _ = henon.trajectory(from: [0, 0], steps: .max) }),
        ("jacobian(at:) wrong length", "values", { _ = henon.jacobian(at: [0]) }),
    ] }

    func testCallsThatCannotThrowStopWithAMessage() throws {
        for trapping in Self.trappingCases {
            let (status, text) = try ChildProcess.runTest(
                "ToySystemsTests.ErrorPolicyTests/testTrappingCaseInThisProcess", environment: [Self.childMarker: trapping.name, "SWIFT_BACKTRACE": "enable=no"])
            XCTAssertNotEqual(status, 0, "\(trapping.name) did not stop the program:\n\(text)")
            XCTAssertTrue(text.contains("Fatal error") && text.contains(trapping.fragment), "\(trapping.name): no message naming \(trapping.fragment):\n\(text)")
        }
    }

    /// Runs one trapping case, only in the child started above.
    func testTrappingCaseInThisProcess() throws {
        guard let name = ProcessInfo.processInfo.environment[Self.childMarker] else {
            throw XCTSkip("runs as the child of testCallsThatCannotThrowStopWithAMessage")
        }
        guard let trapping = Self.trappingCases.first(where: { $0.name == name }) else { return XCTFail("no case \(name)") }
        trapping.call()
        print("returned normally")
    }
}
