import DynamicsCommand
import DynamicsTestSupport
import Foundation
import XCTest

/// Every option of `dynamics analyze` over hostile values of every type: parsing and validation
/// either accept the value or refuse it with a message; none traps.
final class AnalyzeOptionFuzzTests: XCTestCase {
    static let options = ["--cell", "--weights", "--input", "--candidates", "--sweep-input", "--output", "--samples", "--warm-start-steps", "--seed"]

    func testHostileValuesAreAcceptedOrRefusedNeverTrapped() throws {
        let weights = FileManager.default.temporaryDirectory.appendingPathComponent("fuzz-weights-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: weights, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: weights) }
        try forAllCases(200) { rng in
            var values = ["--cell": "gru", "--weights": weights, "--input": "1,0.5"]
            for _ in 0..<Int.random(in: 1...3, using: &rng) {
                values[Self.options[Int.random(in: 0..<Self.options.count, using: &rng)]] = HostileOptionValues.value(using: &rng)
            }
            let arguments = ["analyze"] + values.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
            do {
                _ = try DynamicsCommand.parseAsRoot(arguments)
            } catch {
                XCTAssertFalse(DynamicsCommand.message(for: error).isEmpty, "\(arguments): an empty message")
            }
        }
    }
}
