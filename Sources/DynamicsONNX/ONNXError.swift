/// Why an ONNX model cannot be read or analysed. Every case names what is wrong (the file, the
/// tensor, the node and its operator) and, where there is one, the fix.
public enum ONNXError: Error, Equatable, CustomStringConvertible {
    /// The file cannot be opened or read.
    case unreadable(path: String, reason: String)
    /// The bytes are not an ONNX model (truncated or corrupt protobuf, or another format).
    case notAModel(path: String, reason: String)
    /// The model needs an operator set this reader does not know (the default domain's opset must be
    /// 13 or later; other domains are not supported).
    case operatorSet(domain: String, version: Int64)
    /// A node's operator is not supported.
    case unsupportedOperator(operator: String, node: String, reason: String)
    /// A node's attributes or inputs are not usable (a missing required attribute, a non-constant
    /// index, an unsupported mode).
    case node(operator: String, node: String, reason: String)
    /// The graph's structure is wrong: a cycle, a value used before anything produces it, a
    /// duplicate name.
    case graph(String)
    /// The graph's inputs or outputs do not make a step (state first, optional input second, next
    /// state or derivative first among the outputs).
    case interface(String)
    /// A tensor's data cannot be used: an unsupported element type, a size that does not match its
    /// shape, NaN or ±∞ among weights, external data that cannot be read.
    case tensor(name: String, reason: String)

    /// A readable explanation.
    public var description: String {
        switch self {
        case let .unreadable(path, reason): return "cannot read \(path): \(reason)"
        case let .notAModel(path, reason): return "\(path) is not an ONNX model: \(reason)"
        case let .operatorSet(domain, version):
            return domain.isEmpty || domain == "ai.onnx"
                ? "the model uses ONNX opset \(version); opset 13 or later is supported (re-export with opset_version=13 or later)"
                : "the model needs operator set '\(domain)' version \(version); only the default ONNX domain is supported"
        case let .unsupportedOperator(op, node, reason): return "operator \(op) (node '\(node)') is not supported: \(reason)"
        case let .node(op, node, reason): return "node '\(node)' (\(op)): \(reason)"
        case let .graph(reason): return "the graph is malformed: \(reason)"
        case let .interface(reason): return "the graph is not a step: \(reason)"
        case let .tensor(name, reason): return "tensor '\(name)': \(reason)"
        }
    }
}
