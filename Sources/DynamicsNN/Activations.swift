import Dynamics

/// The logistic sigmoid σ(x) = 1/(1 + e^{−x}), evaluated so that neither branch overflows
/// (e^{x}/(1 + e^{x}) for x < 0): its derivative σ·(1 − σ) stays finite, 0 when saturated.
///
/// - Complexity: O(1); O(N) for ``Dual``.
@inlinable
public func sigmoid<T: DynamicsScalar>(_ x: T) -> T {
    if x >= 0 { return 1 / (1 + T.exp(-x)) }
    let e = T.exp(x)
    return e / (1 + e)
}

/// `rows` entries of W·x + b, starting at row `first` of W (PyTorch's stacked gate layout): the
/// generic affine building block of the cells.
///
/// - Parameters:
///   - weights: W, row-major, `columns == x.count`.
///   - bias: b (at least `first + rows` entries), or nil for none.
/// - Complexity: O(rows · x.count).
@inlinable
func affine<T: DynamicsScalar>(_ weights: Matrix, rows first: Int, count rows: Int, _ x: [T], bias: [Double]?) -> [T] {
    let columns = weights.columns
    var result = [T]()
    result.reserveCapacity(rows)
    weights.elements.withUnsafeBufferPointer { w in
        for i in first..<(first + rows) {
            var sum = bias.map { T($0[i]) } ?? T(0)
            for j in 0..<columns { sum += T(w[i * columns + j]) * x[j] }
            result.append(sum)
        }
    }
    return result
}
