import Dynamics

/// The affine map x' = A·x + c.
///
/// Oracle: when 1 is not an eigenvalue of A the unique fixed point is x* = (I − A)⁻¹·c and the
/// Jacobian everywhere is A, so the stability spectrum is A's spectrum. Build A with
/// ``RandomMatrices/withSpectrum(_:using:)`` to prescribe it.
public struct LinearMap: DiscreteMap, Sendable {
    /// The matrix A.
    public var matrix: Matrix
    /// The constant input c.
    public var offset: [Double]

    /// x' = A·x + c.
    ///
    /// - Parameters:
    ///   - matrix: A, square.
    ///   - offset: c; default zero, making the origin the fixed point.
    public init(matrix: Matrix, offset: [Double]? = nil) {
        precondition(matrix.isSquare, "LinearMap: A must be square, got \(matrix.rows) x \(matrix.columns)")
        self.matrix = matrix
        self.offset = offset ?? Array(repeating: 0, count: matrix.rows)
        precondition(self.offset.count == matrix.rows, "LinearMap: offset has \(self.offset.count) values for a \(matrix.rows)-dimensional map")
    }

    /// n.
    public var dimension: Int { matrix.rows }

    /// A·x + c in any scalar type.
    @inlinable
    public func step<T: DynamicsScalar>(_ x: [T]) -> [T] {
        matrix.affine(x, offset: offset)
    }

    /// Analytic: A.
    public func jacobian(at x: [Double]) -> Matrix { matrix }

    /// The analytic fixed point (I − A)⁻¹·c.
    ///
    /// - Throws: if I − A is singular (1 is an eigenvalue).
    public func fixedPoint() throws -> [Double] {
        try (Matrix.identity(dimension) - matrix).solve(offset)
    }
}
