import Dynamics

/// Values held in double and in single precision, so that a batched kernel in either precision reads
/// them without converting on every call: the cells' recurrent weights and input drives.
@usableFromInline
struct TwoPrecisionValues: Sendable {
    /// The values (sharing the caller's storage).
    @usableFromInline let double: [Double]
    /// The same, rounded to `Float` once.
    @usableFromInline let single: [Float]

    /// Keeps `values` and their single-precision rounding.
    ///
    /// - Complexity: O(values.count).
    @usableFromInline
    init(_ values: [Double]) {
        double = values
        single = values.map(Float.init)
    }

    /// `body` on the values in precision S, one of the two BLAS scalars.
    @inlinable
    func withValues<S: BLASScalar, R>(as: S.Type, _ body: (UnsafePointer<S>) -> R) -> R {
        if S.self == Float.self {
            return single.withUnsafeBufferPointer { body(UnsafeRawPointer($0.baseAddress!).assumingMemoryBound(to: S.self)) }
        }
        precondition(S.self == Double.self, "TwoPrecisionValues: \(S.self) is neither Float nor Double")
        return double.withUnsafeBufferPointer { body(UnsafeRawPointer($0.baseAddress!).assumingMemoryBound(to: S.self)) }
    }
}
