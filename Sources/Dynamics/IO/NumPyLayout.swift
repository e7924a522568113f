/// Where the values of a `.npy` file are and how to read one: its header parsed and checked against the
/// bytes, shared by ``NumPyArray`` (all values at once) and ``NumPyRowFile`` (row by row).
struct NumPyLayout {
    var shape: [Int]
    var dtype: NumPyDType
    var bigEndian: Bool
    var fortranOrder: Bool
    /// The byte offset of the first value.
    var dataStart: Int
    /// The number of values.
    var count: Int

    /// The layout of the `.npy` file in `bytes`.
    ///
    /// - Throws: a ``NumPyError`` describing the first problem found.
    /// - Complexity: O(header).
    init(_ bytes: UnsafeRawBufferPointer) throws(NumPyError) {
        let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]   // \x93NUMPY
        guard bytes.count >= 6, Array(bytes[0..<6]) == magic else { throw .badMagic }
        guard bytes.count >= 10 else { throw .truncatedHeader }
        let (major, minor) = (Int(bytes[6]), Int(bytes[7]))
        let headerStart: Int
        let headerLength: Int
        switch (major, minor) {
        case (1, 0):
            headerStart = 10
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
        case (2, 0), (3, 0):
            guard bytes.count >= 12 else { throw .truncatedHeader }
            headerStart = 12
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8 | Int(bytes[10]) << 16 | Int(bytes[11]) << 24
        default:
            throw .unsupportedVersion(major: major, minor: minor)
        }
        guard headerLength <= bytes.count - headerStart else { throw .truncatedHeader }
        let headerBytes = bytes[headerStart..<(headerStart + headerLength)]
        // Versions 1 and 2 store the header in Latin-1, version 3 in UTF-8.
        let text = major == 3
            ? String(decoding: headerBytes, as: UTF8.self)
            : String(String.UnicodeScalarView(headerBytes.map { Unicode.Scalar($0) }))
        let header = try NumPyHeader.parse(text)
        (dtype, bigEndian) = try NumPyArray.decodeDescr(header.descr)
        guard let count = NumPyArray.elementCount(header.shape) else { throw .malformedHeader("the shape \\(header.shape) is too large") }
        let (needed, overflow) = count.multipliedReportingOverflow(by: dtype.size)
        dataStart = headerStart + headerLength
        let available = bytes.count - dataStart
        // Bytes after the data are ignored, as numpy.load does.
        guard !overflow, needed <= available else { throw .truncatedData(expectedBytes: overflow ? Int.max : needed, actualBytes: available) }
        shape = header.shape
        fortranOrder = header.fortranOrder
        self.count = count
    }

    /// Value `k` in file order, from the same bytes the layout was read from.
    @inline(__always)
    func element(_ k: Int, in raw: UnsafeRawBufferPointer) -> Double {
        let offset = dataStart + k * dtype.size
        if bigEndian == (1.bigEndian == 1) {
            // The file's byte order is this machine's: whole words, no byte shuffling.
            switch dtype {
            case .float32: return Double(raw.loadUnaligned(fromByteOffset: offset, as: Float.self))
            case .float64: return raw.loadUnaligned(fromByteOffset: offset, as: Double.self)
            case .int32: return Double(raw.loadUnaligned(fromByteOffset: offset, as: Int32.self))
            case .int64: return Double(raw.loadUnaligned(fromByteOffset: offset, as: Int64.self))
            }
        }
        // The other byte order: the word assembled from its bytes.
        var word: UInt64 = 0
        for b in 0..<dtype.size {
            let byte = UInt64(raw[offset + (bigEndian ? dtype.size - 1 - b : b)])
            word |= byte << (8 * UInt64(b))
        }
        switch dtype {
        case .float32: return Double(Float(bitPattern: UInt32(truncatingIfNeeded: word)))
        case .float64: return Double(bitPattern: word)
        case .int32: return Double(Int32(bitPattern: UInt32(truncatingIfNeeded: word)))
        case .int64: return Double(Int64(bitPattern: word))
        }
    }
}
