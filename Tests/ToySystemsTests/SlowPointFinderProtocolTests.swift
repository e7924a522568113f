import Dynamics
import DynamicsTestSupport
import ToySystems
import XCTest

/// The gradient protocol's bookkeeping and the errors on bad candidates.
final class SlowPointFinderProtocolTests: XCTestCase {
    func testChunksProgressHistoryAndEarlyStop() throws {
        var rng = SeededGenerator(seed: 12)
        let system = ReluNetworkMap(dimension: 6, using: &rng)
        let candidates = (0..<10).map { _ in (0..<6).map { _ in Double.random(in: 0...1, using: &rng) } }
        let lines = LineCollector()
        var options = SlowPointOptions()
        options.numSteps = 50
        options.stepsPerChunk = 20
        options.tolerance = 0
        options.progress = { lines.append($0) }
        let result = try SlowPointFinder(system, options: options).optimize(candidates)
        XCTAssertEqual(result.steps, 50)
        XCTAssertEqual(result.objectiveHistory.count, 50, "the objective of every step")
        XCTAssertEqual(lines.all.count, 3, "one line per chunk: 1-20, 21-40, 41-50")
        XCTAssertTrue(lines.all[2].contains("41-50"), lines.all[2])
        XCTAssertLessThan(result.objectiveHistory.last!, result.objectiveHistory.first!)
        // The objective is the mean over points of the per-point mean loss.
        let start = candidates.map { system.slowPointLoss(at: $0) }.reduce(0, +) / Double(candidates.count)
        XCTAssertEqual(result.objectiveHistory[0], start, accuracy: 1e-15)
        // Early stop: only at a chunk's end, when that chunk's last objective is below the tolerance.
        options.tolerance = result.objectiveHistory[25]
        options.progress = nil
        let early = try SlowPointFinder(system, options: options).optimize(candidates)
        XCTAssertEqual(early.steps, 40, "stops at the end of the chunk whose last objective is below the tolerance")
    }

    func testBadCandidatesNameTheRow() {
        let finder = SlowPointFinder(LinearMap(matrix: Matrix.identity(2) - Matrix.diagonal([0.5, 0.5])))
        XCTAssertThrowsError(try finder.find(from: [])) { XCTAssertEqual($0 as? SlowPointError, .noCandidates) }
        XCTAssertThrowsError(try finder.find(from: [[0, 0], [1]])) { error in
            XCTAssertEqual(error as? SlowPointError, .wrongDimension(row: 1, count: 1, dimension: 2))
            XCTAssertTrue("\(error)".contains("row 1"))
        }
        XCTAssertThrowsError(try finder.refine([[0, 0], [0, 0], [.nan, 1]])) { XCTAssertEqual($0 as? SlowPointError, .nonFinite(row: 2)) }
        XCTAssertThrowsError(try finder.optimize([[.infinity, 0]])) { XCTAssertEqual($0 as? SlowPointError, .nonFinite(row: 0)) }
        var single = SlowPointOptions()
        single.precision = .single
        XCTAssertThrowsError(try SlowPointFinder(finder.system, options: single).optimize([[0, 0], [1e39, 0]])) { error in
            XCTAssertEqual(error as? SlowPointError, .beyondSinglePrecision(row: 1))
            XCTAssertTrue("\(error)".contains("double precision"), "not 'lower the learning rate': \(error)")
        }
    }

    /// Options out of range are a thrown error naming the option, before any work (a chunk of 0 or −1
    /// steps used to index an empty history; Int.max steps corrupted the heap).
    func testInvalidOptionsAreNamed() {
        let system = LinearMap(matrix: Matrix.diagonal([0.5, 0.5]))
        let cases: [(String, (inout SlowPointOptions) -> Void)] = [
            ("stepsPerChunk", { $0.stepsPerChunk = 0 }), ("stepsPerChunk", { $0.stepsPerChunk = -1 }), ("numSteps", { $0.numSteps = .max }),
            ("numSteps", { $0.numSteps = -5 }), ("learningRate", { $0.learningRate = .nan }), ("beta2", { $0.beta2 = 1 }),
            ("blockRows", { $0.blockRows = 0 }), ("warmStartSteps", { $0.warmStartSteps = .max }),
            ("certificationTolerance", { $0.certificationTolerance = 0 }), ("maxIterations", { $0.maxIterations = -1 }),
        ]
        for (name, change) in cases {
            var options = SlowPointOptions()
            change(&options)
            let finder = SlowPointFinder(system, options: options)
            for attempt in [{ _ = try finder.optimize([[0.1, 0.2]]) }, { _ = try finder.find(from: [[0.1, 0.2]]) }, { _ = try finder.refine([[0.1, 0.2]]) }] {
                XCTAssertThrowsError(try attempt(), name) { error in
                    guard case let .invalidOptions(message) = error as? SlowPointError else { return XCTFail("\(name): \(error)") }
                    XCTAssertTrue(message.hasPrefix(name), "\(name): \(message)")
                }
            }
        }
        XCTAssertNil(SlowPointOptions().validationError, "the defaults are valid")
    }
}

/// Collects progress lines from a @Sendable closure.
final class LineCollector: @unchecked Sendable {
    private var lines: [String] = []
    func append(_ line: String) { lines.append(line) }
    var all: [String] { lines }
}
