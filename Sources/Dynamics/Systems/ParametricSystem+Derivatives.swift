/// Exact derivatives with respect to the state and the parameters, by dual numbers.
extension ParametricSystem {
    /// ∂F/∂p (∂f/∂p for a flow) at `x`, `parameters`: an n × m matrix, the last m columns of
    /// ``ParametricSystem/jointJacobian(at:parameters:)`` (an override, if any).
    ///
    /// - Complexity: one joint Jacobian.
    @inlinable
    public func parameterJacobian(at x: [Double], parameters: [Double]) -> Matrix {
        let (n, m) = (dimension, parameterCount)
        let joint = jointJacobian(at: x, parameters: parameters)
        var result = Matrix(rows: n, columns: m)
        for i in 0..<n { for k in 0..<m { result[i, k] = joint[i, n + k] } }
        return result
    }

    /// Default ``ParametricSystem/jointJacobian(at:parameters:)``.
    @inlinable
    public func jointJacobian(at x: [Double], parameters: [Double]) -> Matrix { dualNumberJointJacobian(at: x, parameters: parameters) }

    /// [∂F/∂x | ∂F/∂p] from one chunked dual pass over all n + m inputs, whatever override the type has.
    ///
    /// - Complexity: ⌈(n + m)/8⌉ passes of `step` on `Dual<8>`.
    @inlinable
    public func dualNumberJointJacobian(at x: [Double], parameters: [Double]) -> Matrix {
        dualNumberJointJacobian(at: x, parameters: parameters, columns: 0..<(dimension + parameterCount))
    }

    /// The columns `columns` of [∂F/∂x | ∂F/∂p], seeded eight at a time.
    @inlinable
    func dualNumberJointJacobian(at x: [Double], parameters: [Double], columns: Range<Int>) -> Matrix {
        let (n, m) = (dimension, parameterCount)
        precondition(x.count == n && parameters.count == m, "jacobian: state \(x.count) (dimension \(n)), parameters \(parameters.count) (count \(m))")
        var result = Matrix(rows: n, columns: columns.count)
        var state = x.map { Dual<8>($0) }
        var params = parameters.map { Dual<8>($0) }
        var start = columns.lowerBound
        while start < columns.upperBound {
            let width = Swift.min(8, columns.upperBound - start)
            func seed(_ value: Double) {
                for k in 0..<width {
                    let column = start + k
                    if column < n { state[column].partials[k] = value } else { params[column - n].partials[k] = value }
                }
            }
            seed(1)
            let output = step(state, parameters: params)
            precondition(output.count == n, "step returned \(output.count) values, the system's dimension is \(n)")
            for i in 0..<n { for k in 0..<width { result[i, start - columns.lowerBound + k] = output[i].partials[k] } }
            seed(0)
            start += 8
        }
        return result
    }
}
