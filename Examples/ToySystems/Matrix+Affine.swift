import Dynamics

extension Matrix {
    /// A·x + c in any scalar type: the rule of the affine toy systems.
    ///
    /// - Complexity: O(rows · columns).
    @inlinable
    func affine<T: DynamicsScalar>(_ x: [T], offset: [Double]) -> [T] {
        elements.withUnsafeBufferPointer { a in
            x.withUnsafeBufferPointer { x in
                (0..<rows).map { i in
                    var sum = T(offset[i])
                    for j in 0..<columns { sum += T(a[i * columns + j]) * x[j] }
                    return sum
                }
            }
        }
    }
}
