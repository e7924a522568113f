/// Why a weights file could not be read, each with what to do.
public enum WeightLoadingError: Error, Equatable, CustomStringConvertible {
    /// No file or folder at the path.
    case missing(path: String)
    /// The path exists but cannot be read.
    case unreadable(path: String, reason: String)
    /// A suffix other than .safetensors or .npz, and not a folder.
    case unknownFormat(path: String)
    /// The safetensors header or data are malformed.
    case malformedSafetensors(String)
    /// A dtype the reader does not convert.
    case unsupportedDType(tensor: String, dtype: String)
    /// The .npz archive or one of its arrays is malformed.
    case malformedArchive(String)
    /// No tensor with this name (after any common prefix).
    case tensorNotFound(name: String, available: [String])
    /// Several prefixes hold a tensor of this name.
    case ambiguous(name: String, candidates: [String])

    /// A readable explanation with what to do.
    public var description: String {
        switch self {
        case let .missing(path): return "\(path): no such file or folder"
        case let .unreadable(path, reason): return "\(path) cannot be read: \(reason)"
        case let .unknownFormat(path): return "\(path): not a .safetensors file, a .npz archive or a folder of .npy files"
        case let .malformedSafetensors(detail): return "malformed .safetensors file: \(detail)"
        case let .unsupportedDType(tensor, dtype): return "\(tensor) has dtype \(dtype); F32, F64, F16 and BF16 are read"
        case let .malformedArchive(detail): return "malformed .npz archive: \(detail)"
        case let .tensorNotFound(name, available):
            let shown = available.sorted().prefix(8).joined(separator: ", ")
            return "no tensor named \(name) (or ending in .\(name)); the file holds \(available.isEmpty ? "no tensors" : shown + (available.count > 8 ? ", ..." : ""))"
        case let .ambiguous(name, candidates): return "\(candidates.count) tensors end in \(name) (\(candidates.sorted().joined(separator: ", "))); keep one model per file"
        }
    }
}
