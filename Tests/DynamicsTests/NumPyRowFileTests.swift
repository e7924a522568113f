import Dynamics
import DynamicsTestSupport
import Foundation
import PropertyBased
import XCTest

/// `NumPyRowFile` reads the same rows as `NumPyArray`, in every dtype and byte order, and refuses what
/// it cannot read row by row.
final class NumPyRowFileTests: XCTestCase {
    private func write(_ bytes: [UInt8]) throws -> String {
        let path = NSTemporaryDirectory() + "rows-\(UUID().uuidString).npy"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        return path
    }

    /// A version-1.0 file with `header` and `data`.
    private func npy(_ header: String, _ data: [UInt8]) -> [UInt8] {
        var text = Array(header.utf8)
        let padding = (64 - (10 + text.count + 1) % 64) % 64
        text += Array(repeating: 0x20, count: padding) + [0x0A]
        return [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 1, 0, UInt8(text.count & 0xFF), UInt8(text.count >> 8)] + text + data
    }

    func testRowsMatchTheWholeArrayInEveryDTypeAndByteOrder() throws {
        forAllCases(12) { rng in
            let (t, b, width) = (Arbitrary.int(in: 1...4, using: &rng), Arbitrary.int(in: 1...5, using: &rng), Arbitrary.int(in: 1...6, using: &rng))
            let count = t * b * width
            let values = (0..<count).map { _ in Double(Arbitrary.int(in: -1000...1000, using: &rng)) / 8 }
            for (code, size) in [("f8", 8), ("f4", 4), ("i4", 4), ("i8", 8)] {
                for bigEndian in [false, true] {
                    var data: [UInt8] = []
                    for value in values {
                        var word: UInt64
                        switch code {
                        case "f8": word = value.bitPattern
                        case "f4": word = UInt64(Float(value).bitPattern)
                        case "i4": word = UInt64(UInt32(bitPattern: Int32(value.rounded(.towardZero))))
                        default: word = UInt64(bitPattern: Int64(value.rounded(.towardZero)))
                        }
                        let bytes = (0..<size).map { UInt8(truncatingIfNeeded: word >> (8 * UInt64($0))) }
                        data += bigEndian ? bytes.reversed() : bytes
                    }
                    let header = "{'descr': '\(bigEndian ? ">" : "<")\(code)', 'fortran_order': False, 'shape': (\(t), \(b), \(width)), }"
                    guard let path = try? write(npy(header, data)), let whole = try? NumPyArray(contentsOf: path),
                        let file = try? NumPyRowFile(contentsOf: path) else { return XCTFail("\(header) did not read") }
                    XCTAssertEqual(file.shape, [t, b, width])
                    XCTAssertEqual(file.rowCount, t * b)
                    for row in 0..<file.rowCount {
                        XCTAssertEqual(file.row(row), Array(whole.values[(row * width)..<((row + 1) * width)]), "\(header), row \(row)")
                        XCTAssertTrue(file.rowIsFinite(row))
                    }
                }
            }
        }
    }

    func testNonFiniteRowsAreSeenAndFortranOrderIsRefused() throws {
        let values: [Double] = [1, 2, .nan, 4, 5, .infinity]
        let path = NSTemporaryDirectory() + "rows-\(UUID().uuidString).npy"
        try NumPyArray(shape: [3, 2], values: values).write(to: path)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let file = try NumPyRowFile(contentsOf: path)
        XCTAssertEqual((0..<3).map(file.rowIsFinite), [true, false, false])
        let fortran = try write(npy("{'descr': '<f8', 'fortran_order': True, 'shape': (2, 2), }", [UInt8](repeating: 0, count: 32)))
        XCTAssertThrowsError(try NumPyRowFile(contentsOf: fortran)) { XCTAssertTrue("\($0)".contains("Fortran")) }
        XCTAssertThrowsError(try NumPyRowFile(contentsOf: "/no/such.npy")) { XCTAssertTrue("\($0)".contains("no such file")) }
        let truncated = try write(Array(npy("{'descr': '<f8', 'fortran_order': False, 'shape': (4, 4), }", [UInt8](repeating: 0, count: 100))))
        XCTAssertThrowsError(try NumPyRowFile(contentsOf: truncated))
    }
}
