/// Newton's method for G(x) = 0 with a Levenberg–Marquardt fallback, dense, for systems given by
/// closures: the corrector that periodic orbits of maps and flows (multiple shooting) and stable
/// manifolds (inverting a map point by point) share. A Newton step that does not lower ‖G‖ is halved up
/// to 30 times; when that fails, or ∂G is singular, Levenberg–Marquardt steps
/// (∂Gᵀ∂G + μ·D)δ = −∂GᵀG with Marquardt's scaling D = diag(∂Gᵀ∂G) (entries at least 1e-12) are
/// tried with μ from 1e-6 growing a thousandfold, each halved like the Newton step, until ‖G‖ falls.
@usableFromInline
struct NewtonCorrector {
    /// Converged when ‖G(x)‖₂ ≤ tolerance·max(1, ‖x‖₂).
    @usableFromInline var tolerance = 1e-13
    @usableFromInline var maximumIterations = 50

    @usableFromInline
    init() {}

    @usableFromInline
    struct Solution {
        @usableFromInline var state: [Double]
        @usableFromInline var residual: Double
        @usableFromInline var converged: Bool
    }

    /// Solves G(x) = 0 from `start`.
    ///
    /// - Complexity: per iteration one G, one ∂G and one O(n³) solve (up to five when Newton fails).
    @usableFromInline
    func solve(from start: [Double], residual g: ([Double]) -> [Double], jacobian: ([Double]) -> Matrix) -> Solution {
        var x = start
        var gx = g(x)
        var norm = euclideanNorm(gx)
        func converged() -> Bool { norm.isFinite && norm <= tolerance * Swift.max(1, euclideanNorm(x)) }
        /// The first of x + δ, x + δ/2, … (30 halvings) that lowers ‖G‖, taken.
        func descend(along step: [Double]) -> Bool {
            var scale = 1.0
            for _ in 0..<30 {
                let trial = zip(x, step).map { $0 + scale * $1 }
                let gTrial = g(trial)
                let trialNorm = euclideanNorm(gTrial)
                if trialNorm.isFinite && trialNorm < norm {
                    (x, gx, norm) = (trial, gTrial, trialNorm)
                    return true
                }
                scale /= 2
            }
            return false
        }
        for _ in 0..<maximumIterations {
            if converged() { break }
            guard norm.isFinite else { break }
            let j = jacobian(x)
            if let step = try? j.solve(gx.map { -$0 }), descend(along: step) { continue }
            // Levenberg–Marquardt on the normal equations, with Marquardt's scaling.
            var normal = Matrix(rows: j.columns, columns: j.columns)
            Matrix.multiply(j, transposeA: true, j, into: &normal)
            let gradient = (gx * j).map { -$0 }
            var improved = false
            for mu in [1e-6, 1e-3, 1, 1e3, 1e6] {
                var damped = normal
                for d in 0..<normal.rows { damped[d, d] += mu * Swift.max(normal[d, d], 1e-12) }
                if let step = try? damped.solvePositiveDefinite(gradient), descend(along: step) {
                    improved = true
                    break
                }
            }
            if !improved { break }
        }
        return Solution(state: x, residual: norm, converged: converged())
    }

    /// The chord method: Newton with one matrix, factored once, for every iteration; for continuation,
    /// where the Jacobian at the previous point (already formed for its tangent) is close to the one at
    /// the predictor and forming a new one costs far more than evaluating G. Full steps only, each of
    /// which must shrink ‖G‖ at least twofold; nil-free: `converged` is false as soon as one does not,
    /// and the caller falls back to ``solve(from:residual:jacobian:)``.
    ///
    /// - Complexity: one O(n³) factorization, then per iteration one G and one O(n²) solve.
    @usableFromInline
    func solveByChord(from start: [Double], residual g: ([Double]) -> [Double], matrix: Matrix) -> Solution {
        var x = start
        var gx = g(x)
        var norm = euclideanNorm(gx)
        func converged() -> Bool { norm.isFinite && norm <= tolerance * Swift.max(1, euclideanNorm(x)) }
        guard let lu = try? LUFactorization(of: matrix) else { return Solution(state: x, residual: norm, converged: false) }
        for _ in 0..<maximumIterations {
            if converged() { break }
            guard norm.isFinite, let step = try? lu.solve(gx.map { -$0 }) else { break }
            let trial = zip(x, step).map { $0 + $1 }
            let gTrial = g(trial)
            let trialNorm = euclideanNorm(gTrial)
            guard trialNorm.isFinite, trialNorm <= norm / 2 else { break }
            (x, gx, norm) = (trial, gTrial, trialNorm)
        }
        return Solution(state: x, residual: norm, converged: converged())
    }
}
