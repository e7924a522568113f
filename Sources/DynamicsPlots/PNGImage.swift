import CZlibPNG
import Foundation

/// An RGB raster image and its PNG encoding (8-bit truecolour, zlib-deflated scanlines): basins of
/// 10⁶ grid points are pictures, not SVG rectangles.
public struct RasterImage: Sendable {
    /// Pixels per row.
    public let width: Int
    /// Rows.
    public let height: Int
    /// Red, green, blue per pixel, row by row from the top.
    public var pixels: [UInt8]

    /// A black image.
    ///
    /// - Precondition: both sizes positive and at most 2¹⁶ (a programmer error otherwise).
    public init(width: Int, height: Int) {
        precondition(width > 0 && height > 0 && width <= 1 << 16 && height <= 1 << 16, "RasterImage: \(width) × \(height) pixels; each side must be in 1...65536")
        self.width = width
        self.height = height
        pixels = [UInt8](repeating: 0, count: width * height * 3)
    }

    /// An image of a grid of labels (first index fastest, the grid's second axis upward), each label
    /// coloured by `color(label)`.
    ///
    /// - Parameters:
    ///   - labels: width × height labels, e.g. ``Basins``' labels of a 2-D grid.
    ///   - width: the grid's first axis length.
    ///   - color: the RGB colour of a label; default ``basinColor(_:)``.
    public init(labels: [Int], width: Int, color: (Int) -> (UInt8, UInt8, UInt8) = RasterImage.basinColor) {
        precondition(width > 0 && labels.count % width == 0, "RasterImage: \(labels.count) labels do not fill rows of \(width)")
        self.init(width: width, height: labels.count / width)
        for (index, label) in labels.enumerated() {
            let (column, row) = (index % width, height - 1 - index / width)
            let (r, g, b) = color(label)
            let p = 3 * (row * width + column)
            (pixels[p], pixels[p + 1], pixels[p + 2]) = (r, g, b)
        }
    }

    /// Light grey for label 0 (diverged), then a colour-blind-safe cycle (Okabe–Ito) for 1, 2, ...
    public static func basinColor(_ label: Int) -> (UInt8, UInt8, UInt8) {
        let palette: [(UInt8, UInt8, UInt8)] = [
            (86, 180, 233), (230, 159, 0), (0, 158, 115), (204, 121, 167), (240, 228, 66), (0, 114, 178), (213, 94, 0), (120, 120, 120),
        ]
        return label <= 0 ? (235, 235, 235) : palette[(label - 1) % palette.count]
    }

    /// The PNG file's bytes.
    ///
    /// - Complexity: O(pixels), one deflate pass.
    public func png() -> [UInt8] {
        var raw = [UInt8]()
        raw.reserveCapacity(height * (1 + 3 * width))
        for row in 0..<height {
            raw.append(0)   // filter type: none
            raw += pixels[(3 * row * width)..<(3 * (row + 1) * width)]
        }
        var bound = compressBound(uLong(raw.count))
        var compressed = [UInt8](repeating: 0, count: Int(bound))
        let status = compress2(&compressed, &bound, raw, uLong(raw.count), 6)
        precondition(status == Z_OK, "zlib compress2 failed with status \(status)")
        compressed.removeSubrange(Int(bound)...)
        var header = [UInt8]()
        header += Self.bigEndian(UInt32(width)) + Self.bigEndian(UInt32(height))
        header += [8, 2, 0, 0, 0]   // 8 bits, truecolour, deflate, no filter method, no interlace
        return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Self.chunk("IHDR", header) + Self.chunk("IDAT", compressed) + Self.chunk("IEND", [])
    }

    /// A `data:` URI of the PNG, for an SVG `<image>` or an HTML `<img>`.
    public var dataURI: String { "data:image/png;base64," + Data(png()).base64EncodedString() }

    static func bigEndian(_ value: UInt32) -> [UInt8] { [UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)] }

    /// Length, type, data, and the CRC-32 of type and data.
    static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let typed = Array(type.utf8) + data
        let crc = typed.withUnsafeBufferPointer { crc32(0, $0.baseAddress, uInt($0.count)) }
        return bigEndian(UInt32(data.count)) + typed + bigEndian(UInt32(crc))
    }
}
