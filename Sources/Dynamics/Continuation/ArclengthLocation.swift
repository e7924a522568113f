/// Locating an event between two points of a curve followed by pseudo-arclength continuation: the
/// curve is reached from the earlier point y along its tangent t, y + s·t corrected back onto it, and
/// the event is where a test changes. Branches of fixed points and curves of codimension-one points
/// use the same two rules.
@usableFromInline
enum ArclengthLocation {
    /// The zero in (0, step] of a test `value` that changes sign over the step, by ``RegulaFalsi`` in
    /// arclength: a handful of corrections where bisection needs about 45. `pointAt(s)` is the curve's
    /// point at arclength s (nil where the corrector fails). Nil when the value does not change sign.
    ///
    /// - Parameter tolerance: the bracket's width at which to stop, relative to `step`.
    @usableFromInline
    static func zero(step: Double, tolerance: Double, start: [Double], pointAt: (Double) -> [Double]?, value: ([Double]) -> Double?) -> (point: [Double], arclength: Double)? {
        guard let startValue = value(start), let end = pointAt(step), let endValue = value(end), startValue != 0, endValue != 0,
              (startValue > 0) != (endValue > 0) else { return nil }
        let narrowed = RegulaFalsi.narrow(low: 0, high: step, fLow: startValue, fHigh: endValue, width: tolerance * step) { s -> (value: Double, payload: [Double])? in
            guard let point = pointAt(s) ?? pointAt(s * (1 + 1e-9)), let f = value(point) else { return nil }
            return (f, point)
        }
        return (narrowed.highPayload ?? end, narrowed.high)
    }

    /// The first arclength s in (0, step] at which `isPast` holds, by bisection to `tolerance`·step;
    /// that point and s, or nil when `isPast` does not hold at the end of the step. For tests that only
    /// count (eigenvalues on one side of a boundary).
    @usableFromInline
    static func first(step: Double, tolerance: Double, pointAt: (Double) -> [Double]?, where isPast: ([Double]) -> Bool) -> (point: [Double], arclength: Double)? {
        guard var high = pointAt(step), isPast(high) else { return nil }
        var (lo, hi) = (0.0, step)
        for _ in 0..<200 where hi - lo > tolerance * step {
            // The midpoint, or a point just beside it when the corrector fails there (a singular point
            // can sit exactly at the midpoint).
            var found: (Double, [Double])?
            for fraction in [0.5, 0.499, 0.501] where found == nil {
                let s = lo + fraction * (hi - lo)
                if let point = pointAt(s) { found = (s, point) }
            }
            guard let (mid, point) = found else { break }
            if isPast(point) { (hi, high) = (mid, point) } else { lo = mid }
        }
        return (high, hi)
    }
}
