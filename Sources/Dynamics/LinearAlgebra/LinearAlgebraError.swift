/// What can go wrong in a decomposition or a solve, with a message that says what to do.
public enum LinearAlgebraError: Error, Equatable, CustomStringConvertible {
    /// The operation needs a square matrix.
    case notSquare(operation: String, rows: Int, columns: Int)
    /// The operands' shapes do not fit together.
    case shapeMismatch(operation: String, detail: String)
    /// The input holds NaN or ±∞.
    case nonFinite(operation: String)
    /// The matrix is empty.
    case empty(operation: String)
    /// The matrix of a linear solve is exactly singular.
    case singular(operation: String, pivot: Int)
    /// The matrix of a Cholesky solve is not positive definite (its leading minor of this order is not).
    case notPositiveDefinite(operation: String, minor: Int)
    /// A LAPACK routine returned a non-zero `info`.
    case lapackFailure(routine: String, info: Int)
    /// An argument out of its domain (a state of the wrong length, a count or tolerance out of range).
    case invalidArguments(InvalidArgument)

    /// A readable explanation with a suggested fix.
    public var description: String {
        switch self {
        case let .notSquare(operation, rows, columns):
            return "\(operation) needs a square matrix, got \(rows) x \(columns)"
        case let .shapeMismatch(operation, detail):
            return "\(operation): shapes do not fit (\(detail))"
        case let .nonFinite(operation):
            return "\(operation): the matrix holds NaN or infinite entries; check the state or model that produced it"
        case let .empty(operation):
            return "\(operation): the matrix is empty"
        case let .singular(operation, pivot):
            return "\(operation): the matrix is singular (zero pivot at row \(pivot)); the system has no unique solution"
        case let .notPositiveDefinite(operation, minor):
            return "\(operation): the matrix is not positive definite (leading minor of order \(minor)); use a general solve"
        case let .lapackFailure(routine, info):
            if info < 0 {
                return "LAPACK \(routine) rejected argument \(-info) (info = \(info)); this is a bug in swift-dynamics, please report it"
            }
            return "LAPACK \(routine) did not converge (info = \(info)); the matrix may be badly scaled or nearly defective"
        case let .invalidArguments(problem):
            return problem.description
        }
    }
}
