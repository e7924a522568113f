/// The batched entry points: through the ``BatchKernelSystem`` kernels when the system has them
/// (detected on each call), row by row otherwise.
extension DynamicalSystem {
    /// `step` on every row of `states` (one state per row); the result has the same shape.
    ///
    /// - Parameter states: one state per row, `dimension` columns.
    /// - Complexity: one batch kernel call for a ``BatchKernelSystem``, else rows · (cost of `step`).
    @inlinable
    public func evaluate(_ states: Matrix) -> Matrix {
        precondition(states.columns == dimension, "evaluate: states have \(states.columns) columns, the system's dimension is \(dimension)")
        guard let batch = self as? any BatchKernelSystem else { return rowByRowEvaluation(states) }
        var result = Matrix(rows: states.rows, columns: dimension)
        states.elements.withUnsafeBufferPointer { x in
            result.elements.withUnsafeMutableBufferPointer { batch.evaluateBatch(x, rows: states.rows, into: $0) }
        }
        return result
    }

    /// `step` on each row of `states` in `Double`, whatever kernels the type has.
    ///
    /// - Parameter states: one state per row, `dimension` columns.
    /// - Complexity: rows · (cost of `step`).
    @inlinable
    public func rowByRowEvaluation(_ states: Matrix) -> Matrix {
        let n = dimension
        precondition(states.columns == n, "evaluate: states have \(states.columns) columns, the system's dimension is \(n)")
        var result = Matrix(rows: states.rows, columns: n)
        var output = [Double](repeating: 0, count: n)
        for r in 0..<states.rows {
            step(states.row(r), into: &output)
            precondition(output.count == n, "step returned \(output.count) values, the system's dimension is \(n)")
            result.elements.withUnsafeMutableBufferPointer { elements in for j in 0..<n { elements[r * n + j] = output[j] } }
        }
        return result
    }

    /// Row k of the result is uₖᵀ·J(xₖ), with xₖ row k of `states` and uₖ row k of `cotangents`.
    ///
    /// - Complexity: one evaluation and one vector-Jacobian kernel call for a ``BatchKernelSystem``,
    ///   else rows · (cost of one ``DynamicalSystem/vectorJacobianProduct(at:cotangent:)``).
    @inlinable
    public func vectorJacobianProducts(at states: Matrix, cotangents: Matrix) -> Matrix {
        let n = dimension
        precondition(
            states.columns == n && cotangents.columns == n && states.rows == cotangents.rows,
            "vectorJacobianProducts: states \(states.rows) x \(states.columns), cotangents \(cotangents.rows) x \(cotangents.columns), dimension \(n)")
        guard let batch = self as? any BatchKernelSystem else { return rowByRowVectorJacobianProducts(at: states, cotangents: cotangents) }
        let values = evaluate(states)
        var result = Matrix(rows: states.rows, columns: n)
        states.elements.withUnsafeBufferPointer { x in
            values.elements.withUnsafeBufferPointer { f in
                cotangents.elements.withUnsafeBufferPointer { u in
                    result.elements.withUnsafeMutableBufferPointer {
                        batch.vectorJacobianProductsBatch(states: x, values: f, cotangents: u, rows: states.rows, into: $0)
                    }
                }
            }
        }
        return result
    }

    /// ``DynamicalSystem/vectorJacobianProduct(at:cotangent:)`` on each row pair, whatever kernels
    /// the type has.
    ///
    /// - Complexity: rows · (cost of one vector-Jacobian product).
    @inlinable
    public func rowByRowVectorJacobianProducts(at states: Matrix, cotangents: Matrix) -> Matrix {
        let n = dimension
        precondition(
            states.columns == n && cotangents.columns == n && states.rows == cotangents.rows,
            "vectorJacobianProducts: states \(states.rows) x \(states.columns), cotangents \(cotangents.rows) x \(cotangents.columns), dimension \(n)")
        var result = Matrix(rows: states.rows, columns: n)
        for r in 0..<states.rows {
            let product = vectorJacobianProduct(at: states.row(r), cotangent: cotangents.row(r))
            result.elements.withUnsafeMutableBufferPointer { elements in for j in 0..<n { elements[r * n + j] = product[j] } }
        }
        return result
    }
}
