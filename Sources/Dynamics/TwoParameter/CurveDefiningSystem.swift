import ComplexModule

/// The minimally augmented system whose solutions form a curve of codimension-one points in
/// z = (x, α, β) (and κ for a pair): the fixed-point equations and one or two scalar functions that
/// vanish exactly where a bordered matrix built from ∂F/∂x is singular (Govaerts, Numerical Methods for
/// Bifurcations of Dynamical Equilibria, ch. 4).
///
/// - Single (fold of a flow: A = ∂f/∂x; fold of a map: A = ∂F/∂x − I; period doubling: A = ∂F/∂x + I):
///   [A b; cᵀ 0]·(v, g) = (0, 1) and [Aᵀ c; bᵀ 0]·(w, g) = (0, 1); g = 0 is the condition, and
///   ∂g/∂z = −wᵀ(∂A/∂z)v.
/// - Pair (Hopf: M = A² + κI with κ = ω²; Neimark–Sacker: M = A² − 2κA + I with κ = cos θ, A = ∂F/∂x):
///   [M B; Cᵀ 0]·(V, G) = (0, I₂) with n × 2 borders; two entries of the 2 × 2 G vanish, and
///   ∂G/∂z = −Wᵀ(∂M/∂z)V, where ∂M/∂z·v = ∂A/∂z·Av + A·∂A/∂z·v (− 2κ·∂A/∂z·v for a map).
///
/// ∂A/∂z·u comes exactly from Taylor jets (``CurveModel/mixed(_:_:)``). The borders follow the curve:
/// after each accepted point they become that point's normalised null vectors, which keeps the
/// bordered matrices far from singular.
struct CurveDefiningSystem {
    /// The kind of singularity.
    enum Shape {
        case single(shift: Double)
        case pair
    }

    /// What the equations and their derivatives are made of at one z.
    struct Linearization {
        /// The equations (n + 1 values; n + 2 for a pair).
        var residual: [Double]
        /// Their Jacobian in z, when asked.
        var jacobian: Matrix?
        /// ∂F/∂x (unshifted) at z.
        var stateJacobian: Matrix
        /// Right and left null vectors: v (or V's columns) and w (W's).
        var right: [[Double]]
        var left: [[Double]]
    }

    let model: CurveModel
    let shape: Shape
    /// The borders: b (B's columns) and c (C's).
    var leftBorders: [[Double]]
    var rightBorders: [[Double]]
    /// For a pair: the two entries (row, column) of G used as equations.
    var entries: [(Int, Int)] = [(0, 0), (1, 1)]

    var n: Int { model.n }
    var isPair: Bool { if case .pair = shape { return true } else { return false } }
    /// Unknowns: x, α, β and, for a pair, κ.
    var unknowns: Int { n + (isPair ? 3 : 2) }

    /// The system for `shape` at z, with borders from the singular vectors of its matrix there.
    init?(model: CurveModel, shape: Shape, at z: [Double]) {
        (self.model, self.shape) = (model, shape)
        let a = model.stateJacobian(z)
        let matrix = Self.singularMatrix(shape, a: a, kappa: z.count > model.n + 2 ? z[model.n + 2] : 0, isMap: model.isMap)
        guard let svd = try? SingularValueDecomposition(of: matrix) else { return nil }
        let count: Int
        if case .pair = shape { count = 2 } else { count = 1 }
        let last = model.n - count
        guard last >= 0 else { return nil }
        rightBorders = (0..<count).map { svd.vt.row(last + $0) }
        leftBorders = (0..<count).map { svd.u.column(last + $0) }
    }

    /// A (shifted) or M(κ): the matrix that is singular on the curve.
    static func singularMatrix(_ shape: Shape, a: Matrix, kappa: Double, isMap: Bool) -> Matrix {
        let n = a.rows
        switch shape {
        case let .single(shift):
            var shifted = a
            for i in 0..<n { shifted[i, i] += shift }
            return shifted
        case .pair:
            var m = a * a
            if isMap { m = m - (2 * kappa) * a }
            for i in 0..<n { m[i, i] += isMap ? 1 : kappa }
            return m
        }
    }

    /// The equations at z and, when `wantsJacobian`, their Jacobian; nil when the bordered matrix is
    /// singular or a value is not finite.
    func linearize(_ z: [Double], wantsJacobian: Bool) -> Linearization? {
        let x = Array(z[0..<n])
        let joint = model.jacobian(z)
        let a = CurveModel.stateBlock(of: joint, n: n)
        let kappa = isPair ? z[n + 2] : 0
        let count = leftBorders.count
        var bordered = Matrix(rows: n + count, columns: n + count)
        let core = Self.singularMatrix(shape, a: a, kappa: kappa, isMap: model.isMap)
        for i in 0..<n {
            for j in 0..<n { bordered[i, j] = core[i, j] }
            for k in 0..<count {
                bordered[i, n + k] = leftBorders[k][i]
                bordered[n + k, i] = rightBorders[k][i]
            }
        }
        guard let lu = try? LUFactorization(of: bordered) else { return nil }
        var right: [[Double]] = [], left: [[Double]] = [], g = [[Double]](repeating: [0, 0], count: count)
        for k in 0..<count {
            var unit = [Double](repeating: 0, count: n + count)
            unit[n + k] = 1
            guard let solution = try? lu.solve(unit), let transposed = try? lu.solve(unit, transposed: true) else { return nil }
            right.append(Array(solution[0..<n]))
            left.append(Array(transposed[0..<n]))
            for i in 0..<count { g[i][k] = solution[n + i] }
        }
        let f = model.rule(z)
        var residual = model.isMap ? zip(f, x).map { $0 - $1 } : f
        residual += isPair ? entries.map { g[$0.0][$0.1] } : [g[0][0]]
        guard residual.allSatisfy(\.isFinite) else { return nil }
        var linearization = Linearization(residual: residual, jacobian: nil, stateJacobian: a, right: right, left: left)
        guard wantsJacobian else { return linearization }
        var jacobian = Matrix(rows: unknowns - 1, columns: unknowns)
        for i in 0..<n {
            for j in 0..<(n + 2) { jacobian[i, j] = joint[i, j] }
            if model.isMap { jacobian[i, i] -= 1 }
        }
        if isPair {
            let rows = pairRows(z, entries: entries, a: a, right: right, left: left)
            for (row, values) in rows.enumerated() { for c in 0..<unknowns { jacobian[n + row, c] = values[c] } }
        } else {
            let gradient = left[0] * model.mixed(z, right[0])
            for c in 0..<(n + 2) { jacobian[n, c] = -gradient[c] }
        }
        linearization.jacobian = jacobian
        return linearization
    }

    /// The borders replaced by the normalised (orthonormalised, for a pair) null vectors of
    /// `linearization`.
    func rebordered(with linearization: Linearization) -> CurveDefiningSystem {
        var system = self
        if let right = Self.orthonormal(linearization.right), let left = Self.orthonormal(linearization.left) {
            (system.rightBorders, system.leftBorders) = (right, left)
        }
        return system
    }

    /// Gram–Schmidt on `vectors`; nil when they are dependent.
    static func orthonormal(_ vectors: [[Double]]) -> [[Double]]? {
        var basis: [[Double]] = []
        for vector in vectors {
            var u = vector
            for e in basis {
                let projection = dot(u, e)
                for k in u.indices { u[k] -= projection * e[k] }
            }
            let norm = euclideanNorm(u)
            guard norm > 1e-300 && norm.isFinite else { return nil }
            basis.append(u.map { $0 / norm })
        }
        return basis
    }

    /// The gradients in z of the entries `entries` of G:
    /// ∂gᵢⱼ/∂z = −(wᵢᵀ(∂A/∂z)(Avⱼ) + w̃ᵢᵀ(∂A/∂z)vⱼ) with w̃ = Aᵀw (− 2κw for a map), and ∂gᵢⱼ/∂κ =
    /// −wᵢᵀvⱼ (flow: ∂M/∂κ = I) or 2wᵢᵀAvⱼ (map: ∂M/∂κ = −2A).
    func pairRows(_ z: [Double], entries: [(Int, Int)], a: Matrix, right: [[Double]], left: [[Double]]) -> [[Double]] {
        let kappa = z[n + 2]
        var mixedAlong: [Int: (ofV: Matrix, ofAV: Matrix)] = [:]
        return entries.map { i, j in
            let av = a * right[j]
            if mixedAlong[j] == nil { mixedAlong[j] = (model.mixed(z, right[j]), model.mixed(z, av)) }
            let (ofV, ofAV) = mixedAlong[j]!
            var tilde = left[i] * a
            if model.isMap { for k in 0..<n { tilde[k] -= 2 * kappa * left[i][k] } }
            let (first, second) = (left[i] * ofAV, tilde * ofV)
            return (0..<(n + 2)).map { -(first[$0] + second[$0]) } + [model.isMap ? 2 * dot(left[i], av) : -dot(left[i], right[j])]
        }
    }

    /// For a pair: the two entries of G whose equations, with the fixed-point equations, have the
    /// best-conditioned Jacobian at z (largest smallest singular value). Which pair is regular changes
    /// along a curve (at a 1:4 resonance of a planar map the diagonal entries depend on one combination
    /// of the unknowns only), so the choice is made again at every accepted point.
    func choosingEntries(at z: [Double]) -> CurveDefiningSystem {
        guard isPair, let base = linearize(z, wantsJacobian: true), let jacobian = base.jacobian else { return self }
        let all = [(0, 0), (0, 1), (1, 0), (1, 1)]
        let rows = pairRows(z, entries: all, a: base.stateJacobian, right: base.right, left: base.left)
        var best = self, bestSigma = -1.0
        for first in 0..<4 {
            for second in (first + 1)..<4 {
                var trial = jacobian
                for (row, k) in [first, second].enumerated() { for c in 0..<unknowns { trial[n + row, c] = rows[k][c] } }
                guard let sigma = (try? SingularValueDecomposition(of: trial))?.singularValues.last, sigma > bestSigma else { continue }
                bestSigma = sigma
                best.entries = [all[first], all[second]]
            }
        }
        return best
    }
}
