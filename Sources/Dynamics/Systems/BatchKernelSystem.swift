/// A system that implements the raw-buffer batch kernels
/// (``DynamicalSystem/evaluateBatch(_:rows:into:)`` and
/// ``DynamicalSystem/vectorJacobianProductsBatch(states:values:cotangents:rows:into:)``) and wants
/// every `Matrix` entry point served by them.
///
/// Conform in addition to ``DiscreteMap`` or ``ContinuousFlow``; the defaults below then replace the
/// row-by-row ones, so a model writes its batched math once, generic over `Float` and `Double`.
public protocol BatchKernelSystem: DynamicalSystem {}

extension BatchKernelSystem {
    /// ``DynamicalSystem/evaluate(_:)`` through the batch kernel.
    @inlinable
    public func evaluate(_ states: Matrix) -> Matrix {
        precondition(states.columns == dimension, "evaluate: states have \(states.columns) columns, the system's dimension is \(dimension)")
        var result = Matrix(rows: states.rows, columns: dimension)
        states.elements.withUnsafeBufferPointer { x in
            result.elements.withUnsafeMutableBufferPointer { evaluateBatch(x, rows: states.rows, into: $0) }
        }
        return result
    }

    /// ``DynamicalSystem/vectorJacobianProducts(at:cotangents:)`` through the batch kernels.
    @inlinable
    public func vectorJacobianProducts(at states: Matrix, cotangents: Matrix) -> Matrix {
        vectorJacobianProducts(at: states, values: evaluate(states), cotangents: cotangents)
    }

    /// ``DynamicalSystem/vectorJacobianProducts(at:values:cotangents:)`` through the batch kernel.
    @inlinable
    public func vectorJacobianProducts(at states: Matrix, values: Matrix, cotangents: Matrix) -> Matrix {
        precondition(
            states.columns == dimension && values.columns == dimension && cotangents.columns == dimension
                && states.rows == values.rows && states.rows == cotangents.rows,
            "vectorJacobianProducts: states \(states.rows) x \(states.columns), values \(values.rows) x \(values.columns), cotangents \(cotangents.rows) x \(cotangents.columns), dimension \(dimension)")
        var result = Matrix(rows: states.rows, columns: dimension)
        states.elements.withUnsafeBufferPointer { x in
            values.elements.withUnsafeBufferPointer { f in
                cotangents.elements.withUnsafeBufferPointer { u in
                    result.elements.withUnsafeMutableBufferPointer {
                        vectorJacobianProductsBatch(states: x, values: f, cotangents: u, rows: states.rows, into: $0)
                    }
                }
            }
        }
        return result
    }

    /// ``DynamicalSystem/vectorJacobianProduct(at:cotangent:)`` through the batch kernels (one row).
    @inlinable
    public func vectorJacobianProduct(at x: [Double], cotangent u: [Double]) -> [Double] {
        vectorJacobianProducts(at: Matrix(rows: 1, columns: dimension, elements: x), cotangents: Matrix(rows: 1, columns: dimension, elements: u)).elements
    }
}
