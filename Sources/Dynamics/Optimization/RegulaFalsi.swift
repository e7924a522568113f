/// Zeros of a scalar function inside a bracket by the Illinois variant of regula falsi: the one
/// bracketing root finder of the package (events on a trajectory's dense output, events along
/// continued branches and curves).
@usableFromInline
enum RegulaFalsi {
    /// Narrows the bracket [low, high], over which f changes sign (`fLow` and `fHigh` nonzero, of
    /// opposite signs), onto a zero of f. Each trial is the zero of the secant through the ends (the
    /// midpoint when rounding puts it outside the open bracket) and replaces the end whose value has its
    /// sign; when the same end is replaced twice in a row, the other end's value is halved (Illinois),
    /// which keeps convergence superlinear where plain regula falsi would keep one end for ever.
    ///
    /// - Parameters:
    ///   - width: stop once high − low ≤ width.
    ///   - evaluate: f at a trial and the point the caller keeps there (a state, a point of a curve);
    ///     nil (f not finite, no point there) ends the search with the bracket reached.
    /// - Returns: the end `high` (on the side `fHigh` was on) with its payload (nil while it is the
    ///   initial end), and the last trial evaluated; an exact zero ends the search as both.
    /// - Complexity: at most 100 evaluations; a handful for a smooth f, where bisection needs about 45
    ///   to narrow a bracket by 1e-13.
    @usableFromInline
    static func narrow(
        low: Double, high: Double, fLow: Double, fHigh: Double, width: Double,
        evaluate: (Double) -> (value: Double, payload: [Double])?
    ) -> (high: Double, highPayload: [Double]?, last: (at: Double, payload: [Double])?) {
        var (lo, hi, fLo, fHi) = (low, high, fLow, fHigh)
        var highPayload: [Double]?
        var last: (at: Double, payload: [Double])?
        var side = 0
        for _ in 0..<100 where hi - lo > width {
            var t = hi - fHi * (hi - lo) / (fHi - fLo)
            if !(t > lo && t < hi) { t = (lo + hi) / 2 }
            guard let (f, payload) = evaluate(t) else { break }
            last = (t, payload)
            if f == 0 { return (t, payload, last) }
            if (f > 0) == (fHi > 0) {
                (hi, fHi, highPayload) = (t, f, payload)
                if side == 1 { fLo /= 2 }
                side = 1
            } else {
                (lo, fLo) = (t, f)
                if side == -1 { fHi /= 2 }
                side = -1
            }
        }
        return (hi, highPayload, last)
    }
}
