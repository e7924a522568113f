/// The set where one component of a phase plane's field vanishes, as polylines.
public struct Nullcline: Sendable {
    /// 0 where the first free variable's component vanishes (ẋ = 0), 1 for the second (ẏ = 0).
    public var variable: Int
    /// Polylines of points [x, y], each a connected branch inside the box (closed curves repeat their
    /// first point at the end).
    public var segments: [[[Double]]]
    /// The largest |field component| over the vertices after refinement: how far from exact they are,
    /// in units of the field.
    public var largestResidual: Double

    /// A nullcline from its parts.
    public init(variable: Int, segments: [[[Double]]], largestResidual: Double) {
        self.variable = variable
        self.segments = segments
        self.largestResidual = largestResidual
    }
}
