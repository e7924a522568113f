import Dynamics

/// The affine map x' = A·x + c.
///
/// Oracle: when 1 is not an eigenvalue of A the unique fixed point is x* = (I − A)⁻¹·c and the
/// Jacobian everywhere is A, so the stability spectrum is A's spectrum. Build A with
/// ``RandomMatrices/withSpectrum(_:using:)`` to prescribe it.
public struct LinearMap: DiscreteMap, AffineSystem, Sendable {
    /// A.
    public let matrix: Matrix
    /// The constant input c.
    public let offset: [Double]

    /// x' = A·x + c.
    ///
    /// - Parameters:
    ///   - matrix: A, square.
    ///   - offset: c; default zero, making the origin the fixed point.
    public init(matrix: Matrix, offset: [Double]? = nil) {
        self.offset = Self.checkedOffset(offset, for: matrix)
        self.matrix = matrix
    }

    /// The analytic fixed point (I − A)⁻¹·c.
    ///
    /// - Throws: if I − A is singular (1 is an eigenvalue).
    public func fixedPoint() throws -> [Double] {
        try (Matrix.identity(dimension) - matrix).solve(offset)
    }
}
