/// The generic defaults of the derivative entry points, by forward-mode dual numbers.
extension DynamicalSystem {
    /// Default ``DynamicalSystem/jacobian(at:)``.
    @inlinable
    public func jacobian(at x: [Double]) -> Matrix { dualNumberJacobian(at: x) }

    /// The exact Jacobian by chunked forward-mode dual numbers, whatever override the type has.
    ///
    /// Seeds 8 input directions per pass, so it costs ⌈n/8⌉ evaluations of `step` on `Dual<8>`.
    ///
    /// - Parameter x: the state, `dimension` values.
    /// - Complexity: ⌈n/8⌉ · (cost of `step` on `Dual<8>`) + O(n²).
    @inlinable
    public func dualNumberJacobian(at x: [Double]) -> Matrix {
        var workspace = DualJacobianWorkspace(dimension: dimension)
        dualNumberJacobian(at: x, workspace: &workspace)
        return workspace.jacobian
    }

    /// The dual-number Jacobian written into `workspace.jacobian`, reusing the workspace's buffers: with
    /// an in-place ``DynamicalSystem/step(_:into:)`` it allocates nothing.
    ///
    /// - Parameters:
    ///   - x: the state, `dimension` values.
    ///   - workspace: buffers for this system's dimension; reuse one across calls.
    /// - Complexity: ⌈n/8⌉ · (cost of `step` on `Dual<8>`) + O(n²).
    @inlinable
    public func dualNumberJacobian(at x: [Double], workspace: inout DualJacobianWorkspace) {
        let n = dimension
        precondition(x.count == n, "jacobian(at:): the state has \(x.count) values, the system's dimension is \(n)")
        precondition(workspace.input.count == n, "dualNumberJacobian: the workspace is for dimension \(workspace.input.count), the system's is \(n)")
        precondition(workspace.jacobian.rows == n, "dualNumberJacobian: the workspace was made without a Jacobian (jacobian: false)")
        for i in 0..<n { workspace.input[i] = Dual<8>(x[i]) }
        var start = 0
        while start < n {
            let width = Swift.min(8, n - start)
            for k in 0..<width { workspace.input[start + k].partials[k] = 1 }
            step(workspace.input, into: &workspace.output)
            precondition(workspace.output.count == n, "step returned \(workspace.output.count) values, the system's dimension is \(n)")
            workspace.jacobian.elements.withUnsafeMutableBufferPointer { J in
                for i in 0..<n {
                    let partials = workspace.output[i].partials
                    for k in 0..<width { J[i * n + start + k] = partials[k] }
                }
            }
            for k in 0..<width { workspace.input[start + k].partials[k] = 0 }
            start += 8
        }
    }

    /// Default ``DynamicalSystem/step(_:into:)``: `output = step(x)`.
    @inlinable
    public func step<T: DynamicsScalar>(_ x: [T], into output: inout [T]) { output = step(x) }

    /// Default ``DynamicalSystem/jacobianVectorProduct(at:direction:)``.
    @inlinable
    public func jacobianVectorProduct(at x: [Double], direction v: [Double]) -> [Double] {
        dualNumberJacobianVectorProduct(at: x, direction: v)
    }

    /// J(x)·v by one forward pass of `step` on `Dual<1>` seeded with v.
    ///
    /// - Complexity: the cost of one `step` on `Dual<1>`.
    @inlinable
    public func dualNumberJacobianVectorProduct(at x: [Double], direction v: [Double]) -> [Double] {
        let n = dimension
        precondition(x.count == n && v.count == n, "jacobianVectorProduct: state \(x.count) and direction \(v.count) values, dimension \(n)")
        let input = (0..<n).map { i in Dual<1>(value: x[i], partials: [v[i]]) }
        let output = step(input)
        precondition(output.count == n, "step returned \(output.count) values, the system's dimension is \(n)")
        return output.map { $0.partials[0] }
    }

    /// Default ``DynamicalSystem/vectorJacobianProduct(at:cotangent:)``.
    @inlinable
    public func vectorJacobianProduct(at x: [Double], cotangent u: [Double]) -> [Double] {
        reverseModeVectorJacobianProduct(at: x, cotangent: u)
    }

    /// uᵀ·J(x) by reverse mode: one pass of `step` recorded on a fresh ``ReverseModeTape``, one
    /// backward sweep. Pass a tape of your own (``reverseModeVectorJacobianProduct(at:cotangent:tape:)``)
    /// to reuse its buffers across calls.
    ///
    /// - Complexity: O(cost of `step`) time and tape memory (24 bytes per recorded operation).
    @inlinable
    public func reverseModeVectorJacobianProduct(at x: [Double], cotangent u: [Double]) -> [Double] {
        reverseModeVectorJacobianProduct(at: x, cotangent: u, tape: ReverseModeTape())
    }

    /// ``reverseModeVectorJacobianProduct(at:cotangent:)`` on a caller-owned tape, which allocates
    /// nothing once it has grown to the size of one pass.
    ///
    /// - Parameters:
    ///   - x: the state, `dimension` values.
    ///   - u: the cotangent, `dimension` values.
    ///   - tape: cleared and reused.
    /// - Complexity: O(cost of `step`).
    @inlinable
    public func reverseModeVectorJacobianProduct(at x: [Double], cotangent u: [Double], tape: ReverseModeTape) -> [Double] {
        let n = dimension
        precondition(x.count == n && u.count == n, "vectorJacobianProduct: state \(x.count) and cotangent \(u.count) values, dimension \(n)")
        let outputs = step(tape.variables(x))
        precondition(outputs.count == n, "step returned \(outputs.count) values, the system's dimension is \(n)")
        var product = [Double](repeating: 0, count: n)
        tape.pullback(outputs: outputs, cotangent: u, inputCount: n, into: &product)
        return product
    }

    /// uᵀ·J(x) from the full dual-number Jacobian of `step`: an independent check of the reverse-mode
    /// product. It never uses an overridden ``jacobian(at:)``, so it checks `step`, not the override.
    ///
    /// - Complexity: that of ``dualNumberJacobian(at:)`` plus O(n²).
    @inlinable
    public func dualNumberVectorJacobianProduct(at x: [Double], cotangent u: [Double]) -> [Double] {
        precondition(u.count == dimension, "vectorJacobianProduct: cotangent has \(u.count) values, dimension \(dimension)")
        return u * dualNumberJacobian(at: x)
    }
}
