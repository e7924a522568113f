/// Bad arguments to a phase-plane analysis.
public enum PhasePlaneError: Error, Equatable, CustomStringConvertible {
    /// An argument out of its domain, with what is wrong.
    case invalidArguments(String)

    /// The message.
    public var description: String {
        switch self {
        case let .invalidArguments(message): return "phase plane: \(message)"
        }
    }
}
