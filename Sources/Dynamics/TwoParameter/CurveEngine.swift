import ComplexModule

/// Pseudo-arclength continuation of a ``CurveDefiningSystem`` in both directions from a start point,
/// inside a box of the two parameters, with codimension-two points detected and located on the way.
@usableFromInline
struct CurveEngine {
    var system: CurveDefiningSystem
    let kind: BifurcationKind
    let options: ContinuationOptions
    /// The ranges of α and β.
    let box: [ClosedRange<Double>]
    /// Steps are fractions of the box's larger width.
    let scale: Double
    /// log|det| of the determinant tests at the start, so their values stay finite along the curve.
    var logScales: [CodimensionTwoKind: Double] = [:]

    var n: Int { system.n }
    var unknowns: Int { system.unknowns }

    @usableFromInline
    init?(model: CurveModel, kind: BifurcationKind, options: ContinuationOptions, box: [ClosedRange<Double>], start z: [Double]) {
        let shape: CurveDefiningSystem.Shape
        switch (kind, model.isMap) {
        case (.fold, false): shape = .single(shift: 0)
        case (.fold, true): shape = .single(shift: -1)
        case (.periodDoubling, true): shape = .single(shift: 1)
        case (.hopf, false), (.neimarkSacker, true): shape = .pair
        default: return nil
        }
        guard let system = CurveDefiningSystem(model: model, shape: shape, at: z) else { return nil }
        self.system = system.choosingEntries(at: z)
        (self.kind, self.options, self.box) = (kind, options, box)
        scale = Swift.max(box[0].upperBound - box[0].lowerBound, box[1].upperBound - box[1].lowerBound)
    }

    /// Newton (the shared corrector) on the defining equations and `constraint`·(z − through) = 0.
    func correct(_ start: [Double], constraint: [Double], through: [Double]) -> [Double]? {
        let size = unknowns
        var corrector = NewtonCorrector()
        // Aim well below the certification (a Newton step or two more), so the curve's points, and
        // the special points located on them, carry the accuracy of the equations, not of the stop.
        corrector.tolerance = 1e-4 * options.certificationTolerance
        corrector.maximumIterations = options.correctorIterations
        let solution = corrector.solve(
            from: start,
            residual: { z in
                guard let equations = system.linearize(z, wantsJacobian: false)?.residual else { return [Double](repeating: .nan, count: size) }
                return equations + [dot(constraint, zip(z, through).map { $0 - $1 })]
            },
            jacobian: { z in
                var matrix = Matrix(rows: size, columns: size)
                guard let jacobian = system.linearize(z, wantsJacobian: true)?.jacobian else { return matrix }
                for r in 0..<(size - 1) { for c in 0..<size { matrix[r, c] = jacobian[r, c] } }
                for c in 0..<size { matrix[size - 1, c] = constraint[c] }
                return matrix
            })
        let certified = solution.residual.isFinite && solution.residual <= options.certificationTolerance * Swift.max(1, euclideanNorm(solution.state))
        return certified ? solution.state : nil
    }

    /// The unit tangent at z, oriented like `previous` (the null vector of the defining Jacobian, by a
    /// solve bordered with `previous`).
    func tangent(at z: [Double], orientedLike previous: [Double], jacobian given: Matrix? = nil) -> [Double]? {
        guard let jacobian = given ?? system.linearize(z, wantsJacobian: true)?.jacobian else { return nil }
        let size = unknowns
        var matrix = Matrix(rows: size, columns: size)
        for r in 0..<(size - 1) { for c in 0..<size { matrix[r, c] = jacobian[r, c] } }
        for c in 0..<size { matrix[size - 1, c] = previous[c] }
        var unit = [Double](repeating: 0, count: size)
        unit[size - 1] = 1
        guard let v = try? matrix.solve(unit) else { return nil }
        let norm = euclideanNorm(v)
        guard norm > 0 && norm.isFinite else { return nil }
        let sign: Double = dot(v, previous) < 0 ? -1 : 1
        return v.map { sign * $0 / norm }
    }

    /// The record of a point.
    func curvePoint(_ z: [Double], _ linearization: CurveDefiningSystem.Linearization, arclength: Double) -> CurvePoint {
        let eigenvalues = (try? EigenDecomposition.eigenvalues(of: linearization.stateJacobian)) ?? []
        var frequency: Double?
        if system.isPair {
            let kappa = z[n + 2]
            if kind == .hopf, kappa > 0 { frequency = kappa.squareRoot() }
            if kind == .neimarkSacker, abs(kappa) <= 1 { frequency = Double.acos(kappa) }
        }
        return CurvePoint(parameters: system.model.parameters(z), state: Array(z[0..<n]), residual: euclideanNorm(linearization.residual),
                          eigenvalues: eigenvalues, frequency: frequency, arclength: arclength)
    }

    func isInside(_ z: [Double]) -> Bool { box[0].contains(z[n]) && box[1].contains(z[n + 1]) }

    /// One direction of the curve from the certified start z₀ with tangent t₀: its points (after the
    /// start), its codimension-two points and how it ended. Arclengths are multiplied by `sign`.
    mutating func follow(from z0: [Double], tangent t0: [Double], sign: Double) -> (points: [CurvePoint], special: [CodimensionTwoPoint], end: BifurcationCurve.End) {
        var (z, t) = (z0, t0)
        var step = options.initialStep * scale
        let (largest, smallest) = (options.maximumStep * scale, options.minimumStep * scale)
        var arclength = 0.0
        var points: [CurvePoint] = [], special: [CodimensionTwoPoint] = []
        guard let startLinearization = system.linearize(z, wantsJacobian: false) else { return ([], [], .correctorFailed) }
        var tests = testValues(at: z, startLinearization)
        while points.count < options.maximumPoints {
            let predicted = zip(z, t).map { $0 + step * $1 }
            guard let next = correct(predicted, constraint: t, through: predicted),
                  let linearization = system.linearize(next, wantsJacobian: true),
                  let nextTangent = tangent(at: next, orientedLike: t, jacobian: linearization.jacobian) else {
                step /= 2
                if step < smallest { return (points, special, .correctorFailed) }
                continue
            }
            if dot(t, nextTangent) < 0.95 && step > smallest {
                step /= 2
                continue
            }
            let nextTests = testValues(at: next, linearization)
            special += locateEvents(from: z, tangent: t, step: step, tests: tests, nextTests: nextTests, arclength: arclength, sign: sign)
            arclength += step
            if !isInside(next) { return (points, special, .leftBox) }
            points.append(curvePoint(next, linearization, arclength: sign * arclength))
            if points.count >= 4 && euclideanNorm(zip(next, z0).map { $0 - $1 }) <= 1.1 * step { return (points, special, .closed) }
            system = system.rebordered(with: linearization).choosingEntries(at: next)
            (z, t, tests) = (next, nextTangent, nextTests)
            step = Swift.min(step * 1.5, largest)
        }
        return (points, special, .pointLimit)
    }
}
