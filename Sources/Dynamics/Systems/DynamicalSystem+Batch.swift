/// The generic defaults of the batched entry points: row by row.
extension DynamicalSystem {
    /// Default ``DynamicalSystem/evaluate(_:)``.
    @inlinable
    public func evaluate(_ states: Matrix) -> Matrix { rowByRowEvaluation(states) }

    /// `step` on each row of `states` in `Double`, whatever override the type has.
    ///
    /// - Parameter states: one state per row, `dimension` columns.
    /// - Complexity: rows · (cost of `step`).
    @inlinable
    public func rowByRowEvaluation(_ states: Matrix) -> Matrix {
        let n = dimension
        precondition(states.columns == n, "evaluate: states have \(states.columns) columns, the system's dimension is \(n)")
        var result = Matrix(rows: states.rows, columns: n)
        for r in 0..<states.rows {
            let output = step(states.row(r))
            precondition(output.count == n, "step returned \(output.count) values, the system's dimension is \(n)")
            result.elements.replaceSubrange((r * n)..<((r + 1) * n), with: output)
        }
        return result
    }

    /// Default ``DynamicalSystem/vectorJacobianProducts(at:cotangents:)``.
    @inlinable
    public func vectorJacobianProducts(at states: Matrix, cotangents: Matrix) -> Matrix {
        rowByRowVectorJacobianProducts(at: states, cotangents: cotangents)
    }

    /// ``DynamicalSystem/vectorJacobianProduct(at:cotangent:)`` on each row pair.
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
            result.elements.replaceSubrange((r * n)..<((r + 1) * n), with: product)
        }
        return result
    }

    /// Default ``DynamicalSystem/vectorJacobianProducts(at:values:cotangents:)``: the values are not
    /// needed.
    @inlinable
    public func vectorJacobianProducts(at states: Matrix, values: Matrix, cotangents: Matrix) -> Matrix {
        vectorJacobianProducts(at: states, cotangents: cotangents)
    }

    /// Default ``DynamicalSystem/evaluateBatch(_:rows:into:)``: through ``DynamicalSystem/evaluate(_:)``.
    @inlinable
    public func evaluateBatch<S: BLASScalar>(_ states: UnsafeBufferPointer<S>, rows: Int, into values: UnsafeMutableBufferPointer<S>) {
        let result = evaluate(Matrix(rows: rows, columns: dimension, elements: states.prefix(rows * dimension).map(\.primalValue)))
        for k in 0..<(rows * dimension) { values[k] = S(result.elements[k]) }
    }

    /// Default ``DynamicalSystem/vectorJacobianProductsBatch(states:values:cotangents:rows:into:)``:
    /// through ``DynamicalSystem/vectorJacobianProducts(at:values:cotangents:)``.
    @inlinable
    public func vectorJacobianProductsBatch<S: BLASScalar>(
        states: UnsafeBufferPointer<S>, values: UnsafeBufferPointer<S>, cotangents: UnsafeBufferPointer<S>,
        rows: Int, into products: UnsafeMutableBufferPointer<S>
    ) {
        let n = dimension
        func matrix(_ buffer: UnsafeBufferPointer<S>) -> Matrix {
            Matrix(rows: rows, columns: n, elements: buffer.prefix(rows * n).map(\.primalValue))
        }
        let result = vectorJacobianProducts(at: matrix(states), values: matrix(values), cotangents: matrix(cotangents))
        for k in 0..<(rows * n) { products[k] = S(result.elements[k]) }
    }
}
