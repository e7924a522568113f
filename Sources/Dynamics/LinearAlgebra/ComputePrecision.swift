/// The floating-point type of a hot loop that runs in either precision (the slow-point search, the
/// example's training).
public enum ComputePrecision: String, Sendable, Codable {
    /// Float32 throughout, as the BrainPy tutorial computes.
    case single
    /// Float64 throughout.
    case double
}
