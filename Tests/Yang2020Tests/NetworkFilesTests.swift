import Dynamics
import Foundation
import XCTest
import Yang2020

final class NetworkFilesTests: XCTestCase {
    func temporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "yang2020-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        return path
    }

    func testSaveLoadRoundTrip() throws {
        var rng = SeededGenerator(seed: 2)
        let network = RecurrentNetwork(hidden: 12, using: &rng)
        let directory = try temporaryDirectory()
        try network.save(to: directory)
        for name in RecurrentNetwork.parameterFiles { XCTAssertTrue(FileManager.default.fileExists(atPath: directory + "/" + name)) }
        XCTAssertEqual(try NumPyArray(contentsOf: directory + "/w_ir.npy").shape, [3, 12])
        XCTAssertEqual(try NumPyArray(contentsOf: directory + "/b_ro.npy").shape, [3])
        XCTAssertEqual(try RecurrentNetwork(loadingFrom: directory), network)
    }

    func testLoadingErrorsNameTheFile() throws {
        var rng = SeededGenerator(seed: 2)
        let directory = try temporaryDirectory()
        try RecurrentNetwork(hidden: 5, using: &rng).save(to: directory)
        // A w_rr of the wrong size.
        try NumPyArray(matrix: Matrix(rows: 4, columns: 4)).write(to: directory + "/w_rr.npy")
        XCTAssertThrowsError(try RecurrentNetwork(loadingFrom: directory)) { XCTAssertTrue("\($0)".contains("w_ir must be inputs x 4") || "\($0)".contains("w_rr"), "\($0)") }
        // A vector where a matrix belongs.
        try NumPyArray(vector: [1, 2]).write(to: directory + "/w_rr.npy")
        XCTAssertThrowsError(try RecurrentNetwork(loadingFrom: directory)) { XCTAssertTrue("\($0)".contains("w_rr.npy has shape [2]"), "\($0)") }
        // A missing file.
        try FileManager.default.removeItem(atPath: directory + "/b_rr.npy")
        XCTAssertThrowsError(try RecurrentNetwork(loadingFrom: directory)) { XCTAssertTrue("\($0)".contains("b_rr.npy"), "\($0)") }
    }
}
