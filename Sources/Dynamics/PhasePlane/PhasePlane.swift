/// The phase plane of a two-variable flow or map, or of a two-variable slice of a larger one: the
/// vector field on a grid, nullclines, equilibria, trajectories and (for flows) limit cycles, in a box.
///
/// ```swift
/// let plane = try PhasePlane(fitzHughNagumo, x: -3...3, y: -3...3)
/// for nullcline in plane.nullclines(resolution: 200) {
///     print(nullcline.variable, nullcline.segments.count)   // polylines of (x, y)
/// }
/// let equilibria = try plane.fixedPoints()                  // certified, inside the box
/// ```
///
/// For a map "the field" is the displacement F(x) − x, whose zeros are the fixed points, and the
/// nullclines are where one component of the displacement vanishes.
public struct PhasePlane<System: DynamicalSystem> {
    /// The two-variable system studied (the slice).
    public let slice: PlaneSlice<System>
    /// The box: the first free variable's range.
    public let x: ClosedRange<Double>
    /// The box: the second free variable's range.
    public let y: ClosedRange<Double>

    /// The phase plane of `system` in the box `x` × `y`.
    ///
    /// - Parameters:
    ///   - system: a flow or map of dimension ≥ 2.
    ///   - x: the first free variable's range (finite, non-empty).
    ///   - y: the second free variable's range.
    ///   - variables: the free variables; default (0, 1).
    ///   - heldAt: the full state whose other entries hold the other variables; default zeros (only
    ///     read for dimension > 2).
    /// - Throws: ``PhasePlaneError`` naming the bad argument.
    public init(_ system: System, x: ClosedRange<Double>, y: ClosedRange<Double>, variables: (Int, Int) = (0, 1), heldAt: [Double]? = nil) throws(PhasePlaneError) {
        let n = system.dimension
        guard n >= 2 else { throw .invalidArguments("a phase plane needs two variables; the system has dimension \(n)") }
        guard variables.0 != variables.1, (0..<n).contains(variables.0), (0..<n).contains(variables.1) else {
            throw .invalidArguments("variables \(variables) must be two different indices in 0..<\(n)")
        }
        for (name, range) in [("x", x), ("y", y)] where !(range.lowerBound.isFinite && range.upperBound.isFinite && range.upperBound > range.lowerBound) {
            throw .invalidArguments("the \(name) range \(range) must be finite with upper > lower")
        }
        let base = heldAt ?? [Double](repeating: 0, count: n)
        guard base.count == n else { throw .invalidArguments("heldAt has \(base.count) values, the system's dimension is \(n)") }
        guard base.allSatisfy(\.isFinite) else { throw .invalidArguments("heldAt must be finite") }
        slice = PlaneSlice(system: system, variables: variables, base: base)
        self.x = x
        self.y = y
    }

    /// The largest grid side of ``vectorField(resolution:)`` and ``nullclines(resolution:refinementSteps:)``:
    /// 10⁸ evaluations of the field, minutes for a cheap one.
    public static var largestResolution: Int { 10_000 }

    /// The field at (x, y): f(x, y) for a flow, F(x, y) − (x, y) for a map.
    ///
    /// - Complexity: one `step`.
    @inlinable
    public func field(at point: [Double]) -> [Double] { slice.fixedPointResidual(point) }

    /// Whether `point` lies in the box.
    public func contains(_ point: [Double]) -> Bool { x.contains(point[0]) && y.contains(point[1]) }

    /// The field on a `resolution` × `resolution` grid of the box (cell centres), for arrows or
    /// streamlines.
    ///
    /// - Parameter resolution: points per side, 2...10,000; default 20.
    /// - Complexity: resolution² `step`s.
    /// - Precondition: `resolution` in its range (traps with a message naming it).
    @inlinable
    public func vectorField(resolution: Int = 20) -> VectorField {
        precondition((2...PhasePlane.largestResolution).contains(resolution),
                     InvalidArgument("vectorField(resolution:)", is: resolution, allowed: "it must be in 2...\(PhasePlane.largestResolution) (default 20)").description)
        let count = resolution
        let xs = (0..<count).map { x.lowerBound + (Double($0) + 0.5) / Double(count) * (x.upperBound - x.lowerBound) }
        let ys = (0..<count).map { y.lowerBound + (Double($0) + 0.5) / Double(count) * (y.upperBound - y.lowerBound) }
        var values: [[Double]] = []
        values.reserveCapacity(count * count)
        for b in ys { for a in xs { values.append(field(at: [a, b])) } }
        return VectorField(xs: xs, ys: ys, values: values)
    }
}
