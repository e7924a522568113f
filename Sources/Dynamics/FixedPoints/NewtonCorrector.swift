/// Newton's method for G(x) = 0 with a Levenberg–Marquardt fallback, dense, for small systems given
/// by closures: the corrector the global analyses share (inverting a map point by point for stable
/// manifolds). A step that does not lower ‖G‖ is halved up to 8 times; when that fails, or ∂G is
/// singular, a Levenberg–Marquardt step (∂GᵀG + μI)δ = −∂GᵀG is taken, μ growing tenfold until ‖G‖
/// falls.
struct NewtonCorrector {
    /// Converged when ‖G(x)‖₂ ≤ tolerance·max(1, ‖x‖₂).
    var tolerance = 1e-13
    var maximumIterations = 50

    struct Solution {
        var state: [Double]
        var residual: Double
        var converged: Bool
    }

    /// Solves G(x) = 0 from `start`.
    ///
    /// - Complexity: per iteration one G, one ∂G and one O(n³) solve.
    func solve(from start: [Double], residual g: ([Double]) -> [Double], jacobian: ([Double]) -> Matrix) -> Solution {
        var x = start
        var gx = g(x)
        var norm = euclideanNorm(gx)
        var mu = 1e-3
        for _ in 0..<maximumIterations {
            if norm <= tolerance * Swift.max(1, euclideanNorm(x)) { return Solution(state: x, residual: norm, converged: true) }
            guard norm.isFinite else { break }
            let j = jacobian(x)
            var accepted = false
            if let step = try? j.solve(gx.map { -$0 }) {
                var scale = 1.0
                for _ in 0..<8 {
                    let trial = zip(x, step).map { $0 + scale * $1 }
                    let gTrial = g(trial)
                    let trialNorm = euclideanNorm(gTrial)
                    if trialNorm < norm {
                        (x, gx, norm, accepted) = (trial, gTrial, trialNorm, true)
                        break
                    }
                    scale /= 2
                }
            }
            if accepted { continue }
            // Levenberg–Marquardt: the normal equations, regularised.
            let jt = j.transposed
            let gradient = jt * gx
            for _ in 0..<12 {
                var normal = jt * j
                for i in 0..<normal.rows { normal[i, i] += mu }
                guard let step = try? normal.solve(gradient.map { -$0 }) else { mu *= 10; continue }
                let trial = zip(x, step).map { $0 + $1 }
                let gTrial = g(trial)
                let trialNorm = euclideanNorm(gTrial)
                if trialNorm < norm {
                    (x, gx, norm, accepted) = (trial, gTrial, trialNorm, true)
                    mu = Swift.max(mu / 10, 1e-12)
                    break
                }
                mu *= 10
            }
            if !accepted { break }
        }
        return Solution(state: x, residual: norm, converged: norm <= tolerance * Swift.max(1, euclideanNorm(x)))
    }
}
