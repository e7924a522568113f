/// Branch-free elementwise kernels for ReLU models' batch overrides.
///
/// A ReLU's activation pattern is close to random, so `x > 0 ? x : 0` compiled as a branch
/// mispredicts about half the time; these forms compile to selects and multiplies instead.
public enum ReLUKernels {
    /// `values[k] ← relu(leak·states[k] + gain·(values[k] + bias[k mod n]))` over `rows × n` elements:
    /// the update of a leaky-integrator ReLU layer after the product `values = states·W`.
    ///
    /// - Parameters:
    ///   - values: the product on input, the layer's output on return.
    ///   - states: the layer's previous state (ignored where `leak` is 0).
    ///   - bias: n values added to every row.
    ///   - leak: 1 − α; gain: α.
    /// - Complexity: O(rows · n), no allocation.
    @inlinable
    public static func leakyUpdate<S: BLASScalar>(
        values: UnsafeMutableBufferPointer<S>, states: UnsafeBufferPointer<S>, bias: UnsafePointer<S>,
        rows: Int, columns n: Int, leak: S, gain: S
    ) {
        let (v, x) = (values.baseAddress!, states.baseAddress!)
        for r in 0..<rows {
            let row = r * n
            for i in 0..<n {
                // max(z, 0) compiles to a select (maxss/maxsd), not a branch.
                v[row + i] = Swift.max(leak * x[row + i] + gain * (v[row + i] + bias[i]), 0)
            }
        }
    }

    /// `masked[k] ← values[k] > 0 ? cotangents[k] : 0`: a cotangent through the ReLU whose outputs
    /// are `values` (relu'(0) = 0).
    ///
    /// - Complexity: O(count), no allocation.
    @inlinable
    public static func mask<S: BLASScalar>(
        _ cotangents: UnsafeBufferPointer<S>, by values: UnsafeBufferPointer<S>, into masked: UnsafeMutableBufferPointer<S>, count: Int
    ) {
        let (u, f, out) = (cotangents.baseAddress!, values.baseAddress!, masked.baseAddress!)
        for k in 0..<count {
            // The pattern as 0 or 1 times the cotangent: a multiply, not a branch. Exact, since
            // cotangents are finite.
            out[k] = u[k] * (f[k] > 0 ? 1 : 0)
        }
    }
}
