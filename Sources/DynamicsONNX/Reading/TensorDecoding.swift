import Foundation

/// An initializer or constant tensor, decoded into `Double` values.
struct DecodedTensor {
    var shape: [Int]
    var values: [Double]
    var isInteger: Bool
}

/// The element types the reader decodes (ONNX `TensorProto.DataType` numbers).
enum ElementType: Int32 {
    case float = 1, uint8 = 2, int8 = 3, uint16 = 4, int16 = 5, int32 = 6, int64 = 7, bool = 9, float16 = 10, double = 11
    case uint32 = 12, uint64 = 13

    /// The type with ONNX number `raw`, or an error naming it.
    init(_ raw: Int32, tensor: String) throws(ONNXError) {
        guard let type = ElementType(rawValue: raw) else {
            let names: [Int32: String] = [0: "undefined", 8: "string", 14: "complex64", 15: "complex128", 16: "bfloat16"]
            throw .tensor(name: tensor, reason: "element type \(names[raw].map { "\($0) (\(raw))" } ?? "\(raw)") is not supported; use float32 or float64 weights")
        }
        self = type
    }

    /// Bytes per element in raw data.
    var byteWidth: Int {
        switch self {
        case .uint8, .int8, .bool: return 1
        case .uint16, .int16, .float16: return 2
        case .float, .int32, .uint32: return 4
        case .int64, .double, .uint64: return 8
        }
    }

    /// Integer types (indices, shapes) as opposed to floating-point values.
    var isInteger: Bool { ![.float, .float16, .double].contains(self) }
}

/// The most elements a tensor may have (2³¹): a larger dims product is a corrupt or hostile file.
private let elementLimit = 1 << 31

extension DecodedTensor {
    /// Decodes `proto`; external data is read relative to `folder` and must lie inside it.
    init(_ proto: Onnx_TensorProto, folder: URL?) throws(ONNXError) {
        let name = proto.name
        let type = try ElementType(proto.dataType, tensor: name)
        var count = 1
        for dim in proto.dims {
            guard dim >= 0, dim <= elementLimit else { throw .tensor(name: name, reason: "dimension \(dim) in shape \(proto.dims) is out of range") }
            let (product, overflow) = count.multipliedReportingOverflow(by: Int(dim))
            guard !overflow, product <= elementLimit else { throw .tensor(name: name, reason: "shape \(proto.dims) has more than 2³¹ elements") }
            count = product
        }
        shape = proto.dims.map { Int($0) }
        guard !shape.isEmptyButTooWide else {
            throw .tensor(name: name, reason: "shape \(proto.dims) has no elements, but its other dimensions multiply past 2²⁴")
        }
        isInteger = type.isInteger
        if proto.hasDataLocation, proto.dataLocation == .external {
            let bytes = try Self.externalBytes(proto, folder: folder, expected: count * type.byteWidth)
            values = Self.decode(raw: bytes, type: type, count: count)
        } else if proto.hasRawData {
            guard proto.rawData.count == count * type.byteWidth else {
                throw .tensor(name: name, reason: "raw data holds \(proto.rawData.count) bytes; shape \(shape) of \(type) needs \(count * type.byteWidth)")
            }
            values = Self.decode(raw: proto.rawData, type: type, count: count)
        } else {
            values = Self.typedValues(proto, type: type)
            guard values.count == count else {
                throw .tensor(name: name, reason: "holds \(values.count) values; its shape \(shape) needs \(count)")
            }
        }
        if !isInteger, !values.allSatisfy(\.isFinite) {
            throw .tensor(name: name, reason: "holds NaN or infinite values")
        }
    }

    /// The values of the typed repeated fields.
    private static func typedValues(_ proto: Onnx_TensorProto, type: ElementType) -> [Double] {
        switch type {
        case .float: return proto.floatData.map(Double.init)
        case .double: return proto.doubleData
        case .int64: return proto.int64Data.map(Double.init)
        case .uint32, .uint64: return proto.uint64Data.map(Double.init)
        case .float16: return proto.int32Data.map { Double(Float16(bitPattern: UInt16(truncatingIfNeeded: $0))) }
        case .int32, .int16, .int8, .uint16, .uint8, .bool: return proto.int32Data.map(Double.init)
        }
    }

    /// Little-endian raw bytes as `count` values of `type`.
    static func decode(raw: Data, type: ElementType, count: Int) -> [Double] {
        var values = [Double](repeating: 0, count: count)
        raw.withUnsafeBytes { bytes in
            for i in 0..<count {
                let offset = i * type.byteWidth
                switch type {
                case .float: values[i] = Double(Float(bitPattern: UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self))))
                case .double: values[i] = Double(bitPattern: UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)))
                case .float16: values[i] = Double(Float16(bitPattern: UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt16.self))))
                case .int64: values[i] = Double(Int64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: Int64.self)))
                case .uint64: values[i] = Double(UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)))
                case .int32: values[i] = Double(Int32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: Int32.self)))
                case .uint32: values[i] = Double(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self)))
                case .int16: values[i] = Double(Int16(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: Int16.self)))
                case .uint16: values[i] = Double(UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt16.self)))
                case .int8: values[i] = Double(bytes.load(fromByteOffset: offset, as: Int8.self))
                case .uint8, .bool: values[i] = Double(bytes.load(fromByteOffset: offset, as: UInt8.self))
                }
            }
        }
        return values
    }

    /// The bytes of an external-data tensor: `location` (relative, inside the model's folder),
    /// `offset` and `length` from its entries.
    private static func externalBytes(_ proto: Onnx_TensorProto, folder: URL?, expected: Int) throws(ONNXError) -> Data {
        let name = proto.name
        var entries: [String: String] = [:]
        for entry in proto.externalData { entries[entry.key] = entry.value }
        guard let folder else { throw .tensor(name: name, reason: "external data needs the model read from a file") }
        guard let location = entries["location"], !location.isEmpty else {
            throw .tensor(name: name, reason: "external data without a 'location'")
        }
        let offset = Int(entries["offset"] ?? "0"), length = entries["length"].map { Int($0) } ?? expected
        guard let offset, offset >= 0, let length, length == expected else {
            throw .tensor(name: name, reason: "external data offset \(entries["offset"] ?? "0") and length \(entries["length"] ?? "absent") do not give the \(expected) bytes its shape needs")
        }
        let base = folder.standardizedFileURL.resolvingSymlinksInPath()
        let file = base.appendingPathComponent(location).standardizedFileURL.resolvingSymlinksInPath()
        guard !location.hasPrefix("/"), file.path.hasPrefix(base.path + "/") else {
            throw .tensor(name: name, reason: "external data '\(location)' lies outside the model's folder \(base.path); it must be a file next to the model")
        }
        let handle: FileHandle
        do { handle = try FileHandle(forReadingFrom: file) } catch {
            throw .tensor(name: name, reason: "cannot open external data \(file.path): \(error.localizedDescription)")
        }
        defer { try? handle.close() }
        do {
            let size = try handle.seekToEnd()
            guard UInt64(offset) + UInt64(length) <= size else {
                throw ONNXError.tensor(name: name, reason: "external data \(location) has \(size) bytes; offset \(offset) + length \(length) reaches beyond its end")
            }
            try handle.seek(toOffset: UInt64(offset))
            let data = try handle.read(upToCount: length) ?? Data()
            guard data.count == length else { throw ONNXError.tensor(name: name, reason: "external data \(location) ended after \(data.count) of \(length) bytes") }
            return data
        } catch let error as ONNXError {
            throw error
        } catch {
            throw .tensor(name: name, reason: "cannot read external data \(file.path): \(error.localizedDescription)")
        }
    }
}
