/// The numerical pieces of ``FixedPointContinuation`` on y = (x, λ): residuals, Jacobians, tangents,
/// the Newton corrector, the test quantities, the location of events and the predictor–corrector loop.
///
/// Not generic: the system enters as closures made at the inlinable entry points (so its `step` and
/// Jacobian are specialised there), and the algorithm is compiled once, in this module.
@usableFromInline
struct ContinuationEngine {
    /// n, the state's dimension.
    let n: Int
    /// A map (fixed points of F, G = F − id) or a flow (equilibria, G = f).
    let isMap: Bool
    /// All parameters at the start; parameter `index` is the one continued.
    let parameters: [Double]
    let index: Int
    let options: ContinuationOptions
    /// F(x; p) (a map) or f(x; p) (a flow).
    let rule: ([Double], [Double]) -> [Double]
    /// [∂F/∂x ∂F/∂p] at (x, p), n × (n + m).
    let jointJacobian: ([Double], [Double]) -> Matrix
    /// The system's switching functions, when it is piecewise smooth.
    let piecewise: (any PiecewiseSmoothSystem)?
    /// ℓ₁ at (x, p), for a flow.
    let firstLyapunovCoefficient: (([Double], [Double]) -> Double?)?
    /// The last eigendecomposition: on a piecewise-affine rule ∂F/∂x stays the same between switches,
    /// and so do its eigenvalues.
    let eigenvalueCache = EigenvalueCache()

    /// The engine on a system given by its pieces (the generic initializer below makes them).
    @usableFromInline
    init(
        dimension: Int, isMap: Bool, parameters: [Double], index: Int, options: ContinuationOptions,
        rule: @escaping ([Double], [Double]) -> [Double], jointJacobian: @escaping ([Double], [Double]) -> Matrix,
        piecewise: (any PiecewiseSmoothSystem)?, firstLyapunovCoefficient: (([Double], [Double]) -> Double?)?
    ) {
        (n, self.isMap, self.parameters, self.index, self.options) = (dimension, isMap, parameters, index, options)
        (self.rule, self.jointJacobian, self.piecewise, self.firstLyapunovCoefficient) = (rule, jointJacobian, piecewise, firstLyapunovCoefficient)
    }

    /// The engine for `system`, varying parameter `index` from `parameters`.
    @inlinable
    init<System: ParametricSystem>(system: System, parameters: [Double], index: Int, options: ContinuationOptions) {
        self.init(
            dimension: system.dimension, isMap: System.timeDomain == .discrete, parameters: parameters, index: index, options: options,
            rule: { system.step($0, parameters: $1) }, jointJacobian: { system.jointJacobian(at: $0, parameters: $1) },
            piecewise: system as? any PiecewiseSmoothSystem,
            firstLyapunovCoefficient: (system as? any ParametricFlow).map { flow in { flow.firstLyapunovCoefficient(at: $0, parameters: $1) } })
    }

    /// The eigenvalues of ∂F/∂x at y, by modulus descending (empty if LAPACK fails).
    func eigenvalues(_ y: [Double]) -> [Complex<Double>] {
        let rule = ruleJacobian(y)
        if let cached = eigenvalueCache.matrix, cached == rule { return eigenvalueCache.values }
        let values = (try? EigenDecomposition(of: rule).eigenvalues) ?? []
        (eigenvalueCache.matrix, eigenvalueCache.values) = (rule, values)
        return values
    }

    /// The parameters with the varied one set to `value`.
    func parameters(_ value: Double) -> [Double] {
        var p = parameters
        p[index] = value
        return p
    }

    /// G(x; λ) for y = (x, λ).
    func residual(_ y: [Double]) -> [Double] {
        let x = Array(y[0..<n])
        let f = rule(x, parameters(y[n]))
        precondition(f.count == n, "step returned \(f.count) values, the system's dimension is \(n)")
        return isMap ? zip(f, x).map { $0 - $1 } : f
    }

    /// ∂F/∂x + `shift`·I at y, from one dual pass: the rule's Jacobian (eigenvalues) for shift 0,
    /// ∂G/∂x for a map with −1, the period-doubling matrix with +1.
    func ruleJacobian(_ y: [Double], shift: Double = 0) -> Matrix {
        let joint = jointJacobian(Array(y[0..<n]), parameters(y[n]))
        var matrix = Matrix(rows: n, columns: n)
        for i in 0..<n {
            for j in 0..<n { matrix[i, j] = joint[i, j] }
            if shift != 0 { matrix[i, i] += shift }
        }
        return matrix
    }

    /// [∂G/∂x ∂G/∂λ; tᵀ], (n + 1) × (n + 1).
    func augmented(_ y: [Double], _ t: [Double]) -> Matrix {
        // Straight from the joint Jacobian [∂F/∂x ∂F/∂p], without the copies `jacobians` makes.
        let joint = jointJacobian(Array(y[0..<n]), parameters(y[n]))
        var a = Matrix(rows: n + 1, columns: n + 1)
        for i in 0..<n {
            for j in 0..<n { a[i, j] = joint[i, j] }
            if isMap { a[i, i] -= 1 }
            a[i, n] = joint[i, n + index]
        }
        for j in 0...n { a[n, j] = t[j] }
        return a
    }

    /// Whether G is certified at y.
    func isCertified(_ g: [Double], _ y: [Double]) -> Bool {
        let r = euclideanNorm(g), size = euclideanNorm(Array(y[0..<n]))
        return r.isFinite && size.isFinite && r <= options.certificationTolerance * Swift.max(1, size)
    }

    /// The fixed point near `start` at fixed λ by the shared corrector (Newton, halved steps, a
    /// Levenberg–Marquardt fallback), certified like every branch point; nil when it does not converge.
    func correctAtFixedParameter(_ start: [Double], parameter: Double) -> [Double]? {
        var corrector = NewtonCorrector()
        corrector.tolerance = options.certificationTolerance
        let solution = corrector.solve(from: start, residual: { residual($0 + [parameter]) }, jacobian: { ruleJacobian($0 + [parameter], shift: isMap ? -1 : 0) })
        return solution.converged ? solution.state : nil
    }

    /// The unit tangent of the branch at y, oriented to have a positive product with `previous`.
    func tangent(at y: [Double], orientedLike previous: [Double]) -> [Double]? {
        var rhs = [Double](repeating: 0, count: n + 1)
        rhs[n] = 1
        guard let z = try? augmented(y, previous).solve(rhs) else { return nil }
        let norm = euclideanNorm(z)
        guard norm.isFinite, norm > 0 else { return nil }
        let sign: Double = dot(z, previous) < 0 ? -1 : 1
        return z.map { sign * $0 / norm }
    }

    /// Newton on [G(y); tᵀ·(y − predicted)] = 0 from `predicted`; the certified point and the
    /// iterations, or nil.
    func correct(_ predicted: [Double], tangent t: [Double]) -> ([Double], Int)? {
        var y = predicted
        var g = residual(y)
        let initial = euclideanNorm(g)
        for iteration in 1...options.correctorIterations {
            let constraint = dot(t, zip(y, predicted).map { $0 - $1 })
            // Already on the branch (e.g. a trivial branch x = 0): no solve, which could be singular
            // exactly at a branch point.
            if isCertified(g, y) && abs(constraint) <= 1e-14 * (1 + euclideanNorm(y)) { return (y, iteration - 1) }
            var rhs = g.map { -$0 }
            rhs.append(-constraint)
            guard let delta = try? augmented(y, t).solve(rhs) else { return nil }
            for i in 0...n { y[i] += delta[i] }
            g = residual(y)
            let r = euclideanNorm(g)
            guard r.isFinite, r <= Swift.max(1e3 * initial, 1e-300 + initial) || iteration == 1 else { return nil }
            if isCertified(g, y) && euclideanNorm(delta) <= 1e-10 * (1 + euclideanNorm(y)) { return (y, iteration) }
            if isCertified(g, y) && iteration >= 2 { return (y, iteration) }
        }
        return isCertified(g, y) ? (y, options.correctorIterations) : nil
    }

    /// A branch point record at y: residual, eigenvalues of ∂F/∂x, stability.
    func point(_ y: [Double], arclength: Double) -> BranchPoint {
        let eigenvalues = eigenvalues(y)
        let rates = eigenvalues.map { isMap ? $0.length - 1 : $0.real }
        let unstable = rates.filter { $0 > 1e-12 }.count
        let marginal = rates.contains { abs($0) <= 1e-12 }
        return BranchPoint(
            parameter: y[n], state: Array(y[0..<n]), residual: euclideanNorm(residual(y)), eigenvalues: eigenvalues,
            unstableCount: unstable, arclength: arclength, isMarginal: marginal)
    }

    /// The test quantities at y with tangent t for the events in `kinds`, reusing `eigenvalues` of
    /// ∂F/∂x when given (the others are left 0 / empty).
    func tests(_ y: [Double], tangent t: [Double], kinds: Set<BifurcationKind> = Set(BifurcationKind.allCases), eigenvalues known: [Complex<Double>]? = nil) -> ContinuationTests {
        var tests = ContinuationTests(fold: 0, branch: 0, periodDoubling: 0, unstable: 0, realCrossingSigns: [], switching: [], isMap: isMap)
        func determinantSign(_ matrix: Matrix) -> Int { (try? LUFactorization(of: matrix))?.determinantSign ?? 0 }
        if kinds.contains(.fold) { tests.fold = t[n] > 0 ? 1 : (t[n] < 0 ? -1 : 0) }
        if kinds.contains(.branchPoint) { tests.branch = determinantSign(augmented(y, t)) }
        if isMap && kinds.contains(.periodDoubling) {
            tests.periodDoubling = determinantSign(ruleJacobian(y, shift: 1))
        }
        if kinds.contains(.hopf) || kinds.contains(.neimarkSacker) {
            let eigenvalues = known ?? self.eigenvalues(y)
            tests.unstable = eigenvalues.filter { isMap ? $0.length > 1 : $0.real > 0 }.count
            // Where a real eigenvalue crosses (0 for a flow, ±1 for a map), the sign of the product of
            // the real eigenvalues' distances to it flips; a complex pair crossing leaves it alone.
            let real = eigenvalues.filter { abs($0.imaginary) <= options.complexTolerance * Swift.max(1, $0.length) }.map(\.real)
            func sign(_ shift: Double) -> Int { real.reduce(1) { $0 * ($1 - shift > 0 ? 1 : ($1 - shift < 0 ? -1 : 0)) } }
            tests.realCrossingSigns = isMap ? [sign(1), sign(-1)] : [sign(0)]
        }
        if kinds.contains(.borderCollision), let piecewise {
            tests.switching = piecewise.switchingFunctions(at: Array(y[0..<n]), parameters: parameters(y[n])).map { $0 > 0 ? 1 : ($0 < 0 ? -1 : 0) }
        }
        return tests
    }

    /// A test of `kind` as a continuous function along the branch, whose sign change marks the event
    /// (nil for the kinds located by bisection on their counts): the tangent's λ component (fold),
    /// det [∂G/∂x ∂G/∂λ; tᵀ] (branch point), det(∂F/∂x + I) (period doubling), switching function
    /// `component` (border collision). Determinants are scaled by exp(−`logScale`) against overflow.
    func testValue(_ kind: BifurcationKind, at y: [Double], tangent t: [Double], component: Int, logScale: Double) -> Double? {
        func scaledDeterminant(_ matrix: Matrix) -> Double? {
            guard let lu = try? LUFactorization(of: matrix) else { return 0 }
            return Double(lu.determinantSign) * Double.exp(lu.logAbsoluteDeterminant - logScale)
        }
        switch kind {
        case .fold: return tangent(at: y, orientedLike: t)?[n]
        case .branchPoint:
            // No tangent: the augmented matrix is singular right here, which is the branch point.
            guard let tangent = tangent(at: y, orientedLike: t) else { return 0 }
            return scaledDeterminant(augmented(y, tangent))
        case .periodDoubling:
            return scaledDeterminant(ruleJacobian(y, shift: 1))
        case .borderCollision:
            guard let piecewise else { return nil }
            let values = piecewise.switchingFunctions(at: Array(y[0..<n]), parameters: parameters(y[n]))
            return component < values.count ? values[component] : nil
        case .hopf, .neimarkSacker: return nil
        }
    }

    /// log|det| of the matrix whose determinant `testValue` uses for `kind` at y (0 for the others).
    func logScale(_ kind: BifurcationKind, at y: [Double], tangent t: [Double]) -> Double {
        switch kind {
        case .branchPoint: return (try? LUFactorization(of: augmented(y, t)))?.logAbsoluteDeterminant ?? 0
        case .periodDoubling:
            return (try? LUFactorization(of: ruleJacobian(y, shift: 1)))?.logAbsoluteDeterminant ?? 0
        default: return 0
        }
    }

    /// The branch's point at arclength s from y along t, corrected.
    func point(at s: Double, from y: [Double], tangent t: [Double]) -> [Double]? {
        correct(zip(y, t).map { $0 + s * $1 }, tangent: t)?.0
    }

    /// The zero in (0, step] of a test `value` that changes sign over the step, by regula falsi (see
    /// ``ArclengthLocation``); nil when the value does not change sign.
    func locateZero(from y: [Double], tangent t: [Double], step: Double, value: ([Double]) -> Double?) -> (point: [Double], arclength: Double)? {
        ArclengthLocation.zero(step: step, tolerance: options.locationTolerance, start: y, pointAt: { point(at: $0, from: y, tangent: t) }, value: value)
    }

    /// The first arclength in (0, step] at which `isPast` holds, by bisection (see ``ArclengthLocation``).
    func locate(from y: [Double], tangent t: [Double], step: Double, where isPast: ([Double]) -> Bool) -> (point: [Double], arclength: Double)? {
        ArclengthLocation.first(step: step, tolerance: options.locationTolerance, pointAt: { point(at: $0, from: y, tangent: t) }, where: isPast)
    }
}

/// The test quantities of one branch point, whose changes between points mark bifurcations.
struct ContinuationTests: Equatable {
    var fold: Int
    var branch: Int
    var periodDoubling: Int
    /// Eigenvalues with Re λ > 0 (flow) or |λ| > 1 (map).
    var unstable: Int
    /// Signs of ∏(λ − c) over the real eigenvalues, c = 0 for a flow, c = 1 and −1 for a map.
    var realCrossingSigns: [Int]
    var switching: [Int]
    var isMap: Bool

    init(fold: Int, branch: Int, periodDoubling: Int, unstable: Int, realCrossingSigns: [Int], switching: [Int], isMap: Bool) {
        (self.fold, self.branch, self.periodDoubling, self.unstable, self.realCrossingSigns, self.switching, self.isMap) =
            (fold, branch, periodDoubling, unstable, realCrossingSigns, switching, isMap)
    }

    /// A complex pair crossed (the imaginary axis, or the unit circle for a map): the unstable count
    /// changed by an even number while no real eigenvalue crossed. A pair that merely turns real on
    /// one side (a focus becoming a node) changes neither.
    func complexPairCrossed(comparedWith other: ContinuationTests) -> Bool {
        unstable != other.unstable && (unstable - other.unstable) % 2 == 0 && realCrossingSigns == other.realCrossingSigns
            && !realCrossingSigns.contains(0)
    }

    /// Whether the test of `kind` differs between these and `other`.
    func changed(_ kind: BifurcationKind, comparedWith other: ContinuationTests) -> Bool {
        switch kind {
        case .fold: return fold != 0 && other.fold != 0 && fold != other.fold
        case .branchPoint: return branch != 0 && other.branch != 0 && branch != other.branch
        case .periodDoubling: return isMap && periodDoubling != 0 && other.periodDoubling != 0 && periodDoubling != other.periodDoubling
        case .neimarkSacker: return isMap && complexPairCrossed(comparedWith: other)
        case .hopf: return !isMap && complexPairCrossed(comparedWith: other)
        case .borderCollision: return !switching.isEmpty && switching.count == other.switching.count && switching != other.switching
        }
    }
}

/// The last matrix ``ContinuationEngine`` diagonalised and its eigenvalues (one per continuation run).
final class EigenvalueCache {
    var matrix: Matrix?
    var values: [Complex<Double>] = []
}
