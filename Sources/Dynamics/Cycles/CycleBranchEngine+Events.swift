import ComplexModule

// Bifurcations of cycles met between two points of a branch: detected, and folds located.
extension CycleBranchEngine {
    /// The parameter at the fold between `z` and the point `step` ahead along `tangent`: the zero of the
    /// tangent's parameter component along the branch, by the shared regula falsi to 1e-12 of the step
    /// (corrections by the chord on `jacobian`, the shooting Jacobian at `z`, where it converges).
    func locateFold(from z: [Double], tangent t: [Double], step: Double, tangentsAtEnds: (Double, Double), jacobian: Matrix? = nil) -> Double? {
        let located = ArclengthLocation.zero(
            step: step, tolerance: 1e-12, start: z,
            pointAt: { s in correct(zip(z, t).map { $0 + s * $1 }, tangent: t, previous: z, previousJacobian: jacobian) },
            value: { point in point == z ? tangentsAtEnds.0 : tangent(at: point, orientedLike: t)?[unknowns - 1] })
        return located?.point[unknowns - 1]
    }

    /// Events between the last of `points` and `next`: a fold where the parameter's tangent component
    /// changes sign, a period doubling where the number of real multipliers below −1 changes, a
    /// Neimark–Sacker point where the number of complex multipliers outside the unit circle changes.
    static func events(between points: [CyclePoint], and next: CyclePoint, tangents: (Double, Double)) -> [CycleBifurcation] {
        let last = points[points.count - 1]
        var found: [CycleBifurcation] = []
        if tangents.0 * tangents.1 < 0 {
            var parameter = Swift.abs(next.parameter - last.parameter) > 0 ? (tangents.0 > 0 ? Swift.max(last.parameter, next.parameter) : Swift.min(last.parameter, next.parameter)) : last.parameter
            if points.count >= 2 {
                // The vertex of the parabola λ(s) through the last three points.
                let (a, b, c) = (points[points.count - 2], last, next)
                let (s0, s1, s2) = (a.arclength, b.arclength, c.arclength)
                let d1 = (b.parameter - a.parameter) / (s1 - s0), d2 = (c.parameter - b.parameter) / (s2 - s1)
                let curvature = (d2 - d1) / (s2 - s0)
                if curvature != 0 {
                    let vertex = (s0 + s1) / 2 - d1 / (2 * curvature)
                    parameter = a.parameter + d1 * (vertex - s0) + curvature * (vertex - s0) * (vertex - s1)
                }
            }
            found.append(CycleBifurcation(kind: .fold, parameter: parameter, point: next))
        }
        // Multipliers within 1e-3 of 1 are left out: beside the trivial one, a multiplier crossing 1 is
        // the fold itself, and two near 1 may round into a false complex pair.
        func hasPartner(_ c: Complex<Double>, in list: [Complex<Double>]) -> Bool {
            list.contains { ($0 - c.conjugate).length <= 1e-8 * Swift.max(1, c.length) }
        }
        func nontrivial(_ p: CyclePoint) -> [Complex<Double>] { p.multipliers.dropFirst().filter { ($0 - Complex(1, 0)).length > 1e-3 } }
        func realBelowMinusOne(_ p: CyclePoint) -> Int { Self.realBelowMinusOne(p.multipliers) }
        // Complex multipliers count in conjugate pairs only (a lone one is the trivial one's partner
        // in rounding, as at a fold where both sit at 1).
        func complexOutside(_ p: CyclePoint) -> Int {
            let candidates = nontrivial(p).filter { abs($0.imaginary) > 1e-9 * Swift.max(1, $0.length) }
            return candidates.filter { c in hasPartner(c, in: candidates) && c.length > 1 }.count
        }
        for (kind, count) in [(BifurcationKind.periodDoubling, realBelowMinusOne), (.neimarkSacker, complexOutside)]
            as [(BifurcationKind, (CyclePoint) -> Int)] where count(last) != count(next) {
            let (g0, g1) = (crossingDistance(kind, last.multipliers), crossingDistance(kind, next.multipliers))
            let w = g0 == g1 ? 0.5 : g0 / (g0 - g1)
            found.append(CycleBifurcation(kind: kind, parameter: last.parameter + Swift.min(1, Swift.max(0, w)) * (next.parameter - last.parameter), point: next))
        }
        return found
    }

    /// ∏(|μ| − 1) over the multipliers that can cross the unit circle in a bifurcation of `kind`:
    /// negative real ones for a period doubling, one of each complex pair for a Neimark–Sacker point,
    /// leaving out those below 1e-6 in modulus (strongly contracting directions, whose sign is
    /// rounding). It changes sign where one of them crosses, whichever (a step can move the crossing
    /// one past others), and where two meet on the real axis inside the circle; 0 when there is none.
    static func crossingDistance(_ kind: BifurcationKind, _ multipliers: [Complex<Double>]) -> Double {
        let candidates = crossingCandidates(kind, multipliers)
        return candidates.isEmpty ? 0 : candidates.reduce(1.0) { $0 * ($1.length - 1) }
    }

    /// The multipliers ``crossingDistance(_:_:)`` multiplies.
    static func crossingCandidates(_ kind: BifurcationKind, _ multipliers: [Complex<Double>]) -> [Complex<Double>] {
        multipliers.dropFirst().filter {
            $0.length > 1e-6 && (kind == .periodDoubling ? $0.real < 0 && abs($0.imaginary) <= 1e-9 * Swift.max(1, $0.length) : $0.imaginary > 1e-9)
        }
    }

    /// The number of nontrivial multipliers outside the unit circle: two multipliers meeting on the real
    /// axis do not change it (they meet at one modulus), crossings do.
    static func outside(_ multipliers: [Complex<Double>]) -> Int {
        multipliers.dropFirst().filter { ($0 - Complex(1, 0)).length > 1e-3 && $0.length > 1 }.count
    }

    /// What locating a period doubling or Neimark–Sacker point found.
    enum CrossingLocation: Equatable {
        /// A multiplier on the unit circle at this parameter.
        case located(Double)
        /// The count changed without a crossing: multipliers met on the real axis (a complex pair
        /// became two real ones, or back) without crossing the unit circle.
        case notACrossing
        /// The corrector or the multipliers failed on the way: keep the estimate.
        case failed
    }

    /// The number of real nontrivial multipliers below −1.
    static func realBelowMinusOne(_ multipliers: [Complex<Double>]) -> Int {
        multipliers.dropFirst().filter { ($0 - Complex(1, 0)).length > 1e-3 && abs($0.imaginary) <= 1e-9 * Swift.max(1, $0.length) && $0.real < -1 }.count
    }

    /// The number of real nontrivial multipliers above 1 (those within 1e-3 of 1 left out).
    static func realAboveOne(_ multipliers: [Complex<Double>]) -> Int {
        multipliers.dropFirst().filter { ($0 - Complex(1, 0)).length > 1e-3 && abs($0.imaginary) <= 1e-9 * Swift.max(1, $0.length) && $0.real > 1 }.count
    }

    /// The parameter of the period doubling or Neimark–Sacker point between `z` and the point `step`
    /// ahead, whose multipliers are `ends` (at z, at the end of the step), or why there is none.
    ///
    /// Counts tell crossings from meetings: a multiplier crossing −1 changes the parity of the number
    /// below −1, two meeting on the negative axis do not; a pair crossing the circle changes the number
    /// of multipliers outside it, two meeting do not. So a period doubling needs an odd change of the
    /// first, a Neimark–Sacker point a change of the second larger than the real multipliers crossing
    /// ±1 explain (one each, seen as a parity change of those beyond ±1). It is located as the zero of
    /// ``crossingDistance(_:_:)`` by the shared regula falsi when that changes sign over the step, and
    /// kept when a multiplier of the kind sits within 1e-3 of the unit circle there (the monodromy of
    /// a strongly unstable cycle gives its small multipliers to about 1e-5); otherwise by bisection on
    /// the count to 1e-3 of the step and, inside that bracket, the regula falsi again or bisection on,
    /// with the same check for a Neimark–Sacker point (the count also changes where a real multiplier
    /// crosses).
    func locateCrossing(_ kind: BifurcationKind, from z: [Double], tangent t: [Double], step: Double,
                        multipliers ends: (start: [Complex<Double>], end: [Complex<Double>]), jacobian: Matrix?) -> CrossingLocation {
        func pointAt(_ s: Double) -> [Double]? { correct(zip(z, t).map { $0 + s * $1 }, tangent: t, previous: z, previousJacobian: jacobian) }
        func multipliers(at point: [Double]) -> [Complex<Double>]? {
            if point == z { return ends.start }
            guard let blocks = try? linearization(at: point).blocks else { return nil }
            return FloquetMultipliers.of(blocks: blocks)
        }
        func onCircle(_ multipliers: [Complex<Double>]) -> Bool {
            Self.crossingCandidates(kind, multipliers).contains { abs($0.length - 1) <= 1e-3 }
        }
        // The count that a crossing changes and a meeting does not.
        let count: ([Complex<Double>]) -> Int = kind == .periodDoubling ? { Self.realBelowMinusOne($0) % 2 } : { Self.outside($0) }
        let startCount = count(ends.start)
        guard startCount != count(ends.end) else { return .notACrossing }
        if kind == .neimarkSacker {
            // Real multipliers crossing ±1 (a parity change of those beyond) explain a change of one each.
            let parityChanged: (([Complex<Double>]) -> Int) -> Bool = { $0(ends.start) % 2 != $0(ends.end) % 2 }
            let realCrossings = (parityChanged(Self.realBelowMinusOne) ? 1 : 0) + (parityChanged(Self.realAboveOne) ? 1 : 0)
            guard abs(count(ends.end) - startCount) > realCrossings else { return .notACrossing }
        }
        let (startDistance, endDistance) = (Self.crossingDistance(kind, ends.start), Self.crossingDistance(kind, ends.end))
        if startDistance != 0 && endDistance != 0 && (startDistance > 0) != (endDistance > 0),
           let located = ArclengthLocation.zero(step: step, tolerance: 1e-12, start: z, pointAt: pointAt, value: { point in
               multipliers(at: point).map { Self.crossingDistance(kind, $0) }
           }),
           let found = multipliers(at: located.point), onCircle(found) {
            return .located(located.point[unknowns - 1])
        }
        // Bisection on the count to 1e-3 of the step, then within that bracket the regula falsi where
        // the product changes sign in it (the meeting is behind), else bisection on to 1e-12.
        func isPast(_ point: [Double]) -> Bool { multipliers(at: point).map { count($0) != startCount } ?? false }
        guard let coarse = ArclengthLocation.first(step: step, tolerance: 1e-3, pointAt: pointAt, where: isPast) else { return .failed }
        let low = Swift.max(0, coarse.arclength - 1e-3 * step), width = coarse.arclength - low
        guard let lowPoint = low == 0 ? z : pointAt(low), let lowMultipliers = multipliers(at: lowPoint), let found = multipliers(at: coarse.point) else { return .failed }
        let (lowDistance, highDistance) = (Self.crossingDistance(kind, lowMultipliers), Self.crossingDistance(kind, found))
        if lowDistance != 0 && highDistance != 0 && (lowDistance > 0) != (highDistance > 0),
           let located = ArclengthLocation.zero(step: width, tolerance: 1e-12 * step / width, start: lowPoint, pointAt: { pointAt(low + $0) }, value: { point in
               multipliers(at: point).map { Self.crossingDistance(kind, $0) }
           }),
           let there = multipliers(at: located.point), onCircle(there) {
            return .located(located.point[unknowns - 1])
        }
        guard let located = ArclengthLocation.first(step: width, tolerance: 1e-12 * step / width, pointAt: { pointAt(low + $0) }, where: isPast),
              let there = multipliers(at: located.point) else { return .failed }
        return kind == .periodDoubling || onCircle(there) ? .located(located.point[unknowns - 1]) : .notACrossing
    }
}
