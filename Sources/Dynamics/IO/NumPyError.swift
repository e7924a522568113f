/// What can be wrong with a `.npy` file, each with a message that says what was expected.
public enum NumPyError: Error, Equatable, CustomStringConvertible {
    /// The file does not start with the NumPy magic string.
    case badMagic
    /// A format version other than 1.0, 2.0 or 3.0.
    case unsupportedVersion(major: Int, minor: Int)
    /// The file ends inside the preamble or the header.
    case truncatedHeader
    /// The header dictionary could not be read.
    case malformedHeader(String)
    /// A dtype other than float32, float64, int32 or int64.
    case unsupportedDType(String)
    /// The data are shorter than the shape requires.
    case truncatedData(expectedBytes: Int, actualBytes: Int)
    /// The file holds more data bytes than the shape describes (no longer thrown: the bytes are
    /// ignored, as numpy.load ignores them; kept so that code matching on it still compiles).
    case trailingData(expectedBytes: Int, actualBytes: Int)
    /// Values do not match the shape.
    case shapeMismatch(shape: [Int], count: Int)
    /// A matrix was asked of an array whose rank is not 2.
    case notAMatrix(shape: [Int])
    /// Reading or writing the file failed.
    case io(path: String, reason: String)

    /// A readable explanation.
    public var description: String {
        switch self {
        case .badMagic: return "not a NumPy .npy file (the magic string \\x93NUMPY is missing)"
        case let .unsupportedVersion(major, minor): return "unsupported .npy format version \(major).\(minor); versions 1.0, 2.0 and 3.0 are read"
        case .truncatedHeader: return "the .npy file ends inside its header; the file is truncated"
        case let .malformedHeader(detail): return "malformed .npy header: \(detail)"
        case let .unsupportedDType(descr): return "unsupported .npy dtype '\(descr)'; float32, float64, int32 and int64 (any byte order) are read"
        case let .truncatedData(expected, actual): return "the .npy data are truncated: the shape needs \(expected) bytes, the file has \(actual)"
        case let .trailingData(expected, actual): return "the .npy file has \(actual) data bytes but its shape describes \(expected); the header and the data disagree"
        case let .shapeMismatch(shape, count):
            // The product may overflow (a lying header): say so instead of trapping.
            let needed = NumPyArray.elementCount(shape).map { "\($0)" } ?? "more than \(Int.max)"
            return shape.contains { $0 < 0 } ? "shape \(shape) has a negative dimension" : "shape \(shape) needs \(needed) values, got \(count)"
        case let .notAMatrix(shape): return "a matrix needs a 2-D array, this one has shape \(shape); reshape it to (rows, columns) first"
        case let .io(path, reason): return "\(path): \(reason)"
        }
    }
}
