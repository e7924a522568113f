#if arch(x86_64)
import _Builtin_intrinsics.intel
#endif

extension SIMD8 where Scalar: BLASScalar {
    /// The lanewise IEEE square root as packed hardware instructions (`sqrtps` / `sqrtpd`), correctly
    /// rounded like `squareRoot()`.
    ///
    /// On Linux, `squareRoot()` inlines C's `sqrtf`/`sqrt` with errno semantics: a scalar `sqrtss` per
    /// lane behind a branch to libm for negative inputs, which the compiler cannot vectorize. In Adam's
    /// update that alone cost as much as the two matrix products of a slow-point search step. The SSE
    /// intrinsics come from the toolchain's own clang module (no C in this package); other
    /// architectures fall back to `squareRoot()`.
    ///
    /// - Complexity: O(1): two `sqrtps` (Float) or four `sqrtpd` (Double) on x86-64.
    @inlinable @inline(__always)
    public func hardwareSquareRoot() -> SIMD8<Scalar> {
        #if arch(x86_64)
        if Scalar.self == Float.self {
            let x = unsafeBitCast(self, to: SIMD8<Float>.self)
            let root = SIMD8<Float>(lowHalf: _mm_sqrt_ps(x.lowHalf), highHalf: _mm_sqrt_ps(x.highHalf))
            return unsafeBitCast(root, to: SIMD8<Scalar>.self)
        }
        if Scalar.self == Double.self {
            let x = unsafeBitCast(self, to: SIMD8<Double>.self)
            let low = SIMD4<Double>(lowHalf: _mm_sqrt_pd(x.lowHalf.lowHalf), highHalf: _mm_sqrt_pd(x.lowHalf.highHalf))
            let high = SIMD4<Double>(lowHalf: _mm_sqrt_pd(x.highHalf.lowHalf), highHalf: _mm_sqrt_pd(x.highHalf.highHalf))
            return unsafeBitCast(SIMD8<Double>(lowHalf: low, highHalf: high), to: SIMD8<Scalar>.self)
        }
        #endif
        return squareRoot()
    }
}
