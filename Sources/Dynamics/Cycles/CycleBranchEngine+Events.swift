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
        func realBelowMinusOne(_ p: CyclePoint) -> Int { nontrivial(p).filter { abs($0.imaginary) <= 1e-9 * Swift.max(1, $0.length) && $0.real < -1 }.count }
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
    /// negative real ones for a period doubling, one of each complex pair for a Neimark–Sacker point. It
    /// changes sign exactly where one of them crosses, whichever (a step can move the crossing one past
    /// others); 0 when there is none.
    static func crossingDistance(_ kind: BifurcationKind, _ multipliers: [Complex<Double>]) -> Double {
        let candidates = multipliers.dropFirst().filter { kind == .periodDoubling ? $0.real < 0 && abs($0.imaginary) <= 1e-9 * Swift.max(1, $0.length) : $0.imaginary > 1e-9 }
        return candidates.isEmpty ? 0 : candidates.reduce(1.0) { $0 * ($1.length - 1) }
    }

    /// The parameter of the period doubling or Neimark–Sacker point between `z` and the point `step`
    /// ahead: the zero of ``crossingDistance(_:_:)`` along the branch by the shared regula falsi, each
    /// trial point's multipliers from its shooting blocks.
    func locateCrossing(_ kind: BifurcationKind, from z: [Double], tangent t: [Double], step: Double, startMultipliers: [Complex<Double>], jacobian: Matrix?) -> Double? {
        let located = ArclengthLocation.zero(
            step: step, tolerance: 1e-12, start: z,
            pointAt: { s in correct(zip(z, t).map { $0 + s * $1 }, tangent: t, previous: z, previousJacobian: jacobian) },
            value: { point in
                if point == z { return Self.crossingDistance(kind, startMultipliers) }
                guard let blocks = try? linearization(at: point).blocks, let multipliers = FloquetMultipliers.of(blocks: blocks) else { return nil }
                return Self.crossingDistance(kind, multipliers)
            })
        // The product also changes sign where its set of candidates changes (a complex pair meeting the
        // negative real axis): a zero counts only if a candidate sits on the unit circle there.
        guard let located, let blocks = try? linearization(at: located.point).blocks, let multipliers = FloquetMultipliers.of(blocks: blocks) else { return nil }
        let candidates = multipliers.dropFirst().filter { kind == .periodDoubling ? $0.real < 0 && abs($0.imaginary) <= 1e-9 * Swift.max(1, $0.length) : $0.imaginary > 1e-9 }
        guard candidates.contains(where: { abs($0.length - 1) <= 1e-6 }) else { return nil }
        return located.point[unknowns - 1]
    }
}
