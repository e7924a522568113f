import RealModule

extension Double: DynamicsScalar {
    /// The value itself.
    @inlinable public var primalValue: Double { self }
}
