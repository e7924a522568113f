import DynamicsTestSupport
import XCTest
@_spi(Testing) import Yang2020App

/// Every option of `yang2020` over hostile values of every type: parsing and validation either accept
/// the value or refuse it with a message; none traps.
final class OptionFuzzTests: XCTestCase {
    static let options = [
        "--epochs", "--batches-per-epoch", "--batch-size", "--hidden", "--seed", "--learning-rate", "--precision",
        "--trials", "--input", "--fixation-rule", "--fp-steps", "--fp-batch", "--fp-learning-rate", "--fp-tolerance",
        "--fp-precision", "--unique-tolerance", "--outlier-tolerance", "--output", "--weights", "--candidates",
    ]

    func testHostileValuesAreAcceptedOrRefusedNeverTrapped() throws {
        try forAllCases(200) { rng in
            var arguments: [String] = []
            for _ in 0..<Int.random(in: 1...3, using: &rng) {
                let option = Self.options[Int.random(in: 0..<Self.options.count, using: &rng)]
                arguments += ["\(option)=\(HostileOptionValues.value(using: &rng))"]
            }
            do {
                let parsed = try Yang2020Command.parseAsRoot(arguments)
                guard let command = parsed as? Yang2020Command else { return XCTFail("\(arguments): not a yang2020 command") }
                // Accepted: the input parsed to finite numbers (validate() ran inside parseAsRoot).
                XCTAssertNotNil(command.inputVector, "\(arguments)")
            } catch {
                let message = Yang2020Command.message(for: error)
                XCTAssertFalse(message.isEmpty, "\(arguments): an empty message")
            }
        }
    }
}
