import Dynamics
import DynamicsTestSupport
import Foundation
import PropertyBased
import XCTest

/// .npy reading and writing against byte fixtures built by hand from the format specification.
final class NumPyArrayTests: XCTestCase {
    /// A file per the spec: magic, version, little-endian header length, header padded with spaces to
    /// a multiple of 64 bytes and ended by '\n', then the data.
    func npyFile(major: UInt8, header: String, data: [UInt8]) -> [UInt8] {
        let lengthBytes = major == 1 ? 2 : 4
        var text = Array(header.utf8)
        let padding = (64 - (6 + 2 + lengthBytes + text.count + 1) % 64) % 64
        text += Array(repeating: 0x20, count: padding) + [0x0A]
        var bytes: [UInt8] = [0x93] + Array("NUMPY".utf8) + [major, 0]
        for b in 0..<lengthBytes { bytes.append(UInt8((text.count >> (8 * b)) & 0xFF)) }
        return bytes + text + data
    }

    func littleEndian<T: FixedWidthInteger>(_ v: T) -> [UInt8] { (0..<(T.bitWidth / 8)).map { UInt8(truncatingIfNeeded: v >> (8 * $0)) } }

    func testHandBuiltFixtures() throws {
        // float32 little-endian, Fortran order, 2 x 3: memory holds columns [1, 4], [2, 5], [3, 6].
        let f4 = [1, 4, 2, 5, 3, 6].flatMap { littleEndian(Float($0).bitPattern) }
        let fortran = try NumPyArray(npyBytes: npyFile(major: 1, header: "{'descr': '<f4', 'fortran_order': True, 'shape': (2, 3), }", data: f4))
        XCTAssertEqual(fortran.shape, [2, 3])
        XCTAssertEqual(fortran.values, [1, 2, 3, 4, 5, 6])
        XCTAssertEqual(fortran.sourceDType, .float32)
        // int64 big-endian, version 2.0, 1-D.
        let i8 = [-3, 7, 1 << 40].flatMap { Array(littleEndian(Int64($0)).reversed()) }
        let big = try NumPyArray(npyBytes: npyFile(major: 2, header: "{'descr': '>i8', 'fortran_order': False, 'shape': (3,), }", data: i8))
        XCTAssertEqual(big.values, [-3, 7, Double(1 << 40)])
        // int32 little-endian, version 3.0 (UTF-8 header), 3-D, C order.
        let i4 = (0..<8).flatMap { littleEndian(Int32($0 - 4)) }
        let v3 = try NumPyArray(npyBytes: npyFile(major: 3, header: "{\"descr\": \"<i4\", \"fortran_order\": False, \"shape\": (2, 2, 2)}", data: i4))
        XCTAssertEqual(v3.shape, [2, 2, 2])
        XCTAssertEqual(v3.values, [-4, -3, -2, -1, 0, 1, 2, 3])
        // A 3-D Fortran array: element (i, j, k) sits at i + 2j + 4k.
        let fortran3 = try NumPyArray(npyBytes: npyFile(major: 1, header: "{'descr': '<i4', 'fortran_order': True, 'shape': (2, 2, 2), }", data: (0..<8).flatMap { littleEndian(Int32($0)) }))
        XCTAssertEqual(fortran3.values, [0, 4, 2, 6, 1, 5, 3, 7])
        // float64 big-endian scalar, shape ().
        let scalar = try NumPyArray(npyBytes: npyFile(major: 1, header: "{'descr': '>f8', 'fortran_order': False, 'shape': (), }", data: Array(littleEndian(2.5.bitPattern).reversed())))
        XCTAssertEqual(scalar.shape, [])
        XCTAssertEqual(scalar.values, [2.5])
        // An empty array.
        XCTAssertEqual(try NumPyArray(npyBytes: npyFile(major: 1, header: "{'descr': '<f8', 'fortran_order': False, 'shape': (0, 4), }", data: [])).values, [])
    }

    /// What we write is exactly what the spec prescribes and reads back identically.
    func testWriterLayoutAndRoundTrip() throws {
        let array = try NumPyArray(shape: [2, 2], values: [1, -2.5, .pi, 1e300])
        let bytes = array.npyBytes()
        XCTAssertEqual(Array(bytes[0..<8]), [0x93] + Array("NUMPY".utf8) + [1, 0])
        let headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
        XCTAssertEqual((10 + headerLength) % 64, 0, "data aligned to 64 bytes")
        XCTAssertEqual(bytes[10 + headerLength - 1], 0x0A)
        let header = String(decoding: bytes[10..<(10 + headerLength)], as: UTF8.self)
        XCTAssertTrue(header.hasPrefix("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2), }"))
        XCTAssertEqual(try NumPyArray(npyBytes: bytes), array)
        try forAllCases(30) { rng in
            let rank = Arbitrary.int(in: 0...4, using: &rng)
            let shape = (0..<rank).map { _ in Arbitrary.int(in: 0...4, using: &rng) }
            let values = Arbitrary.vector(shape.reduce(1, *), in: -1e6...1e6, using: &rng)
            let original = try NumPyArray(shape: shape, values: values)
            XCTAssertEqual(try NumPyArray(npyBytes: original.npyBytes()), original, "round trip, shape \(shape)")
        }
    }

    func testFileRoundTripIsAtomic() throws {
        let path = NSTemporaryDirectory() + "npy-\(UUID().uuidString).npy"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let array = NumPyArray(matrix: Matrix([[1, 2, 3], [4, 5, 6]]))
        try array.write(to: path)
        XCTAssertEqual(try NumPyArray(contentsOf: path), array)
        XCTAssertEqual(try NumPyArray(contentsOf: path).matrix(), Matrix([[1, 2, 3], [4, 5, 6]]))
        XCTAssertThrowsError(try array.write(to: "/nonexistent-directory/x.npy")) { XCTAssertTrue("\($0)".contains("cannot be written"), "\($0)") }
        XCTAssertThrowsError(try NumPyArray(contentsOf: "/nonexistent.npy")) { XCTAssertEqual($0 as? NumPyError, .io(path: "/nonexistent.npy", reason: "no such file")) }
    }

    func testMalformedInputs() {
        let good = npyFile(major: 1, header: "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }", data: Array(repeating: 0, count: 16))
        func expect(_ bytes: [UInt8], _ check: (NumPyError) -> Bool, _ label: String) {
            XCTAssertThrowsError(try NumPyArray(npyBytes: bytes), label) { error in
                guard let error = error as? NumPyError else { return XCTFail("\(label): \(error)") }
                XCTAssertTrue(check(error), "\(label): \(error)")
                XCTAssertFalse("\(error)".isEmpty)
            }
        }
        expect(Array("PK\u{03}\u{04}not numpy".utf8), { $0 == .badMagic }, "bad magic")
        expect(Array(good.prefix(8)), { $0 == .truncatedHeader }, "truncated preamble")
        expect(Array(good.prefix(40)), { $0 == .truncatedHeader }, "truncated header")
        var version = good
        version[6] = 4
        expect(version, { $0 == .unsupportedVersion(major: 4, minor: 0) }, "version 4")
        expect(npyFile(major: 1, header: "{'descr': '<c16', 'fortran_order': False, 'shape': (2,), }", data: []), { $0 == .unsupportedDType("<c16") }, "complex dtype")
        expect(npyFile(major: 1, header: "{'descr': '|u1', 'fortran_order': False, 'shape': (2,), }", data: [1, 2]), { $0 == .unsupportedDType("|u1") }, "uint8")
        expect(npyFile(major: 1, header: "{'descr': '<f8', 'shape': (2,), }", data: []), { if case .malformedHeader = $0 { return true }; return false }, "missing key")
        expect(npyFile(major: 1, header: "{'descr': '<f8', 'fortran_order': Maybe, 'shape': (2,), }", data: []), { if case .malformedHeader = $0 { return true }; return false }, "bad bool")
        expect(npyFile(major: 1, header: "{'descr': '<f8', 'fortran_order': False, 'shape': (-2,), }", data: []), { if case .malformedHeader = $0 { return true }; return false }, "negative shape")
        expect(npyFile(major: 1, header: "[1, 2]", data: []), { if case .malformedHeader = $0 { return true }; return false }, "not a dict")
        expect(Array(good.dropLast(3)), { $0 == .truncatedData(expectedBytes: 16, actualBytes: 13) }, "truncated data")
        expect(npyFile(major: 1, header: "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), } junk", data: Array(repeating: 0, count: 16)), { if case .malformedHeader = $0 { return true }; return false }, "text after the dictionary (NumPy rejects it)")
        expect(npyFile(major: 1, header: "{'descr': '<f8', 'fortran_order': False, 'shape': (99999999999, 99999999999), }", data: []), { if case .malformedHeader = $0 { return true }; if case .truncatedData = $0 { return true }; return false }, "huge shape")
        XCTAssertThrowsError(try NumPyArray(shape: [2, 2], values: [1])) { XCTAssertEqual($0 as? NumPyError, .shapeMismatch(shape: [2, 2], count: 1)) }
        XCTAssertThrowsError(try NumPyArray(vector: [1, 2]).matrix()) { XCTAssertEqual($0 as? NumPyError, .notAMatrix(shape: [2])) }
        XCTAssertThrowsError(try NumPyArray(shape: [2, 1, 2], values: [1, 2, 3, 4]).matrix()) {
            XCTAssertTrue("\($0)".contains("2-D array") && "\($0)".contains("[2, 1, 2]"), "the message names the rank and the shape: \($0)")
        }
    }

    /// No byte string crashes the reader: random bytes, and valid files with random bytes changed,
    /// inserted or cut.
    func testFuzzNeverCrashes() {
        let seedFiles = [
            NumPyArray(matrix: Matrix([[1, 2], [3, 4]])).npyBytes(),
            npyFile(major: 2, header: "{'descr': '>i4', 'fortran_order': True, 'shape': (2, 1), }", data: [0, 0, 0, 1, 0, 0, 0, 2]),
            npyFile(major: 3, header: "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", data: [0, 0, 128, 63]),
        ]
        forAllCases(400) { rng in
            var bytes: [UInt8]
            if Arbitrary.int(in: 0...3, using: &rng) == 0 {
                bytes = (0..<Arbitrary.int(in: 0...200, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
                if bytes.count > 8 && Bool.random(using: &rng) { bytes.replaceSubrange(0..<6, with: [0x93] + Array("NUMPY".utf8)) }
            } else {
                bytes = seedFiles[Arbitrary.int(in: 0...2, using: &rng)]
                for _ in 0..<Arbitrary.int(in: 1...4, using: &rng) {
                    let position = Arbitrary.int(in: 0...max(0, bytes.count - 1), using: &rng)
                    switch Arbitrary.int(in: 0...2, using: &rng) {
                    case 0 where !bytes.isEmpty: bytes[position] = UInt8.random(in: 0...255, using: &rng)
                    case 1: bytes.insert(UInt8.random(in: 0...255, using: &rng), at: min(position, bytes.count))
                    default: bytes = Array(bytes.prefix(position))
                    }
                }
            }
            // Either a consistent array or a one-line message, never a trap.
            do {
                let array = try NumPyArray(npyBytes: bytes)
                XCTAssertEqual(array.values.count, array.shape.reduce(1, *), "shape \(array.shape)")
            } catch {
                let message = "\(error)"
                XCTAssertFalse(message.isEmpty || message.contains("\n"), message)
            }
        }
    }

    /// Printing the error of an absurd shape does not trap (its element count overflowed in the message).
    func testErrorForOverflowingShapeIsPrintable() {
        XCTAssertThrowsError(try NumPyArray(shape: [Int.max, 2], values: [])) { error in
            XCTAssertTrue("\(error)".contains("more than \(Int.max)"), "\(error)")
        }
        XCTAssertThrowsError(try NumPyArray(shape: [-1, 2], values: [])) { XCTAssertTrue("\($0)".contains("negative"), "\($0)") }
    }

    /// What numpy.load reads, this reader reads: type codes without a byte order or with '|', and
    /// bytes after the data (ignored).
    func testDTypeCodesAndTrailingBytesAsNumPy() throws {
        let one: [UInt8] = [0, 0, 128, 63]                                  // 1.0 as float32
        let oneDouble: [UInt8] = [0, 0, 0, 0, 0, 0, 240, 63]                // 1.0 as float64
        for (descr, data) in [("|f4", one), ("f4", one), ("<f", one), ("f", one), ("f8", oneDouble), ("d", oneDouble), ("=f8", oneDouble)] {
            let array = try NumPyArray(npyBytes: npyFile(major: 1, header: "{'descr': '\(descr)', 'fortran_order': False, 'shape': (1,), }", data: data))
            XCTAssertEqual(array.values, [1], descr)
        }
        let good = npyFile(major: 1, header: "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }", data: oneDouble)
        XCTAssertEqual(try NumPyArray(npyBytes: good + [7, 7, 7]).values, [1], "trailing bytes are ignored")
    }
}
