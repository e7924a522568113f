/// Why a global analysis (attractors, basins, boundaries, manifolds) could not run, with what to do.
public enum GlobalDynamicsError: Error, Equatable, CustomStringConvertible {
    /// An argument outside what the analysis accepts.
    case invalidArgument(InvalidArgument)
    /// The grid of cells or of initial conditions would need more memory than the bound allows.
    case tooLarge(what: String, bytes: Int, limit: Int)
    /// The two ends of a segment reach the same attractor (or none): no boundary to bisect.
    case sameBasin(label: Int)
    /// The point given is not a saddle of the kind the manifold needs.
    case notASaddle(String)

    /// A readable explanation with what to do.
    public var description: String {
        switch self {
        case let .invalidArgument(argument): return "global dynamics: \(argument)"
        case let .tooLarge(what, bytes, limit):
            return "global dynamics: \(what) needs \(bytes / (1 << 20)) MiB, over the \(limit / (1 << 20)) MiB allowed; use fewer cells or points, or raise options.memoryLimit"
        case let .sameBasin(label):
            return "global dynamics: both ends reach \(label == 0 ? "no attractor" : "attractor \(label)"); give two states whose trajectories end on different attractors"
        case let .notASaddle(detail): return "global dynamics: \(detail)"
        }
    }
}
