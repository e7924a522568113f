/// Reusable buffers for ``DynamicalSystem/dualNumberJacobian(at:workspace:)``: the dual input and
/// output of one pass and the Jacobian, sized for one dimension.
///
/// ```swift
/// var workspace = DualJacobianWorkspace(dimension: system.dimension)
/// for x in states {
///     system.dualNumberJacobian(at: x, workspace: &workspace)
///     use(workspace.jacobian)
/// }
/// ```
public struct DualJacobianWorkspace: Sendable {
    /// The seeded dual state of the current pass.
    public var input: [Dual<8>]
    /// The dual output of the current pass.
    public var output: [Dual<8>]
    /// The Jacobian of the last call.
    public var jacobian: Matrix

    /// Buffers for an n-dimensional system.
    ///
    /// - Parameters:
    ///   - n: the dimension.
    ///   - jacobian: whether to allocate the n × n Jacobian (default true); Jacobian-vector products
    ///     (``DynamicalSystem/jacobianProducts(at:directions:workspace:)``) need only the dual buffers.
    /// - Complexity: O(n²) with the Jacobian, O(n) without.
    public init(dimension n: Int, jacobian: Bool = true) {
        input = Array(repeating: Dual<8>(0), count: n)
        output = input
        self.jacobian = jacobian ? Matrix(rows: n, columns: n) : Matrix(rows: 0, columns: 0)
    }
}
