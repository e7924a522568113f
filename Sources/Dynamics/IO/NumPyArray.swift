import Foundation

/// The element types read from `.npy` files.
public enum NumPyDType: String, Sendable, Codable {
    case float32, float64, int32, int64

    /// Bytes per element.
    var size: Int { self == .float32 || self == .int32 ? 4 : 8 }
}

/// An n-dimensional array in NumPy's `.npy` format: read versions 1.0-3.0 with float32, float64,
/// int32 or int64 elements in either byte order and C or Fortran order; write float64 in C order.
///
/// Values are held as `Double` in C (row-major) order whatever the file's layout; int64 values beyond
/// 2⁵³ lose precision. Reading never traps: every malformed input throws a ``NumPyError``.
///
/// ```swift
/// let weights = try NumPyArray(contentsOf: "w_rr.npy")       // shape [64, 64]
/// let W = try weights.matrix()
/// try NumPyArray(matrix: W).write(to: "copy.npy")
/// ```
public struct NumPyArray: Equatable, Sendable {
    /// The shape; `[]` for a scalar.
    public let shape: [Int]
    /// The elements in C order; `count == shape.product`.
    public let values: [Double]
    /// The element type of the file the array was read from (`.float64` for arrays made in memory).
    public let sourceDType: NumPyDType

    /// An array of `shape` over `values` in C order.
    ///
    /// - Throws: ``NumPyError/shapeMismatch(shape:count:)`` when the counts differ or a dimension is
    ///   negative.
    public init(shape: [Int], values: [Double]) throws(NumPyError) {
        guard shape.allSatisfy({ $0 >= 0 }), let count = NumPyArray.elementCount(shape), count == values.count else {
            throw .shapeMismatch(shape: shape, count: values.count)
        }
        self.shape = shape
        self.values = values
        self.sourceDType = .float64
    }

    /// A 2-D array from a matrix.
    public init(matrix: Matrix) {
        shape = [matrix.rows, matrix.columns]
        values = matrix.elements
        sourceDType = .float64
    }

    /// A 1-D array from a vector.
    public init(vector: [Double]) {
        shape = [vector.count]
        values = vector
        sourceDType = .float64
    }

    /// The product of the dimensions, nil on overflow.
    static func elementCount(_ shape: [Int]) -> Int? {
        var count = 1
        for dimension in shape {
            let (product, overflow) = count.multipliedReportingOverflow(by: dimension)
            if overflow { return nil }
            count = product
        }
        return count
    }

    /// The 2-D array as a ``Matrix``.
    ///
    /// - Throws: ``NumPyError/notAMatrix(shape:)`` unless the array has rank 2.
    public func matrix() throws(NumPyError) -> Matrix {
        guard shape.count == 2 else { throw .notAMatrix(shape: shape) }
        return Matrix(rows: shape[0], columns: shape[1], elements: values)
    }

    // MARK: Reading

    /// Reads a `.npy` file.
    ///
    /// - Throws: ``NumPyError/io(path:reason:)`` when the file cannot be read, or any format error.
    public init(contentsOf path: String) throws(NumPyError) {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw .io(path: path, reason: FileManager.default.fileExists(atPath: path) ? "cannot be read" : "no such file")
        }
        try self.init(npyBytes: [UInt8](data))
    }

    /// Decodes the bytes of a `.npy` file.
    ///
    /// - Throws: a ``NumPyError`` describing the first problem found.
    /// - Complexity: O(bytes).
    public init(npyBytes bytes: [UInt8]) throws(NumPyError) {
        let result = bytes.withUnsafeBytes { raw -> Result<NumPyArray, NumPyError> in
            Result { () throws(NumPyError) in
                let layout = try NumPyLayout(raw)
                var decoded = [Double](repeating: 0, count: layout.count)
                for k in 0..<layout.count { decoded[k] = layout.element(k, in: raw) }
                if layout.fortranOrder && layout.shape.count > 1 {
                    decoded = NumPyArray.fortranToC(decoded, shape: layout.shape)
                }
                return NumPyArray(shape: layout.shape, decoded: decoded, dtype: layout.dtype)
            }
        }
        self = try result.get()
    }

    /// An array of decoded values.
    init(shape: [Int], decoded: [Double], dtype: NumPyDType) {
        self.shape = shape
        values = decoded
        sourceDType = dtype
    }

    /// The element type and byte order of a dtype string, as NumPy reads it: an optional byte order
    /// (`<`, `>`, `=` or `|`, the last two native) and a type code (`f4`/`f`, `f8`/`d`, `i4`/`i`,
    /// `i8`/`q`/`l`).
    static func decodeDescr(_ descr: String) throws(NumPyError) -> (NumPyDType, bigEndian: Bool) {
        var code = Substring(descr)
        var bigEndian = 1.bigEndian == 1
        if let first = code.first, "<>=|".contains(first) {
            if first == "<" { bigEndian = false }
            if first == ">" { bigEndian = true }
            code = code.dropFirst()
        }
        switch code {
        case "f4", "f": return (.float32, bigEndian)
        case "f8", "d": return (.float64, bigEndian)
        case "i4", "i": return (.int32, bigEndian)
        case "i8", "q", "l": return (.int64, bigEndian)
        default: throw .unsupportedDType(descr)
        }
    }

    /// Reorders column-major (first index fastest) values into row-major order.
    static func fortranToC(_ values: [Double], shape: [Int]) -> [Double] {
        var result = [Double](repeating: 0, count: values.count)
        var index = [Int](repeating: 0, count: shape.count)
        for c in 0..<values.count {
            // index is the multi-index of C position c; its Fortran position is Σ index[k]·stride_F[k].
            var fortran = 0
            var stride = 1
            for k in 0..<shape.count {
                fortran += index[k] * stride
                stride *= shape[k]
            }
            result[c] = values[fortran]
            var k = shape.count - 1
            while k >= 0 {
                index[k] += 1
                if index[k] < shape[k] { break }
                index[k] = 0
                k -= 1
            }
        }
        return result
    }

    // MARK: Writing

    /// The `.npy` bytes: float64, little-endian, C order, format 1.0 (2.0 when the header needs it),
    /// the header padded so that the data start at a multiple of 64 bytes.
    public func npyBytes() -> [UInt8] {
        let header = NumPyHeader(descr: "<f8", fortranOrder: false, shape: shape).text
        var headerBytes = Array(header.utf8)
        let fitsVersion1 = headerBytes.count + 11 + 64 <= 65535
        let preamble = fitsVersion1 ? 10 : 12
        let padding = (64 - (preamble + headerBytes.count + 1) % 64) % 64
        headerBytes += Array(repeating: UInt8(ascii: " "), count: padding) + [UInt8(ascii: "\n")]
        var bytes: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, fitsVersion1 ? 1 : 2, 0]
        let length = headerBytes.count
        bytes += fitsVersion1
            ? [UInt8(length & 0xFF), UInt8(length >> 8)]
            : [UInt8(length & 0xFF), UInt8(length >> 8 & 0xFF), UInt8(length >> 16 & 0xFF), UInt8(length >> 24 & 0xFF)]
        bytes += headerBytes
        bytes.reserveCapacity(bytes.count + values.count * 8)
        for value in values {
            let word = value.bitPattern
            for b in 0..<8 { bytes.append(UInt8(truncatingIfNeeded: word >> (8 * UInt64(b)))) }
        }
        return bytes
    }

    /// Writes the array to `path` atomically (a temporary file renamed into place), so a failed write
    /// never leaves a half-written file.
    ///
    /// - Throws: ``NumPyError/io(path:reason:)`` when the file cannot be written.
    public func write(to path: String) throws(NumPyError) {
        do { try Data(npyBytes()).write(to: URL(fileURLWithPath: path), options: .atomic) } catch {
            throw .io(path: path, reason: "cannot be written (\(error.localizedDescription))")
        }
    }
}
