extension FixedPointContinuation {
    /// The curve of codimension-one points through `event` when a second parameter varies too: folds
    /// and Hopf points of flows; folds, period doublings and Neimark–Sacker points of maps. Followed
    /// both ways from the event until it leaves `box` or closes, with its codimension-two points
    /// located (cusp, Bogdanov–Takens, Bautin, zero-Hopf, Hopf–Hopf; for maps 1:1–1:4 resonances and
    /// fold–flip).
    ///
    /// ```swift
    /// let fold = branch.bifurcations.first { $0.kind == .fold }!
    /// let curve = try FixedPointContinuation(family).curve(of: fold, on: branch, alsoVarying: 1, within: [-1...1, -2...2])
    /// for p in curve.points { print(p.parameters, p.state) }
    /// for s in curve.specialPoints { print(s.kind, s.parameters) }   // .cusp, .bogdanovTakens, ...
    /// ```
    ///
    /// Each point solves a minimally augmented system: the fixed-point equations and one scalar (fold,
    /// period doubling) or two (Hopf, Neimark–Sacker, with κ = ω² or cos θ as an extra unknown) that
    /// vanish where a bordered matrix of ∂F/∂x is singular. Its Jacobian is exact: first derivatives
    /// from dual numbers, the second derivatives it needs from Taylor jets. Points are certified like
    /// branch points (‖equations‖ ≤ `certificationTolerance`·max(1, ‖z‖)), special points located by
    /// regula falsi or bisection to `locationTolerance` of the step; steps are fractions of the box's
    /// larger width (``ContinuationOptions``).
    ///
    /// - Parameters:
    ///   - event: a `.fold`, `.hopf`, `.periodDoubling` or `.neimarkSacker` event of `branch`.
    ///   - branch: the branch it was found on (for the parameters held fixed and the one varied).
    ///   - second: the index of the second parameter to vary.
    ///   - box: two ranges, for the branch's parameter and the second one; the event must lie inside.
    /// - Returns: the curve, its points in order (the event's side followed first has positive
    ///   arclength), its special points, and how each end came about.
    /// - Throws: ``ContinuationError``: bad indices, a box without the event, an event of another kind or
    ///   one the defining system does not hold at (`.notOnCurve`).
    /// - Complexity: per point a few Newton steps, each one Jacobian, 2(n + 2) passes of `step` on Taylor
    ///   jets (4(n + 2) for a pair) and O(n³) solves; one eigendecomposition per point for the tests.
    @inlinable
    public func curve(of event: Bifurcation, on branch: ContinuationBranch, alsoVarying second: Int, within box: [ClosedRange<Double>]) throws(ContinuationError) -> BifurcationCurve {
        let system = self.system
        let (n, m, first) = (system.dimension, system.parameterCount, branch.parameterIndex)
        if let message = options.validationError { throw .invalidOptions(message) }
        guard branch.parameters.count == m, (0..<m).contains(first) else { throw .invalidArguments("the branch does not belong to this family (\(branch.parameters.count) parameters, the family has \(m))") }
        guard (0..<m).contains(second), second != first else {
            throw .invalidArguments("alsoVarying: \(second) must be a parameter index in 0..<\(m) other than the branch's \(first)")
        }
        guard event.state.count == n, event.state.allSatisfy(\.isFinite), event.parameter.isFinite else {
            throw .invalidArguments("the event's state must have \(n) finite values")
        }
        guard box.count == 2, box.allSatisfy({ $0.lowerBound.isFinite && $0.upperBound.isFinite && $0.upperBound > $0.lowerBound }) else {
            throw .invalidArguments("within: needs two finite, non-empty ranges (for parameters \(first) and \(second)); got \(box)")
        }
        var base = branch.parameters
        base[first] = event.parameter
        guard box[0].contains(event.parameter), box[1].contains(base[second]) else {
            throw .invalidArguments("within: the event at (\(event.parameter), \(base[second])) lies outside the box \(box)")
        }
        func parameters(_ z: [Double]) -> [Double] {
            var p = base
            (p[first], p[second]) = (z[n], z[n + 1])
            return p
        }
        let model = CurveModel(
            dimension: n, isMap: System.timeDomain == .discrete,
            rule: { z in system.step(Array(z[0..<n]), parameters: parameters(z)) },
            jacobian: { z in
                let joint = system.jointJacobian(at: Array(z[0..<n]), parameters: parameters(z))
                var columns = Matrix(rows: n, columns: n + 2)
                for i in 0..<n {
                    for j in 0..<n { columns[i, j] = joint[i, j] }
                    (columns[i, n], columns[i, n + 1]) = (joint[i, n + first], joint[i, n + second])
                }
                return columns
            },
            along: { z, d in
                let x = (0..<n).map { TaylorJet(z[$0], direction: d[$0]) }
                var p = parameters(z).map { TaylorJet($0) }
                (p[first], p[second]) = (TaylorJet(z[n], direction: d[n]), TaylorJet(z[n + 1], direction: d[n + 1]))
                return system.step(x, parameters: p)
            },
            parameters: parameters)
        var curve = try CurveEngine.curve(model: model, kind: event.kind, options: options, box: box,
                                          state: event.state, first: event.parameter, second: base[second])
        curve.parameterIndices = [first, second]
        return curve
    }
}
