import Dynamics

/// The affine flow dx/dt = A·x + c.
///
/// Oracle: when A is invertible the unique fixed point is x* = −A⁻¹·c, the Jacobian is A everywhere,
/// and the closed-form solution is x(t) = x* + e^{tA}·(x₀ − x*).
public struct LinearFlow: ContinuousFlow, Sendable {
    /// The matrix A.
    public var matrix: Matrix
    /// The constant input c.
    public var offset: [Double]

    /// dx/dt = A·x + c.
    ///
    /// - Parameters:
    ///   - matrix: A, square.
    ///   - offset: c; default zero.
    public init(matrix: Matrix, offset: [Double]? = nil) {
        precondition(matrix.isSquare, "LinearFlow: A must be square, got \(matrix.rows) x \(matrix.columns)")
        self.matrix = matrix
        self.offset = offset ?? Array(repeating: 0, count: matrix.rows)
        precondition(self.offset.count == matrix.rows, "LinearFlow: offset has \(self.offset.count) values for a \(matrix.rows)-dimensional flow")
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

    /// The analytic fixed point −A⁻¹·c.
    ///
    /// - Throws: if A is singular.
    public func fixedPoint() throws -> [Double] {
        try matrix.solve(offset.map { -$0 })
    }
}
