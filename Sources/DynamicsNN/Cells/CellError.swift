/// Weights that do not make the cell asked for.
public enum CellError: Error, Equatable, CustomStringConvertible {
    /// A tensor has the wrong shape: its name, its shape, and the shape the cell needs in words
    /// ("[12, 4] (3·H × H with H = 4)", "a matrix of 3·H × H with H ≥ 1").
    case shape(tensor: String, shape: [Int], expected: String)
    /// A tensor holds NaN or ±∞.
    case nonFinite(tensor: String)
    /// A gate count other than 1 (Elman), 3 (GRU) or 4 (LSTM) and the like: must be in 1...4.
    case gates(Int)
    /// A rate RNN's α = dt/τ outside (0, 1].
    case alpha(Double)

    /// A readable explanation naming the tensor and both shapes.
    public var description: String {
        switch self {
        case let .shape(tensor, shape, expected): return "\(tensor) has shape \(shape); the cell needs \(expected)"
        case let .nonFinite(tensor): return "\(tensor) holds NaN or infinite values"
        case let .gates(gates): return "gates is \(gates); a cell stacks 1 to 4 gates (Elman 1, GRU 3, LSTM 4)"
        case let .alpha(alpha): return "alpha = dt/tau must be in (0, 1], got \(alpha)"
        }
    }
}
