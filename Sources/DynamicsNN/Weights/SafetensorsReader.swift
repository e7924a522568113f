import Dynamics
import Foundation

/// Reads the safetensors format: an 8-byte little-endian header length N, a JSON header of N bytes
/// ({name: {dtype, shape, data_offsets: [begin, end]}}, plus an optional `__metadata__`), then the raw
/// little-endian data, offsets counted from the end of the header.
enum SafetensorsReader {
    static func read(_ bytes: [UInt8]) throws(WeightLoadingError) -> [String: NumPyArray] {
        guard bytes.count >= 8 else { throw .malformedSafetensors("the file has \(bytes.count) bytes; the header length alone needs 8") }
        var length: UInt64 = 0
        for k in 0..<8 { length |= UInt64(bytes[k]) << (8 * UInt64(k)) }
        guard length <= UInt64(bytes.count - 8) else {
            throw .malformedSafetensors("the header claims \(length) bytes, the file has \(bytes.count - 8) after the length")
        }
        let headerEnd = 8 + Int(length)
        guard let object = try? JSONSerialization.jsonObject(with: Data(bytes[8..<headerEnd])), let header = object as? [String: Any] else {
            throw .malformedSafetensors("the header is not a JSON object")
        }
        let dataCount = bytes.count - headerEnd
        var tensors: [String: NumPyArray] = [:]
        for (name, value) in header where name != "__metadata__" {
            guard let entry = value as? [String: Any], let dtype = entry["dtype"] as? String,
                  let shape = (entry["shape"] as? [Any])?.compactMap({ ($0 as? NSNumber)?.intValue }), shape.count == (entry["shape"] as? [Any])?.count,
                  let offsets = (entry["data_offsets"] as? [Any])?.compactMap({ ($0 as? NSNumber)?.intValue }), offsets.count == 2
            else { throw .malformedSafetensors("the entry for \(name) lacks dtype, shape or data_offsets") }
            let size: Int
            switch dtype {
            case "F64": size = 8
            case "F32": size = 4
            case "F16", "BF16": size = 2
            default: throw .unsupportedDType(tensor: name, dtype: dtype)
            }
            guard shape.allSatisfy({ $0 >= 0 }) else { throw .malformedSafetensors("\(name) has a negative dimension in \(shape)") }
            var count = 1
            for dimension in shape {
                let (product, overflow) = count.multipliedReportingOverflow(by: dimension)
                guard !overflow else { throw .malformedSafetensors("\(name)'s shape \(shape) overflows") }
                count = product
            }
            let (begin, end) = (offsets[0], offsets[1])
            guard begin >= 0, end >= begin, end <= dataCount else {
                throw .malformedSafetensors("\(name)'s data_offsets [\(begin), \(end)] lie outside the \(dataCount) data bytes")
            }
            guard end - begin == count * size else {
                throw .malformedSafetensors("\(name) has shape \(shape) of \(dtype) (\(count * size) bytes) but data_offsets span \(end - begin)")
            }
            let base = headerEnd + begin
            var values = [Double](repeating: 0, count: count)
            for k in 0..<count {
                let p = base + k * size
                switch dtype {
                case "F64":
                    var bits: UInt64 = 0
                    for b in 0..<8 { bits |= UInt64(bytes[p + b]) << (8 * UInt64(b)) }
                    values[k] = Double(bitPattern: bits)
                case "F32":
                    var bits: UInt32 = 0
                    for b in 0..<4 { bits |= UInt32(bytes[p + b]) << (8 * UInt32(b)) }
                    values[k] = Double(Float(bitPattern: bits))
                case "BF16":
                    let bits = UInt32(bytes[p]) << 16 | UInt32(bytes[p + 1]) << 24
                    values[k] = Double(Float(bitPattern: bits))
                default:
                    values[k] = halfToDouble(UInt16(bytes[p]) | UInt16(bytes[p + 1]) << 8)
                }
            }
            do { tensors[name] = try NumPyArray(shape: shape, values: values) } catch {
                throw .malformedSafetensors("\(name): \(error)")
            }
        }
        return tensors
    }

    /// IEEE 754 binary16 to Double: subnormals, infinities and NaN included.
    static func halfToDouble(_ bits: UInt16) -> Double {
        let sign: Double = bits & 0x8000 != 0 ? -1 : 1
        let exponent = Int((bits >> 10) & 0x1F)
        let fraction = Double(bits & 0x3FF)
        switch exponent {
        case 0: return sign * fraction * 0x1p-24
        case 31: return fraction == 0 ? sign * .infinity : .nan
        default: return sign * (1 + fraction / 1024) * Double(sign: .plus, exponent: exponent - 15, significand: 1)
        }
    }
}
