import DynamicsPlots
import Foundation
import XCTest
#if canImport(zlib)
import zlib
#endif

/// The PNG writer against the format: signature, chunk layout, CRC-32 by an independent bitwise
/// implementation, and scanlines that inflate back to the pixels.
final class PNGImageTests: XCTestCase {
    /// CRC-32 (IEEE 802.3, reflected, polynomial 0xEDB88320), bit by bit.
    func crc32(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }

    func testChunksAndChecksums() throws {
        let labels = (0..<(7 * 5)).map { $0 % 4 }
        let image = RasterImage(labels: labels, width: 7)
        let png = image.png()
        XCTAssertEqual(Array(png.prefix(8)), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        var offset = 8
        var types: [String] = []
        while offset < png.count {
            let length = Int(png[offset]) << 24 | Int(png[offset + 1]) << 16 | Int(png[offset + 2]) << 8 | Int(png[offset + 3])
            let type = String(decoding: png[(offset + 4)..<(offset + 8)], as: UTF8.self)
            types.append(type)
            let stored = png[(offset + 8 + length)..<(offset + 12 + length)].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            XCTAssertEqual(crc32(png[(offset + 4)..<(offset + 8 + length)]), stored, type)
            if type == "IHDR" { XCTAssertEqual(Array(png[(offset + 8)..<(offset + 21)]), [0, 0, 0, 7, 0, 0, 0, 5, 8, 2, 0, 0, 0]) }
            offset += 12 + length
        }
        XCTAssertEqual(types, ["IHDR", "IDAT", "IEND"])
        // Label 0 is light grey; the grid's first row is the image's bottom row.
        XCTAssertEqual(Array(image.pixels[(3 * 4 * 7)..<(3 * 4 * 7 + 3)]), [235, 235, 235])
        let (r, g, b) = RasterImage.basinColor(1)
        XCTAssertEqual(Array(image.pixels[(3 * 4 * 7 + 3)..<(3 * 4 * 7 + 6)]), [r, g, b])
        XCTAssertTrue(image.dataURI.hasPrefix("data:image/png;base64,iVBORw0KGgo"))
    }
}
