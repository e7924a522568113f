/// ‖v‖₂, without overflow or underflow in the squares (scaled by the largest magnitude when that is
/// outside 1e-150...1e150); ∞ or NaN when an entry is.
@usableFromInline
func euclideanNorm(_ v: [Double]) -> Double {
    var largest = 0.0
    for x in v {
        guard x.isFinite else { return x.isNaN ? .nan : .infinity }
        largest = Swift.max(largest, Swift.abs(x))
    }
    if largest == 0 { return 0 }
    if largest > 1e-150 && largest < 1e150 { return v.reduce(0) { $0 + $1 * $1 }.squareRoot() }
    return largest * v.reduce(0) { $0 + ($1 / largest) * ($1 / largest) }.squareRoot()
}

/// ‖a − b‖₂ for finite a and b, without overflow: when a difference or its square leaves the
/// range, the halves' difference is measured instead (a − b itself overflows for a = −b = 1e308).
@usableFromInline
func distance(_ a: [Double], _ b: [Double]) -> Double {
    var sum = 0.0
    for (x, y) in zip(a, b) { sum += (x - y) * (x - y) }
    if sum.isFinite && sum > 1e-290 { return sum.squareRoot() }
    if sum.isNaN { return .nan }
    // Overflowed, or so small that squares may have underflowed (exact copies land here too).
    return sum.isInfinite ? 2 * euclideanNorm(zip(a, b).map { $0 / 2 - $1 / 2 }) : euclideanNorm(zip(a, b).map { $0 - $1 })
}
