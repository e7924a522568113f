/// A two-variable slice of a system: variables `variables.0` and `variables.1` free, the others held
/// at the values of `base`. Its `step` embeds the two values into `base`, calls the system's `step`
/// and keeps the same two components, so its fixed points, Jacobian and flow are the slice's (for a
/// two-dimensional system, the system's own).
public struct PlaneSlice<System: DynamicalSystem>: DynamicalSystem {
    /// The system sliced.
    public let system: System
    /// The two free variables (indices into the system's state).
    public let variables: (Int, Int)
    /// The full state the free variables are embedded into (the held values).
    public let base: [Double]

    /// The slice of `system` in `variables`, the others held at `base`.
    ///
    /// - Precondition: `base.count == system.dimension`, the variables distinct and in range.
    public init(system: System, variables: (Int, Int), base: [Double]) {
        precondition(base.count == system.dimension, "PlaneSlice: base has \(base.count) values, the system's dimension is \(system.dimension)")
        precondition(variables.0 != variables.1 && (0..<system.dimension).contains(variables.0) && (0..<system.dimension).contains(variables.1),
                     "PlaneSlice: variables \(variables) must be two different indices in 0..<\(system.dimension)")
        self.system = system
        self.variables = variables
        self.base = base
    }

    /// 2.
    public var dimension: Int { 2 }

    /// The sliced system's time domain.
    @inlinable public static var timeDomain: TimeDomain { System.timeDomain }

    /// The two free components of the system's `step` at the embedded state.
    ///
    /// - Complexity: one `step` of the system.
    @inlinable
    public func step<T: DynamicsScalar>(_ x: [T]) -> [T] {
        var full = base.map { T($0) }
        full[variables.0] = x[0]
        full[variables.1] = x[1]
        let value = system.step(full)
        return [value[variables.0], value[variables.1]]
    }

    /// The embedded full state of a point of the plane.
    public func embed(_ point: [Double]) -> [Double] {
        var full = base
        full[variables.0] = point[0]
        full[variables.1] = point[1]
        return full
    }
}

extension PlaneSlice: ContinuousFlow where System: ContinuousFlow {}
extension PlaneSlice: DiscreteMap where System: DiscreteMap {}
extension PlaneSlice: Sendable where System: Sendable {}
