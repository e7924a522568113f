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
        let header = try parseHeader(bytes[8..<headerEnd])
        let dataCount = bytes.count - headerEnd
        var tensors: [String: NumPyArray] = [:]
        var spans: [(begin: Int, end: Int, name: String)] = []
        for (name, value) in header where name != "__metadata__" {
            guard let entry = value as? [String: Any], let dtype = entry["dtype"] as? String,
                  let shapeValues = entry["shape"] as? [Any], let offsetValues = entry["data_offsets"] as? [Any]
            else { throw .malformedSafetensors("the entry for \(name) lacks dtype, shape or data_offsets") }
            let size: Int
            switch dtype {
            case "F64": size = 8
            case "F32": size = 4
            case "F16", "BF16": size = 2
            default: throw .unsupportedDType(tensor: name, dtype: dtype)
            }
            let shape = try wholeNumbers(shapeValues, of: name, field: "shape")
            let offsets = try wholeNumbers(offsetValues, of: name, field: "data_offsets")
            guard offsets.count == 2 else { throw .malformedSafetensors("\(name)'s data_offsets has \(offsets.count) numbers; it needs [begin, end]") }
            guard shape.allSatisfy({ $0 >= 0 }) else { throw .malformedSafetensors("\(name) has a negative dimension in \(shape)") }
            // The element count and the byte count are checked for overflow: a 150-byte header can
            // declare a shape whose bytes exceed Int.max.
            var count = 1
            for factor in shape + [size] {
                let (product, overflow) = count.multipliedReportingOverflow(by: factor)
                guard !overflow else { throw .malformedSafetensors("\(name)'s shape \(shape) of \(dtype) needs more bytes than any file holds") }
                count = product
            }
            let byteCount = count
            count /= size
            let (begin, end) = (offsets[0], offsets[1])
            guard begin >= 0, end >= begin, end <= dataCount else {
                throw .malformedSafetensors("\(name)'s data_offsets [\(begin), \(end)] lie outside the \(dataCount) data bytes")
            }
            guard end - begin == byteCount else {
                throw .malformedSafetensors("\(name) has shape \(shape) of \(dtype) (\(byteCount) bytes) but data_offsets span \(end - begin)")
            }
            spans.append((begin, end, name))
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
        try checkDisjoint(spans)
        return tensors
    }

    /// The header as a JSON object. The format requires UTF-8 starting with `{` (padding spaces may
    /// follow the object); a byte-order mark or UTF-16, which Foundation would otherwise decode, is
    /// refused.
    static func parseHeader(_ header: ArraySlice<UInt8>) throws(WeightLoadingError) -> [String: Any] {
        guard header.first == UInt8(ascii: "{") else {
            throw .malformedSafetensors("the header must be a UTF-8 JSON object starting with '{' (no byte-order mark, not UTF-16)")
        }
        guard !header.contains(0), String(validating: header, as: UTF8.self) != nil else {
            throw .malformedSafetensors("the header is not valid UTF-8 JSON (a NUL byte, UTF-16, or a broken sequence)")
        }
        guard let object = try? JSONSerialization.jsonObject(with: Data(header)), let dictionary = object as? [String: Any] else {
            throw .malformedSafetensors("the header is not a JSON object")
        }
        return dictionary
    }

    /// `values` as whole numbers: a fraction, a string or a number beyond Int is refused
    /// (Foundation would truncate 2.5 to 2).
    static func wholeNumbers(_ values: [Any], of name: String, field: String) throws(WeightLoadingError) -> [Int] {
        var numbers: [Int] = []
        for value in values {
            guard let number = value as? NSNumber, case let real = number.doubleValue,
                  real.isFinite, real == real.rounded(.towardZero), Double(number.int64Value) == real
            else { throw .malformedSafetensors("\(name)'s \(field) \(values) holds \(value), not a whole number") }
            numbers.append(Int(number.int64Value))
        }
        return numbers
    }

    /// Refuses two tensors whose byte ranges overlap (each tensor owns its bytes).
    static func checkDisjoint(_ spans: [(begin: Int, end: Int, name: String)]) throws(WeightLoadingError) {
        let sorted = spans.filter { $0.end > $0.begin }.sorted { ($0.begin, $0.name) < ($1.begin, $1.name) }
        for (a, b) in zip(sorted, sorted.dropFirst()) where b.begin < a.end {
            throw .malformedSafetensors("\(a.name) [\(a.begin), \(a.end)) and \(b.name) [\(b.begin), \(b.end)) share bytes; each tensor needs its own")
        }
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
