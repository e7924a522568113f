import ComplexModule

/// Pseudo-arclength continuation of the multiple-shooting system over closures (the flow, its
/// Jacobian and the shots with λ as a variable), compiled once for every family.
///
/// Unknowns z = (x₀, …, x_{m−1}, T, λ). Equations: φ_{T/m}(xᵢ; λ) − x_{i+1 mod m} = 0, the phase
/// condition f(x̂; λ̂)·(x₀ − x̂) = 0 against the previous cycle's first node x̂, and the arclength
/// condition ⟨τ, z − z_pred⟩ = 0 with τ the previous tangent and z_pred = z_prev + s·τ. Lengths and
/// angles use the weighted product ⟨u, v⟩ = Σ wᵢuᵢvᵢ with weight 1/m on the nodes, 1/T₀² on the period
/// (T₀ the first cycle's) and 1 on λ, so that a cycle counts like one state whatever the number of
/// segments, the period counts relatively (relaxation oscillations change it by tens), and steps in
/// the parameter are not crowded out.
@usableFromInline
struct CycleBranchEngine {
    /// φ_duration((x, λ)) and, when asked, its (n + 1) × (n + 1) Jacobian.
    @usableFromInline typealias Shot = (_ x: [Double], _ lambda: Double, _ duration: Double, _ jacobian: Bool) throws(CycleError) -> ([Double], Matrix?)

    let options: CycleContinuationOptions
    let n: Int
    let index: Int
    let parameters: [Double]
    let field: ([Double], Double) -> [Double]
    let jacobian: ([Double], Double) -> Matrix
    let shot: Shot
    /// 1/T₀², set when the first cycle is known.
    var periodWeight = 1.0

    @usableFromInline
    init(options: CycleContinuationOptions, dimension: Int, parameterIndex: Int, parameters: [Double],
         field: @escaping ([Double], Double) -> [Double], jacobian: @escaping ([Double], Double) -> Matrix, shot: @escaping Shot) {
        (self.options, n, index, self.parameters) = (options, dimension, parameterIndex, parameters)
        (self.field, self.jacobian, self.shot) = (field, jacobian, shot)
    }

    var m: Int { options.segments }
    var unknowns: Int { m * n + 2 }

    /// ⟨u, v⟩ with the weights above.
    func weightedDot(_ u: [Double], _ v: [Double]) -> Double {
        var nodes = 0.0
        for k in 0..<(m * n) { nodes += u[k] * v[k] }
        return nodes / Double(m) + periodWeight * u[m * n] * v[m * n] + u[m * n + 1] * v[m * n + 1]
    }

    /// τ with ⟨τ, τ⟩ = 1.
    func normalized(_ v: [Double]) -> [Double]? {
        let norm = weightedDot(v, v).squareRoot()
        guard norm > 0 && norm.isFinite else { return nil }
        return v.map { $0 / norm }
    }

    /// The arclength row: the weights times τ.
    func weighted(_ t: [Double]) -> [Double] {
        t.indices.map { $0 < m * n ? t[$0] / Double(m) : $0 == m * n ? periodWeight * t[$0] : t[$0] }
    }

    /// This engine with the period weighed relative to `period`.
    func scaled(toPeriod period: Double) -> CycleBranchEngine {
        var engine = self
        engine.periodWeight = 1 / (period * period)
        return engine
    }
    func node(_ z: [Double], _ i: Int) -> [Double] { Array(z[(i * n)..<((i + 1) * n)]) }

    /// The periodicity and phase equations (m·n + 1) with their Jacobian (m·n + 1) × (m·n + 2) and the
    /// blocks ∂φ/∂x, when asked.
    func shooting(_ z: [Double], anchor: [Double], direction: [Double], jacobian wanted: Bool) throws(CycleError) -> ([Double], Matrix?, [Matrix]) {
        let lambda = z[m * n + 1]
        return try CycleShooting.multipleShooting(
            z, dimension: n, segments: m, extra: 1, anchor: anchor, direction: direction, jacobian: wanted,
            shot: { node, duration, wanted throws(CycleError) in try shot(node, lambda, duration, wanted) },
            velocity: { field($0, lambda) })
    }

    /// Corrects `predicted` on the hyperplane normal to `tangent` through `hyperplaneThrough` (default:
    /// `predicted` itself); the phase anchored at `previous`'s first node. With `previousJacobian` (the
    /// shooting Jacobian at `previous`, formed for its tangent) Broyden's method runs first, which needs
    /// shots without tangents only; Broyden from a fresh Jacobian, then Newton, take over when it stalls.
    func correct(_ start: [Double], tangent: [Double], previous: [Double], previousJacobian: Matrix? = nil, hyperplaneThrough through: [Double]? = nil) -> [Double]? {
        let predicted = through ?? start
        let anchor = node(previous, 0)
        let direction = field(anchor, previous[m * n + 1])
        guard direction.allSatisfy(\.isFinite) else { return nil }
        let size = unknowns
        let row = weighted(tangent)
        // Trials farther from the prediction than ten times the step (or the largest step) are refused
        // unshot: a far trial of Broyden's or Levenberg–Marquardt's can sit where the model is stiff,
        // and its shot would run into the step limit (on Hodgkin–Huxley's long branch, 60 such shots
        // were most of the time).
        let offset = zip(predicted, previous).map { $0 - $1 }
        let reach = 10 * Swift.max(weightedDot(offset, offset).squareRoot(), options.maximumStep)
        func residual(_ z: [Double]) -> [Double] {
            let away = zip(z, predicted).map { $0 - $1 }
            guard weightedDot(away, away) <= reach * reach,
                  let (g, _, _) = try? shooting(z, anchor: anchor, direction: direction, jacobian: false) else { return [Double](repeating: .nan, count: size) }
            return g + [dot(row, zip(z, predicted).map { $0 - $1 })]
        }
        func bordered(_ z: [Double]) -> Matrix {
            guard let (_, j, _) = try? shooting(z, anchor: anchor, direction: direction, jacobian: true), let j else { return Matrix(rows: size, columns: size) }
            var matrix = Matrix(rows: size, columns: size)
            for r in 0..<(size - 1) { for c in 0..<size { matrix[r, c] = j[r, c] } }
            for c in 0..<size { matrix[size - 1, c] = row[c] }
            return matrix
        }
        var corrector = NewtonCorrector()
        corrector.tolerance = options.certificationTolerance
        corrector.maximumIterations = 12
        if let previousJacobian {
            var matrix = Matrix(rows: size, columns: size)
            for r in 0..<(size - 1) { for c in 0..<size { matrix[r, c] = previousJacobian[r, c] } }
            for c in 0..<size { matrix[size - 1, c] = row[c] }
            let solution = corrector.solveByBroyden(from: start, residual: residual, matrix: matrix)
            if solution.converged { return solution.state }
            // Broyden again from a fresh Jacobian where it stalled; Newton only if that stalls too.
            let restarted = corrector.solveByBroyden(from: solution.state, residual: residual, matrix: bordered(solution.state))
            if restarted.converged { return restarted.state }
            let newton = corrector.solve(from: restarted.state, residual: residual, jacobian: bordered)
            return newton.converged ? newton.state : nil
        }
        let solution = corrector.solve(from: start, residual: residual, jacobian: bordered)
        return solution.converged ? solution.state : nil
    }

    /// The shooting equations at `z` with their Jacobian and blocks, the phase anchored at z's own first
    /// node: what the tangent and the point's multipliers are made of, computed once for both.
    func linearization(at z: [Double]) throws(CycleError) -> (residual: [Double], jacobian: Matrix, blocks: [Matrix]) {
        let anchor = node(z, 0)
        let (residual, j, blocks) = try shooting(z, anchor: anchor, direction: field(anchor, z[m * n + 1]), jacobian: true)
        return (residual, j!, blocks)
    }

    /// The unit tangent at `z` (the null vector of the shooting Jacobian), oriented like `previous`.
    func tangent(at z: [Double], orientedLike previous: [Double], linearization given: (residual: [Double], jacobian: Matrix, blocks: [Matrix])? = nil) -> [Double]? {
        guard let j = given?.jacobian ?? (try? linearization(at: z))?.jacobian else { return nil }
        let size = unknowns
        var matrix = Matrix(rows: size, columns: size)
        for r in 0..<(size - 1) { for c in 0..<size { matrix[r, c] = j[r, c] } }
        let row = weighted(previous)
        for c in 0..<size { matrix[size - 1, c] = row[c] }
        var unit = [Double](repeating: 0, count: size)
        unit[size - 1] = 1
        guard let v = try? matrix.solve(unit), let unitTangent = normalized(v) else { return nil }
        let sign: Double = weightedDot(unitTangent, previous) < 0 ? -1 : 1
        return unitTangent.map { sign * $0 }
    }

    /// The certified point at `z`: multipliers from the blocks, amplitude from ten samples a segment
    /// (the extreme refined by the parabola through its neighbours).
    func point(_ z: [Double], arclength: Double, linearization given: (residual: [Double], jacobian: Matrix, blocks: [Matrix])? = nil) throws(CycleError) -> CyclePoint {
        let computed: (residual: [Double], jacobian: Matrix, blocks: [Matrix])
        if let given { computed = given } else { computed = try linearization(at: z) }
        let (residual, blocks) = (computed.residual, computed.blocks)
        guard let multipliers = FloquetMultipliers.of(blocks: blocks) else { throw .notConverged(residual: euclideanNorm(residual)) }
        let (period, lambda) = (z[m * n], z[m * n + 1])
        var first: [Double] = []
        for i in 0..<m {
            var x = node(z, i)
            first.append(x[0])
            for _ in 0..<9 {
                x = try shot(x, lambda, period / Double(m) / 10, false).0
                first.append(x[0])
            }
        }
        let (minimum, maximum) = Self.extremes(first)
        return CyclePoint(parameter: lambda, period: period, nodes: (0..<m).map { node(z, $0) }, minimum: minimum, maximum: maximum,
                          multipliers: multipliers, residual: euclideanNorm(residual), arclength: arclength)
    }

    /// Min and max of periodic samples, each refined by the parabola through it and its neighbours.
    static func extremes(_ values: [Double]) -> (minimum: Double, maximum: Double) {
        let count = values.count
        func refined(_ k: Int) -> Double {
            let (a, b, c) = (values[(k + count - 1) % count], values[k], values[(k + 1) % count])
            let curvature = a - 2 * b + c
            guard curvature != 0 else { return b }
            let offset = (a - c) / (2 * curvature)
            return b - (a - c) * offset / 4
        }
        let high = values.indices.max { values[$0] < values[$1] }!, low = values.indices.min { values[$0] < values[$1] }!
        return (refined(low), refined(high))
    }

    /// The branch of cycles born at the Hopf point (x*, λ_H).
    @usableFromInline
    func branch(fromHopf state: [Double], at lambda: Double, to end: Double) throws(CycleError) -> CycleBranch {
        guard state.count == n, state.allSatisfy(\.isFinite) else { throw .invalidArguments(InvalidArgument("hopf.state", is: state, allowed: "a finite equilibrium of \(n) values")) }
        guard let (omega, q, _) = HopfCoefficients.criticalPair(of: jacobian(state, lambda)) else {
            throw .invalidArguments(InvalidArgument("hopf", is: "an equilibrium without a complex pair", allowed: "a Hopf point of a flow"))
        }
        // The linear cycle x* + 2ε·Re(q e^{iωt}) at the nodes' times, and its direction in the unknowns.
        var center: [Double] = [], direction: [Double] = []
        for i in 0..<m {
            let angle = 2 * Double.pi * Double(i) / Double(m)
            let rotation = Complex(Double.cos(angle), Double.sin(angle))
            center += state
            direction += q.map { 2 * ($0 * rotation).real }
        }
        center += [2 * Double.pi / omega, lambda]
        direction += [0, 0]
        let engine = scaled(toPeriod: 2 * Double.pi / omega)
        guard let tangent = engine.normalized(direction) else { throw .notConverged(residual: .nan) }
        // A displacement of about startAmplitude·max(1, ‖x*‖) at each node.
        let epsilon = options.startAmplitude * Swift.max(1, euclideanNorm(state)) * engine.weightedDot(direction, direction).squareRoot()
        let predicted = zip(center, tangent).map { $0 + epsilon * $1 }
        guard let first = engine.correct(predicted, tangent: tangent, previous: predicted) else { throw .notConverged(residual: .nan) }
        return try engine.follow(from: first, tangent: tangent, start: lambda, end: end, startsAtVertex: true)
    }

    /// The branch through the cycle given by its nodes and period at λ.
    @usableFromInline
    func branch(fromNodes nodes: [[Double]], period: Double, at lambda: Double, to end: Double) throws(CycleError) -> CycleBranch {
        guard nodes.allSatisfy({ $0.count == n && $0.allSatisfy(\.isFinite) }), period > 0 && period.isFinite, end.isFinite, end != lambda else {
            throw .invalidArguments(InvalidArgument("cycle / end", is: "period \(period), end \(end)", allowed: "a finite cycle of this family and an end other than the start"))
        }
        let engine = scaled(toPeriod: period)
        var z = nodes.flatMap { $0 } + [period, lambda]
        var seed = [Double](repeating: 0, count: unknowns)
        seed[unknowns - 1] = end > lambda ? 1 : -1
        // Certify at λ first (the arclength condition fixes λ along the seed direction).
        guard let first = engine.correct(z, tangent: seed, previous: z) else { throw .notConverged(residual: .nan) }
        z = first
        guard let tangent = engine.tangent(at: z, orientedLike: seed) else { throw .notConverged(residual: .nan) }
        return try engine.follow(from: z, tangent: tangent, start: lambda, end: end)
    }

    /// Pseudo-arclength steps from the certified `start` point with its tangent. From a Hopf or a
    /// period-doubling point the branch starts at the vertex of a parabola in λ (amplitude² ∝ λ − λ*),
    /// where the tangent's λ-component is nearly zero: a sign change over the first step is that vertex,
    /// not a fold.
    func follow(from z0: [Double], tangent t0: [Double], start: Double, end: Double, startsAtVertex: Bool = false) throws(CycleError) -> CycleBranch {
        var (z, t) = (z0, t0)
        if let oriented = tangent(at: z, orientedLike: t) { t = oriented }
        var step = options.initialStep
        var arclength = 0.0
        var points = [try point(z, arclength: 0)]
        var jacobianHere = (try? linearization(at: z))?.jacobian
        var events: [CycleBifurcation] = []
        var termination = ContinuationBranch.Termination.pointLimit
        let (low, high) = (Swift.min(start, end) - abs(end - start), Swift.max(start, end) + abs(end - start))
        while points.count < options.maximumPoints {
            let predicted = zip(z, t).map { $0 + step * $1 }
            guard let next = correct(predicted, tangent: t, previous: z, previousJacobian: jacobianHere), let linear = try? linearization(at: next),
                  let nextTangent = tangent(at: next, orientedLike: t, linearization: linear),
                  let nextPoint = try? point(next, arclength: arclength + step, linearization: linear) else {
                step /= 2
                if step < options.minimumStep { termination = .correctorFailed; break }
                continue
            }
            if weightedDot(t, nextTangent) < 0.9 && step > options.minimumStep {
                step /= 2
                continue
            }
            arclength += step
            var found = Self.events(between: points, and: nextPoint, tangents: (t[unknowns - 1], nextTangent[unknowns - 1]))
            if startsAtVertex && points.count == 1 { found.removeAll { $0.kind == .fold } }
            var collisions: [Int] = []
            for k in found.indices {
                if found[k].kind == .fold {
                    let tangents = (t[unknowns - 1], nextTangent[unknowns - 1])
                    if let located = locateFold(from: z, tangent: t, step: step, tangentsAtEnds: tangents, jacobian: jacobianHere) { found[k].parameter = located }
                    continue
                }
                switch locateCrossing(found[k].kind, from: z, tangent: t, step: step, multipliers: (points[points.count - 1].multipliers, nextPoint.multipliers),
                                      jacobian: jacobianHere) {
                case let .located(parameter): found[k].parameter = parameter
                case .notACrossing: collisions.append(k)
                case .failed: break
                }
            }
            events += found.indices.filter { !collisions.contains($0) }.map { found[$0] }
            points.append(nextPoint)
            (z, t, jacobianHere) = (next, nextTangent, linear.jacobian)
            let lambda = next[unknowns - 1]
            if (lambda - end) * (end - start) >= 0 { termination = .reachedEnd; break }
            // Grown, then shrunk to nothing: the cycles ended in another Hopf point.
            if points.count > 3 && nextPoint.amplitude < points[0].amplitude / 10 && points.contains(where: { $0.amplitude > 10 * points[0].amplitude }) {
                termination = .shrankToEquilibrium
                break
            }
            if lambda < low || lambda > high { termination = .leftInterval; break }
            step = Swift.min(step * 1.5, options.maximumStep)
        }
        var fixed = parameters
        fixed[index] = start
        return CycleBranch(parameterIndex: index, parameters: fixed, points: points, bifurcations: events, termination: termination)
    }
}
