/// Where ``NewtonCorrector`` gets its steps: the linearization of G at the current point, and the
/// Levenberg–Marquardt steps to try when Newton's fails. ``DenseLinearization`` forms and factors ∂G;
/// ``KrylovLinearization`` never forms it (large systems).
@usableFromInline
protocol NewtonLinearization {
    /// Linearizes G at `x`, where G = `g` with ‖g‖₂ = `norm`.
    mutating func prepare(at x: [Double], residual g: [Double], norm: Double)
    /// The Newton step at the prepared point (exact, or inexact/least-squares), nil when there is none.
    mutating func newtonStep() -> [Double]?
    /// Damped steps, in the order to try them, until `attempt(δ, lineSearch)` takes one (it returns
    /// true when ‖G‖ fell, shortening δ first when `lineSearch`); whether one was taken.
    mutating func dampedStep(_ attempt: (_ delta: [Double], _ lineSearch: Bool) -> Bool) -> Bool
}

/// ∂G formed by a closure and factored through ``NewtonSystem``, whose factors are reused while ∂G
/// stays the same matrix (a piecewise-affine map whose activation pattern holds).
struct DenseLinearization: NewtonLinearization {
    let jacobian: ([Double]) -> Matrix
    var damping: NewtonCorrector.Damping
    /// The last ∂G and its factors (nil when singular).
    var factored: (matrix: Matrix, factors: NewtonSystem?)?
    var residual: [Double] = []
    /// μ of adaptive damping, carried from one iteration to the next.
    var mu = 0.0

    init(jacobian: @escaping ([Double]) -> Matrix, damping: NewtonCorrector.Damping) {
        self.jacobian = jacobian
        self.damping = damping
    }

    mutating func prepare(at x: [Double], residual g: [Double], norm: Double) {
        let j = jacobian(x)
        if j.elements != factored?.matrix.elements { factored = (j, try? NewtonSystem(j)) }
        residual = g
    }

    mutating func newtonStep() -> [Double]? {
        try? factored?.factors?.solve(residual.map { -$0 })
    }

    /// Levenberg–Marquardt on the normal equations (∂Gᵀ∂G + μ·D)δ = −∂GᵀG, damped as `damping` says.
    mutating func dampedStep(_ attempt: (_ delta: [Double], _ lineSearch: Bool) -> Bool) -> Bool {
        guard let j = factored?.matrix else { return false }
        let n = j.columns
        var normal = Matrix(rows: n, columns: n)
        Matrix.multiply(j, transposeA: true, j, into: &normal)
        let gradient = (residual * j).map { -$0 }
        switch damping {
        case .marquardtScaled:
            for scale in [1e-6, 1e-3, 1, 1e3, 1e6] {
                var damped = normal
                for d in 0..<n { damped[d, d] += scale * Swift.max(normal[d, d], 1e-12) }
                if let step = try? damped.solvePositiveDefinite(gradient), attempt(step, true) { return true }
            }
            return false
        case .adaptive:
            let largestDiagonal = (0..<n).reduce(0.0) { Swift.max($0, normal[$1, $1]) }
            if mu == 0 { mu = Swift.max(1e-3 * largestDiagonal, 1e-12) }
            for _ in 0..<40 {
                var damped = normal
                for i in 0..<n { damped[i, i] += mu }
                // Positive definite for μ > 0: Cholesky, at about 60 % of an LU's time.
                guard let delta = try? damped.solvePositiveDefinite(gradient) else { mu *= 4; continue }
                if attempt(delta, false) {
                    mu = Swift.max(mu / 3, 1e-300)
                    return true
                }
                mu *= 4
                if mu > 1e300 { break }
            }
            return false
        }
    }
}
