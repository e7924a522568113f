extension ContinuationEngine {
    /// The branch through the fixed point near `state` at λ = `start`, followed towards `end` (see
    /// ``FixedPointContinuation/branch(from:parameters:varying:to:)``, which checks the arguments).
    ///
    /// - Throws: ``ContinuationError/notNearFixedPoint(residual:)`` when Newton finds no fixed point
    ///   near the start, or no tangent there.
    @usableFromInline
    func branch(from state: [Double], start: Double, end: Double) throws(ContinuationError) -> ContinuationBranch {
        guard let x0 = correctAtFixedParameter(state, parameter: start) else {
            throw .notNearFixedPoint(residual: euclideanNorm(residual(state + [start])))
        }
        let y = x0 + [start]
        var seed = [Double](repeating: 0, count: n + 1)
        seed[n] = end > start ? 1 : -1
        guard let t = tangent(at: y, orientedLike: seed) else { throw .notNearFixedPoint(residual: 0) }
        return follow(from: y, tangent: t, start: start, end: end)
    }

    /// The branch that leaves the fixed point y = (x, λ) along `direction` (a branch switch: the
    /// predictor y + h·direction corrected on the hyperplane normal to `direction`), followed from λ
    /// towards `end`; nil when the corrector or the tangent fails there.
    @usableFromInline
    func branch(leaving y: [Double], along direction: [Double], step h: Double, end: Double) -> ContinuationBranch? {
        let predicted = zip(y, direction).map { $0 + h * $1 }
        guard let (first, _) = correct(predicted, tangent: direction),
              let tangent = tangent(at: first, orientedLike: direction) else { return nil }
        return follow(from: first, tangent: tangent, start: y[n], end: end)
    }

    /// The branch through the certified point y = (x, λ) with unit tangent t, followed from λ = `start`
    /// towards `end`: the predictor–corrector loop with events, shared by every way of starting a branch.
    func follow(from y0: [Double], tangent t0: [Double], start: Double, end: Double) -> ContinuationBranch {
        let (range, direction) = (abs(end - start), end > start ? 1.0 : -1.0)
        var (y, t) = (y0, t0)
        var step = options.initialStep * range
        let (largest, smallest) = (options.maximumStep * range, options.minimumStep * range)
        var points = [point(y, arclength: 0)]
        var bifurcations: [Bifurcation] = []
        var tests = self.tests(y, tangent: t, eigenvalues: points[0].eigenvalues)
        var arclength = 0.0
        var termination = ContinuationBranch.Termination.pointLimit
        while points.count < options.maximumPoints {
            let predicted = zip(y, t).map { $0 + step * $1 }
            guard let (next, iterations) = correct(predicted, tangent: t),
                  let nextTangent = tangent(at: next, orientedLike: t)
            else {
                step /= 2
                if step < smallest { termination = .correctorFailed; break }
                continue
            }
            let nextPoint = point(next, arclength: arclength + step)
            let nextTests = self.tests(next, tangent: nextTangent, eigenvalues: nextPoint.eigenvalues)
            // A tangent that turns by more than about 18° means the step was too long to follow the
            // curve, unless the rule switched in between (a kink turns the branch at once).
            if dot(t, nextTangent) <= 0.95 && step > smallest && !tests.changed(.borderCollision, comparedWith: nextTests) {
                step /= 2
                continue
            }
            let beyondEnd = (next[n] - end) * direction > 0
            let beforeStart = (next[n] - start) * direction < 0
            // Events up to the end of the step (or up to λ = end).
            var limit = step
            var endPoint: [Double]?
            if beyondEnd, let located = locate(from: y, tangent: t, step: step, where: { ($0[n] - end) * direction > 0 }) {
                limit = located.arclength
                endPoint = correctAtFixedParameter(Array(located.point[0..<n]), parameter: end).map { $0 + [end] }
            }
            var found: [Bifurcation] = []
            for kind in BifurcationKind.allCases where tests.changed(kind, comparedWith: nextTests) {
                // A border collision per switching function that changed sign.
                let components = kind == .borderCollision ? tests.switching.indices.filter { tests.switching[$0] != nextTests.switching[$0] } : [0]
                for component in components {
                    let scale = logScale(kind, at: y, tangent: t)
                    // Continuous tests by regula falsi; the eigenvalue counts (Hopf, Neimark–Sacker), or a
                    // continuous test that fails, by bisection on the test of this kind alone.
                    let located = locateZero(from: y, tangent: t, step: step) {
                        testValue(kind, at: $0, tangent: t, component: component, logScale: scale)
                    } ?? locate(from: y, tangent: t, step: step, where: { point in
                        let tangent = kind == .fold || kind == .branchPoint ? tangent(at: point, orientedLike: t) ?? t : t
                        return tests.changed(kind, comparedWith: self.tests(point, tangent: tangent, kinds: [kind]))
                    })
                    guard let located, located.arclength <= limit else { continue }
                    let eigenvalues = point(located.point, arclength: 0).eigenvalues
                    found.append(Bifurcation(
                        kind: kind, parameter: located.point[n], state: Array(located.point[0..<n]), eigenvalues: eigenvalues,
                        arclength: arclength + located.arclength))
                }
            }
            // At a kink the eigenvalues jump: a stability change there is the border collision itself,
            // not a smooth bifurcation at the same place.
            let kinks = found.filter { $0.kind == .borderCollision }.map(\.arclength)
            bifurcations += found.filter { event in
                event.kind == .borderCollision || !kinks.contains { abs($0 - event.arclength) <= 1e-9 * Swift.max(step, 1e-300) + 1e-12 * abs($0) }
            }
            if beyondEnd {
                if let endPoint { points.append(point(endPoint, arclength: arclength + limit)) }
                termination = .reachedEnd
                break
            }
            if beforeStart { termination = .leftInterval; break }
            arclength += step
            points.append(nextPoint)
            (y, t, tests) = (next, nextTangent, nextTests)
            if iterations <= 3 { step = Swift.min(step * 1.5, largest) } else if iterations >= 7 { step = Swift.max(step / 2, smallest) }
        }
        bifurcations.sort { $0.arclength < $1.arclength }
        if let firstLyapunovCoefficient {
            for k in bifurcations.indices where bifurcations[k].kind == .hopf {
                bifurcations[k].firstLyapunovCoefficient = firstLyapunovCoefficient(bifurcations[k].state, parameters(bifurcations[k].parameter))
            }
        }
        var fixed = parameters
        fixed[index] = start
        return ContinuationBranch(parameterIndex: index, parameters: fixed, points: points, bifurcations: bifurcations, termination: termination)
    }
}
