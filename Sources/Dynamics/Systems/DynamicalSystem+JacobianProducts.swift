/// The tangent primitive: push a block of directions forward through `step` at once.
extension DynamicalSystem {
    /// J(x)·vₖ for every row vₖ of `directions`, eight directions per pass of `step` on `Dual<8>`.
    ///
    /// One pass with eight tangents costs about three plain `step`s on a dense model, so a block of
    /// directions is several times cheaper per direction than ``jacobianVectorProduct(at:direction:)``
    /// one at a time: matrix-free Newton, Krylov eigenvalues and Lyapunov spectra are built on it.
    ///
    /// - Parameters:
    ///   - x: the state, `dimension` values.
    ///   - directions: k × n, one direction per row.
    ///   - workspace: dual buffers for this dimension; reuse one across calls.
    /// - Returns: k × n, row k is J(x)·vₖ.
    /// - Complexity: ⌈k/8⌉ · (cost of `step` on `Dual<8>`) + O(k·n).
    @inlinable
    public func jacobianProducts(at x: [Double], directions: Matrix, workspace: inout DualJacobianWorkspace) -> Matrix {
        let n = dimension
        precondition(x.count == n && directions.columns == n, "jacobianProducts: state \(x.count) and directions of \(directions.columns) values, dimension \(n)")
        precondition(workspace.input.count == n, "jacobianProducts: the workspace is for dimension \(workspace.input.count), the system's is \(n)")
        let k = directions.rows
        var result = Matrix(rows: k, columns: n)
        var start = 0
        while start < k {
            let width = Swift.min(8, k - start)
            directions.elements.withUnsafeBufferPointer { v in
                for i in 0..<n {
                    var partials = InlineArray<8, Double>(repeating: 0)
                    for c in 0..<width { partials[c] = v[(start + c) * n + i] }
                    workspace.input[i] = Dual<8>(value: x[i], partials: partials)
                }
            }
            step(workspace.input, into: &workspace.output)
            precondition(workspace.output.count == n, "step returned \(workspace.output.count) values, the system's dimension is \(n)")
            result.elements.withUnsafeMutableBufferPointer { r in
                for i in 0..<n {
                    let partials = workspace.output[i].partials
                    for c in 0..<width { r[(start + c) * n + i] = partials[c] }
                }
            }
            start += 8
        }
        return result
    }

    /// ``jacobianProducts(at:directions:workspace:)`` with a fresh workspace.
    ///
    /// - Complexity: ⌈k/8⌉ · (cost of `step` on `Dual<8>`) + O(k·n).
    @inlinable
    public func jacobianProducts(at x: [Double], directions: Matrix) -> Matrix {
        var workspace = DualJacobianWorkspace(dimension: dimension, jacobian: false)
        return jacobianProducts(at: x, directions: directions, workspace: &workspace)
    }
}
