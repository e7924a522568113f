extension Matrix {
    /// Throws unless the matrix is non-empty, square and finite: the common precondition of the
    /// LAPACK wrappers, checked before any C call so that bad input never reaches LAPACK.
    func validateSquareFinite(for operation: String) throws(LinearAlgebraError) {
        guard rows > 0 && columns > 0 else { throw .empty(operation: operation) }
        guard isSquare else { throw .notSquare(operation: operation, rows: rows, columns: columns) }
        guard isFinite else { throw .nonFinite(operation: operation) }
    }
}
