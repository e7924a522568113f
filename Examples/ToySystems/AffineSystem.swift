import Dynamics

/// A system whose rule is affine, A·x + c: the next state of a ``LinearMap`` or ``LineAttractorMap``,
/// the velocity of a ``LinearFlow`` or ``LineAttractorFlow``. Supplies `dimension`, `step` and the
/// analytic Jacobian A.
public protocol AffineSystem: DynamicalSystem {
    /// A (n × n).
    var matrix: Matrix { get }
    /// c (n values).
    var offset: [Double] { get }
}

extension AffineSystem {
    /// n.
    public var dimension: Int { matrix.rows }

    /// A·x + c in any scalar type.
    @inlinable
    public func step<T: DynamicsScalar>(_ x: [T]) -> [T] { matrix.affine(x, offset: offset) }

    /// Analytic: A, everywhere.
    public func jacobian(at x: [Double]) -> Matrix { matrix }

    /// c, or zeros when nil, checked against A's shape.
    static func checkedOffset(_ offset: [Double]?, for matrix: Matrix) -> [Double] {
        precondition(matrix.isSquare, "\(Self.self): A must be square, got \(matrix.rows) x \(matrix.columns)")
        let c = offset ?? Array(repeating: 0, count: matrix.rows)
        precondition(c.count == matrix.rows, "\(Self.self): offset has \(c.count) values for a \(matrix.rows)-dimensional system")
        return c
    }
}
