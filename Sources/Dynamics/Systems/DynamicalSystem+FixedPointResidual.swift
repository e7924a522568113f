/// The fixed-point equation G(x) = 0 that the time domain implies: G = F − id for a map, G = f for a
/// flow. Slow-point searches and Newton refinement work on G.
extension DynamicalSystem {
    /// G(x): F(x) − x for a map, f(x) for a flow.
    ///
    /// Evaluated through ``BatchKernelSystem/evaluateBatch(_:rows:into:)`` with one row when the
    /// system has batch kernels, so that they (BLAS) serve the refinement's many residuals too.
    ///
    /// - Complexity: one evaluation of the batch kernel or of `step`.
    @inlinable
    public func fixedPointResidual(_ x: [Double]) -> [Double] {
        precondition(x.count == dimension, "fixedPointResidual: the state has \(x.count) values, the system's dimension is \(dimension)")
        var value = [Double](repeating: 0, count: dimension)
        if let batch = self as? any BatchKernelSystem {
            x.withUnsafeBufferPointer { input in
                value.withUnsafeMutableBufferPointer { batch.evaluateBatch(input, rows: 1, into: $0) }
            }
        } else {
            step(x, into: &value)
            precondition(value.count == dimension, "step returned \(value.count) values, the system's dimension is \(dimension)")
        }
        switch Self.timeDomain {
        case .discrete: return zip(value, x).map { $0 - $1 }
        case .continuous: return value
        }
    }

    /// G on every row of `states`: F(x) − x for a map, f(x) for a flow.
    ///
    /// - Parameter states: one state per row, `dimension` columns.
    /// - Complexity: one ``DynamicalSystem/evaluate(_:)`` (one batch kernel call for a
    ///   ``BatchKernelSystem``) plus O(rows · n).
    @inlinable
    public func fixedPointResiduals(_ states: Matrix) -> Matrix {
        var result = evaluate(states)
        if Self.timeDomain == .discrete {
            result.elements.withUnsafeMutableBufferPointer { r in
                states.elements.withUnsafeBufferPointer { x in for k in r.indices { r[k] -= x[k] } }
            }
        }
        return result
    }

    /// ∂G/∂x: J − I for a map, J for a flow.
    ///
    /// - Complexity: one ``DynamicalSystem/jacobian(at:)`` plus O(n).
    @inlinable
    public func fixedPointResidualJacobian(at x: [Double]) -> Matrix {
        var result = jacobian(at: x)
        if Self.timeDomain == .discrete {
            for i in 0..<dimension { result[i, i] -= 1 }
        }
        return result
    }

    /// The per-point slow-point loss q(x) = mean over dimensions of G(x)² (the tutorial's definition:
    /// a mean, not FixedPointFinder's ½·sum).
    ///
    /// - Complexity: one ``fixedPointResidual(_:)``.
    @inlinable
    public func slowPointLoss(at x: [Double]) -> Double {
        let residual = fixedPointResidual(x)
        return residual.reduce(0) { $0 + $1 * $1 } / Double(Swift.max(dimension, 1))
    }
}
