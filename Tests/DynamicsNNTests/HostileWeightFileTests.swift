import Dynamics
import DynamicsNN
import Foundation
import XCTest
import ZIPFoundation

/// Weight files built to break a reader (hardening round 3): byte counts that overflow `Int`, headers
/// the format forbids, damaged and inflating `.npz` members. Each is refused with a
/// `WeightLoadingError` that says what is wrong, from memory and from a file alike.
final class HostileWeightFileTests: XCTestCase {
    var scratch = ""

    override func setUpWithError() throws {
        scratch = NSTemporaryDirectory() + "dynamics-hostile-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
    }

    override func tearDown() { try? FileManager.default.removeItem(atPath: scratch) }

    /// A safetensors file: the 8-byte length, `header` as given, then `data`.
    func safetensors(header: [UInt8], data: [UInt8] = []) -> [UInt8] {
        var length = UInt64(header.count)
        return withUnsafeBytes(of: &length) { Array($0) } + header + data
    }

    func assertRefused(_ bytes: [UInt8], saying fragment: String, file: StaticString = #filePath, line: UInt = #line) throws {
        XCTAssertThrowsError(try StateDict(safetensorsBytes: bytes), fragment, file: file, line: line) { error in
            XCTAssertTrue("\(error)".contains(fragment), "expected “\(fragment)” in “\(error)”", file: file, line: line)
        }
        let path = scratch + "/hostile.safetensors"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try StateDict(contentsOf: path), fragment, file: file, line: line)
    }

    /// Finding 1: shape × dtype size overflowing Int trapped in the byte-count check (a 150-byte file).
    func testShapesWhoseByteCountOverflowsAreRefused() throws {
        for (dtype, dimension) in [("F64", "4611686018427387904"), ("F32", "2305843009213693952"), ("F16", "4611686018427387904"),
                                   ("BF16", "4611686018427387904"), ("F64", "9223372036854775807")] {
            let header = "{\"weight_hh_l0\":{\"dtype\":\"\(dtype)\",\"shape\":[\(dimension)],\"data_offsets\":[0,0]}}"
            try assertRefused(safetensors(header: Array(header.utf8)), saying: "needs more bytes than any file holds")
        }
        let twoAxes = "{\"w\":{\"dtype\":\"F32\",\"shape\":[4294967296,1073741824],\"data_offsets\":[0,0]}}"
        try assertRefused(safetensors(header: Array(twoAxes.utf8)), saying: "needs more bytes")
    }

    /// Finding 10: fractional shapes or offsets, shared bytes, a byte-order mark or UTF-16.
    func testHeadersTheFormatForbidsAreRefused() throws {
        let eight = [UInt8](repeating: 0, count: 8)
        try assertRefused(safetensors(header: Array("{\"w\":{\"dtype\":\"F32\",\"shape\":[2.5],\"data_offsets\":[0,8]}}".utf8), data: eight),
                          saying: "not a whole number")
        try assertRefused(safetensors(header: Array("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0.5,8]}}".utf8), data: eight),
                          saying: "not a whole number")
        try assertRefused(safetensors(header: Array("{\"w\":{\"dtype\":\"F32\",\"shape\":[\"2\"],\"data_offsets\":[0,8]}}".utf8), data: eight),
                          saying: "not a whole number")
        let shared = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}"
        try assertRefused(safetensors(header: Array(shared.utf8), data: eight), saying: "share bytes")
        let plain = "{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}"
        try assertRefused(safetensors(header: [0xEF, 0xBB, 0xBF] + Array(plain.utf8), data: eight), saying: "no byte-order mark")
        let utf16 = Array(plain.utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        try assertRefused(safetensors(header: utf16, data: eight), saying: "UTF-16")
        try assertRefused(safetensors(header: Array("{\"w\":\"\u{FFFF}\"}".utf8).map { $0 == 0xBF ? 0xFF : $0 }), saying: "broken sequence")
        // What the format allows still reads: trailing spaces, adjacent tensors, an empty tensor.
        let adjacent = "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]},"
            + "\"e\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[4,4]}}   "
        let dict = try StateDict(safetensorsBytes: safetensors(header: Array(adjacent.utf8), data: eight))
        XCTAssertEqual(dict.tensors.keys.sorted(), ["a", "b", "e"])
    }

    /// An archive with one member `w.npy` holding `array`, compressed by `method`.
    func archive(_ array: NumPyArray, method: CompressionMethod) throws -> String {
        let npy = scratch + "/w.npy"
        try array.write(to: npy)
        let path = scratch + "/model-\(UUID().uuidString).npz"
        let archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .create)
        try archive.addEntry(with: "w.npy", fileURL: URL(fileURLWithPath: npy), compressionMethod: method)
        return path
    }

    /// Finding 4: a bit flipped in a member's data was analysed without a word.
    func testDamagedMembersAreRefusedByTheirChecksum() throws {
        let array = try NumPyArray(shape: [4, 4], values: (0..<16).map(Double.init))
        let path = try archive(array, method: .none)
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        XCTAssertEqual(try StateDict(contentsOf: path).tensor("w"), array)
        // Stored data sit after the 30-byte local header, the name and the .npy header (128 bytes);
        // flip a bit in the last element's bytes.
        let element = 30 + "w.npy".utf8.count + 128 + 15 * 8 + 6
        bytes[element] ^= 0x10
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try StateDict(contentsOf: path)) { XCTAssertTrue("\($0)".contains("CRC-32"), "\($0)") }
        XCTAssertThrowsError(try StateDict(npzData: Data(bytes))) { XCTAssertTrue("\($0)".contains("CRC-32"), "\($0)") }
    }

    /// Finding 5: a member that declares more than the documented bound is refused before inflation;
    /// one that inflates past what it declares is stopped there.
    func testInflationIsBounded() throws {
        let array = try NumPyArray(shape: [64], values: Array(repeating: 0, count: 64))
        let path = try archive(array, method: .deflate)
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        func patchSizes(_ value: UInt32) {
            // The uncompressed size sits at offset 22 of the local header and 24 of the central record.
            let central = (0..<(bytes.count - 4)).last { bytes[$0] == 0x50 && bytes[$0 + 1] == 0x4B && bytes[$0 + 2] == 1 && bytes[$0 + 3] == 2 }!
            for offset in [22, central + 24] { for k in 0..<4 { bytes[offset + k] = UInt8((value >> (8 * UInt32(k))) & 0xFF) } }
        }
        patchSizes(0xF000_0000)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try StateDict(contentsOf: path)) { XCTAssertTrue("\($0)".contains("members over"), "\($0)") }
        patchSizes(100)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try StateDict(contentsOf: path)) { XCTAssertTrue("\($0)".contains("inflates to more than the 100 bytes"), "\($0)") }
    }

    /// A member whose compressed size runs past the end of the file made ZIPFoundation read at the end
    /// of the file for ever (a hang the npz fuzzer met); the layout check refuses it.
    func testMembersRunningPastTheFileAreRefused() throws {
        let array = try NumPyArray(shape: [64], values: (0..<64).map(Double.init))
        for method in [CompressionMethod.deflate, .none] {
            let path = try archive(array, method: method)
            var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
            let central = (0..<(bytes.count - 4)).last { bytes[$0] == 0x50 && bytes[$0 + 1] == 0x4B && bytes[$0 + 2] == 1 && bytes[$0 + 3] == 2 }!
            for k in 0..<4 { bytes[central + 20 + k] = [0xFF, 0xFF, 0xFF, 0x7F][k] }   // compressed size 2³¹ − 1
            XCTAssertThrowsError(try StateDict(npzData: Data(bytes)), "\(method)") { XCTAssertTrue("\($0)".contains("runs past the end"), "\($0)") }
        }
    }
}

/// Library calls with bad arguments from hardening round 3 (finding 7): thrown errors that name the
/// argument, not a trap.
final class BadLibraryArgumentTests: XCTestCase {
    func testGateCountsOutsideOneToFourAreErrors() {
        let w = Matrix(rows: 3, columns: 3)
        for gates in [0, -1, 5] {
            XCTAssertThrowsError(try CellWeights(inputWeights: Matrix(rows: 3, columns: 1), recurrentWeights: w, inputBias: [0, 0, 0], recurrentBias: [0, 0, 0], gates: gates)) {
                XCTAssertTrue("\($0)".contains("gates is \(gates)"), "\($0)")
            }
        }
    }
}
