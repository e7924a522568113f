import RealModule

extension Float: DynamicsScalar {
    /// The value, widened to `Double`.
    @inlinable public var primalValue: Double { Double(self) }
}
