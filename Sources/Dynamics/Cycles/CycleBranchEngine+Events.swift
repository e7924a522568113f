import ComplexModule

// Bifurcations of cycles met between two points of a branch: detected, and folds located.
extension CycleBranchEngine {
    /// The parameter at the fold between `z` and the point `step` ahead along `tangent`: the zero of the
    /// tangent's parameter component along the branch, by the shared regula falsi to 1e-12 of the step
    /// (corrections by the chord on `jacobian`, the shooting Jacobian at `z`, where it converges).
    func locateFold(from z: [Double], tangent t: [Double], step: Double, tangentsAtEnds: (Double, Double), jacobian: Matrix? = nil) -> Double? {
        let located = ArclengthLocation.zero(
            step: step, tolerance: 1e-12, start: z,
            pointAt: pointsAlongStep(from: z, tangent: t, jacobian: jacobian),
            value: { point in point == z ? tangentsAtEnds.0 : tangent(at: point, orientedLike: t)?[unknowns - 1] })
        return located?.point[unknowns - 1]
    }

    /// The branch's point at arclength s ahead of `z` along `t` (nil where the corrector fails), for
    /// locating an event: each correction starts from the nearest point corrected so far, moved along
    /// t to the hyperplane at s. Locating narrows a bracket, so its later corrections start a rounding
    /// error from their answer instead of a predictor's error, and take one or two iterations.
    func pointsAlongStep(from z: [Double], tangent t: [Double], jacobian: Matrix?) -> (Double) -> [Double]? {
        var corrected: [(arclength: Double, point: [Double])] = [(0, z)]
        return { s in
            let nearest = corrected.min { abs($0.arclength - s) < abs($1.arclength - s) }!
            let start = zip(nearest.point, t).map { $0 + (s - nearest.arclength) * $1 }
            // The hyperplane is the one through z + s·t: ⟨t, start − z − s·t⟩ = 0 holds for start.
            guard let point = correct(start, tangent: t, previous: z, previousJacobian: jacobian, hyperplaneThrough: zip(z, t).map { $0 + s * $1 }) else { return nil }
            corrected.append((s, point))
            return point
        }
    }

    /// Events between the last of `points` and `next`: a fold where the parameter's tangent component
    /// changes sign; a period doubling or Neimark–Sacker point where multipliers crossed the unit
    /// circle, told by counts from multipliers that only met on the real axis (a complex pair becoming
    /// two real ones, or back): a multiplier crossing −1 changes the parity of the number below −1, two
    /// meeting on the negative axis do not; a pair crossing the circle changes the number of
    /// multipliers outside it by two, a real one crossing ±1 by one (seen as a parity change of those
    /// beyond ±1), a meeting not at all.
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
        func hasPartner(_ c: Complex<Double>, in list: [Complex<Double>]) -> Bool {
            list.contains { ($0 - c.conjugate).length <= 1e-8 * Swift.max(1, c.length) }
        }
        // Complex multipliers count in conjugate pairs only (a lone one is the trivial one's partner
        // in rounding, as at a fold where both sit at 1).
        func complexOutside(_ p: CyclePoint) -> Int {
            let candidates = Self.nontrivial(p.multipliers).filter { !Self.isReal($0) }
            return candidates.filter { c in hasPartner(c, in: candidates) && c.length > 1 }.count
        }
        func parityChanged(_ count: ([Complex<Double>]) -> Int) -> Bool { count(last.multipliers) % 2 != count(next.multipliers) % 2 }
        let doubling = parityChanged { Self.realCount($0) { $0 < -1 } }
        let realCrossings = (doubling ? 1 : 0) + (parityChanged { Self.realCount($0) { $0 > 1 } } ? 1 : 0)
        let torus = complexOutside(last) != complexOutside(next) && abs(outside(next.multipliers) - outside(last.multipliers)) > realCrossings
        for kind in [doubling ? BifurcationKind.periodDoubling : nil, torus ? .neimarkSacker : nil].compactMap({ $0 }) {
            let (g0, g1) = (testFunction(kind, last.multipliers), testFunction(kind, next.multipliers))
            let w = g0 == g1 ? 0.5 : g0 / (g0 - g1)
            found.append(CycleBifurcation(kind: kind, parameter: last.parameter + Swift.min(1, Swift.max(0, w)) * (next.parameter - last.parameter), point: next))
        }
        return found
    }

    /// The test function of a bifurcation of `kind`, from the nontrivial multipliers (the trivial one
    /// first is left out): det(M + I) = ∏(1 + μ) for a period doubling, whose sign is (−1) to the number
    /// of real multipliers below −1; the bialternate product ∏_{i<j}(μᵢμⱼ − 1) for a Neimark–Sacker
    /// point, zero where a complex pair sits on the unit circle (or two real ones have product 1, a
    /// neutral saddle). Both are polynomials in the monodromy's entries: continuous along the branch,
    /// unchanged in sign where multipliers meet on the real axis.
    static func testFunction(_ kind: BifurcationKind, _ multipliers: [Complex<Double>]) -> Double {
        let nontrivial = Array(multipliers.dropFirst())
        var product = Complex<Double>(1, 0)
        if kind == .periodDoubling {
            for mu in nontrivial { product = product * (mu + Complex(1, 0)) }
        } else {
            for i in nontrivial.indices { for j in nontrivial.indices where j > i { product = product * (nontrivial[i] * nontrivial[j] - Complex(1, 0)) } }
        }
        return product.real
    }

    /// The number of nontrivial multipliers outside the unit circle: two multipliers meeting on the real
    /// axis do not change it (they meet at one modulus), crossings do.
    static func outside(_ multipliers: [Complex<Double>]) -> Int { nontrivial(multipliers).filter { $0.length > 1 }.count }

    /// The multipliers after the trivial one, without those within 1e-3 of 1: beside the trivial one,
    /// a multiplier crossing 1 is the fold itself, and two near 1 may round into a false complex pair.
    static func nontrivial(_ multipliers: [Complex<Double>]) -> [Complex<Double>] {
        multipliers.dropFirst().filter { ($0 - Complex(1, 0)).length > 1e-3 }
    }

    /// Whether μ is real to rounding (its imaginary part within 1e-9 of its size).
    static func isReal(_ mu: Complex<Double>) -> Bool { abs(mu.imaginary) <= 1e-9 * Swift.max(1, mu.length) }

    /// The number of real ``nontrivial(_:)`` multipliers whose value satisfies `side` (< −1, > 1).
    static func realCount(_ multipliers: [Complex<Double>], _ side: (Double) -> Bool) -> Int {
        nontrivial(multipliers).filter { isReal($0) && side($0.real) }.count
    }

    /// What locating a period doubling or Neimark–Sacker point found.
    enum CrossingLocation: Equatable {
        /// A multiplier on the unit circle at this parameter.
        case located(Double)
        /// No crossing of this kind: the test function keeps its sign over the step, or its zero has no
        /// multiplier of the kind on the unit circle (two real ones with product 1: a neutral saddle).
        case notACrossing
        /// The corrector or the multipliers failed on the way: keep the estimate.
        case failed
    }

    /// The parameter of the period doubling or Neimark–Sacker point between `z` and the point `step`
    /// ahead (an event ``events(between:and:tangents:)`` proposed), whose multipliers are `ends` (at z,
    /// at the end of the step), or why there is none: the zero of its test function
    /// (``testFunction(_:_:)``) by the shared regula falsi, kept when a multiplier of its kind sits
    /// within 1e-3 of the unit circle there (the monodromy of a strongly unstable cycle gives its small
    /// multipliers to about 1e-5); no sign change over the step is no crossing of that kind.
    func locateCrossing(_ kind: BifurcationKind, from z: [Double], tangent t: [Double], step: Double,
                        multipliers ends: (start: [Complex<Double>], end: [Complex<Double>]), jacobian: Matrix?) -> CrossingLocation {
        let (startValue, endValue) = (Self.testFunction(kind, ends.start), Self.testFunction(kind, ends.end))
        guard startValue != 0 && endValue != 0 && (startValue > 0) != (endValue > 0) else { return .notACrossing }
        func multipliers(at point: [Double]) -> [Complex<Double>]? {
            if point == z { return ends.start }
            guard let blocks = try? linearization(at: point).blocks else { return nil }
            return FloquetMultipliers.of(blocks: blocks)
        }
        guard let located = ArclengthLocation.zero(
            step: step, tolerance: 1e-12, start: z,
            pointAt: pointsAlongStep(from: z, tangent: t, jacobian: jacobian),
            value: { point in multipliers(at: point).map { Self.testFunction(kind, $0) } }),
            let there = multipliers(at: located.point) else { return .failed }
        let onCircle = there.dropFirst().contains { mu in
            (kind == .periodDoubling ? Self.isReal(mu) && mu.real < 0 : !Self.isReal(mu)) && abs(mu.length - 1) <= 1e-3
        }
        return onCircle ? .located(located.point[unknowns - 1]) : .notACrossing
    }
}
