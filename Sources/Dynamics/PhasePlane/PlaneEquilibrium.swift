/// An equilibrium of a phase plane (a fixed point of a map's plane), certified, with its linear
/// stability and type.
public struct PlaneEquilibrium: Sendable {
    /// The certified point, with its residual and diagnostics.
    public var point: SlowPoint
    /// Eigenvalues and eigenvectors of the slice's Jacobian there.
    public var stability: LinearStability
    /// The type with the tolerance ε it was classified with: a growth rate within ±ε is marginal.
    public var classification: StabilityClassification
    /// ε.
    public var tolerance: Double

    /// An equilibrium from its parts.
    public init(point: SlowPoint, stability: LinearStability, classification: StabilityClassification, tolerance: Double) {
        self.point = point
        self.stability = stability
        self.classification = classification
        self.tolerance = tolerance
    }

    /// The type in the words of a phase-plane course: "stable node", "unstable focus", "saddle", or
    /// "center-like" (a marginal complex pair: linearization cannot tell a center from a weak focus),
    /// "marginal" otherwise.
    public var kind: String {
        if classification.kind == .marginal && classification.isOscillatory { return "center-like" }
        return classification.kind.rawValue
    }
}
