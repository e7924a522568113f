import ComplexModule

extension CurveEngine {
    /// The whole curve through a codimension-one point (x*, α*) at β*: the point corrected onto the
    /// defining system at β*, then followed both ways until it leaves the box or closes.
    @usableFromInline
    static func curve(model: CurveModel, kind: BifurcationKind, options: ContinuationOptions, box: [ClosedRange<Double>],
                      state: [Double], first: Double, second: Double) throws(ContinuationError) -> BifurcationCurve {
        let n = model.n
        var z = state + [first, second]
        if kind == .hopf || kind == .neimarkSacker {
            let a = model.stateJacobian(z)
            guard let kappa = Self.startingKappa(of: a, isMap: model.isMap) else {
                throw .notOnCurve(kind: kind, residual: .infinity)
            }
            z.append(kappa)
        }
        guard var engine = CurveEngine(model: model, kind: kind, options: options, box: box, start: z) else {
            throw .invalidArguments("\(kind) curves exist for \(model.isMap ? "fold, period-doubling and Neimark–Sacker points of maps" : "fold and Hopf points of flows"); got a \(kind) point")
        }
        // On the curve at β*: the defining equations and β = β*.
        var fixSecond = [Double](repeating: 0, count: z.count)
        fixSecond[n + 1] = 1
        guard let start = engine.correct(z, constraint: fixSecond, through: z) else {
            let residual = engine.system.linearize(z, wantsJacobian: false).map { euclideanNorm($0.residual) } ?? .infinity
            throw .notOnCurve(kind: kind, residual: residual)
        }
        // The event itself must be such a point: Newton may not wander off to another one.
        guard let linearization = engine.system.linearize(start, wantsJacobian: true),
              euclideanNorm(zip(start[0...n], z[0...n]).map { $0 - $1 }) <= 1e-4 * Swift.max(1, euclideanNorm(Array(z[0...n]))) else {
            throw .notOnCurve(kind: kind, residual: engine.system.linearize(z, wantsJacobian: false).map { euclideanNorm($0.residual) } ?? .infinity)
        }
        engine.system = engine.system.rebordered(with: linearization).choosingEntries(at: start)
        engine.setDeterminantScales(at: start)
        var fixFirst = [Double](repeating: 0, count: z.count)
        fixFirst[n] = 1
        guard let tangent = engine.tangent(at: start, orientedLike: fixSecond) ?? engine.tangent(at: start, orientedLike: fixFirst) else {
            throw .notOnCurve(kind: kind, residual: euclideanNorm(linearization.residual))
        }
        let origin = engine.curvePoint(start, linearization, arclength: 0)
        var forward = engine
        let ahead = forward.follow(from: start, tangent: tangent, sign: 1)
        if ahead.end == .closed {
            return BifurcationCurve(kind: kind, parameterIndices: [], points: [origin] + ahead.points, specialPoints: ahead.special, ends: [.closed])
        }
        var backward = engine
        let behind = backward.follow(from: start, tangent: tangent.map { -$0 }, sign: -1)
        return BifurcationCurve(
            kind: kind, parameterIndices: [], points: behind.points.reversed() + [origin] + ahead.points,
            specialPoints: behind.special.reversed() + ahead.special, ends: [ahead.end, behind.end])
    }

    /// κ at a Hopf point (ω² of the pair nearest the imaginary axis) or a Neimark–Sacker point (cos θ
    /// of the complex pair nearest the unit circle); nil without a complex pair.
    static func startingKappa(of a: Matrix, isMap: Bool) -> Double? {
        guard let eigenvalues = try? EigenDecomposition.eigenvalues(of: a) else { return nil }
        let scale = Swift.max(eigenvalues.map(\.length).max() ?? 0, 1e-300)
        let complex = eigenvalues.filter { $0.imaginary > 1e-10 * scale }
        if isMap {
            guard let pair = complex.min(by: { abs($0.length - 1) < abs($1.length - 1) }) else { return nil }
            return pair.real / pair.length
        }
        guard let pair = complex.min(by: { abs($0.real) < abs($1.real) }) else { return nil }
        return pair.imaginary * pair.imaginary
    }
}
