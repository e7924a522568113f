import CLapack

extension Matrix {
    /// Solves A·X = B for X by LU with partial pivoting (LAPACK `dgesv`).
    ///
    /// - Parameter rhs: B, with as many rows as A.
    /// - Returns: X, the same shape as B.
    /// - Throws: ``LinearAlgebraError`` if A is empty, not square or not finite, B does not fit, or A is
    ///   exactly singular.
    /// - Complexity: O(n³ + n²·columns(B)).
    public func solve(_ rhs: Matrix) throws(LinearAlgebraError) -> Matrix {
        try validateSquareFinite(for: "linear solve")
        guard rhs.rows == rows else {
            throw .shapeMismatch(operation: "linear solve", detail: "A is \(rows) x \(columns), B has \(rhs.rows) rows")
        }
        guard rhs.isFinite else { throw .nonFinite(operation: "linear solve (right-hand side)") }
        guard rhs.columns > 0 else { return rhs }
        var a = elements
        var b = rhs.elements
        LAPACKSettings.configure()
        var pivots = [Int32](repeating: 0, count: rows)
        let info = LAPACKE_dgesv(
            LAPACK_ROW_MAJOR, Int32(rows), Int32(rhs.columns), &a, Int32(rows), &pivots, &b, Int32(rhs.columns))
        if info > 0 { throw .singular(operation: "linear solve", pivot: Int(info) - 1) }
        guard info == 0 else { throw .lapackFailure(routine: "dgesv", info: Int(info)) }
        return Matrix(rows: rhs.rows, columns: rhs.columns, elements: b)
    }

    /// Solves A·x = b for a vector b, through ``LUFactorization`` (which factors the row-major A in
    /// place as the column-major Aᵀ, so no transposed copies are made).
    ///
    /// - Complexity: O(n³).
    public func solve(_ rhs: [Double]) throws(LinearAlgebraError) -> [Double] {
        try validateSquareFinite(for: "linear solve")
        guard rhs.count == rows else {
            throw .shapeMismatch(operation: "linear solve", detail: "A is \(rows) x \(columns), b has \(rhs.count) entries")
        }
        guard rhs.allSatisfy(\.isFinite) else { throw .nonFinite(operation: "linear solve (right-hand side)") }
        let lu: LUFactorization
        do { lu = try LUFactorization(of: self) } catch {
            if case let .singular(_, pivot) = error { throw .singular(operation: "linear solve", pivot: pivot) }
            throw error
        }
        return try lu.solve(rhs)
    }

    /// Solves A·x = b for a symmetric positive definite A by Cholesky (LAPACK `dpotrf`, `dpotrs`): half
    /// the work of an LU, and the natural solve for normal equations such as Levenberg-Marquardt's
    /// (JᵀJ + λI)·δ = −JᵀG. Only A's upper triangle (row-major) is read.
    ///
    /// - Throws: ``LinearAlgebraError/notPositiveDefinite(operation:minor:)`` when A is not positive
    ///   definite to working precision; the other errors as ``solve(_:)-([Double])``.
    /// - Complexity: O(n³/3 + n²).
    public func solvePositiveDefinite(_ rhs: [Double]) throws(LinearAlgebraError) -> [Double] {
        try validateSquareFinite(for: "Cholesky solve")
        guard rhs.count == rows else {
            throw .shapeMismatch(operation: "Cholesky solve", detail: "A is \(rows) x \(columns), b has \(rhs.count) entries")
        }
        guard rhs.allSatisfy(\.isFinite) else { throw .nonFinite(operation: "Cholesky solve (right-hand side)") }
        LAPACKSettings.configure()
        // Row-major upper = column-major lower of the same memory: factor in LAPACK's native layout.
        var factor = elements
        var x = rhs
        let n = Int32(rows)
        let info = LAPACKE_dpotrf(LAPACK_COL_MAJOR, CChar(UInt8(ascii: "L")), n, &factor, n)
        if info > 0 { throw .notPositiveDefinite(operation: "Cholesky solve", minor: Int(info)) }
        guard info == 0 else { throw .lapackFailure(routine: "dpotrf", info: Int(info)) }
        let solved = LAPACKE_dpotrs(LAPACK_COL_MAJOR, CChar(UInt8(ascii: "L")), n, 1, factor, n, &x, n)
        guard solved == 0 else { throw .lapackFailure(routine: "dpotrs", info: Int(solved)) }
        return x
    }
}
