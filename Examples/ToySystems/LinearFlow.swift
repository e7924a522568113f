import Dynamics

/// The affine flow dx/dt = A·x + c.
///
/// Oracle: when A is invertible the unique fixed point is x* = −A⁻¹·c, the Jacobian is A everywhere,
/// and the closed-form solution is x(t) = x* + e^{tA}·(x₀ − x*).
public struct LinearFlow: ContinuousFlow, AffineSystem, Sendable {
    /// A.
    public let matrix: Matrix
    /// The constant input c.
    public let offset: [Double]

    /// dx/dt = A·x + c.
    ///
    /// - Parameters:
    ///   - matrix: A, square.
    ///   - offset: c; default zero.
    public init(matrix: Matrix, offset: [Double]? = nil) {
        self.offset = Self.checkedOffset(offset, for: matrix)
        self.matrix = matrix
    }

    /// The analytic fixed point −A⁻¹·c.
    ///
    /// - Throws: if A is singular.
    public func fixedPoint() throws -> [Double] {
        try matrix.solve(offset.map { -$0 })
    }
}
