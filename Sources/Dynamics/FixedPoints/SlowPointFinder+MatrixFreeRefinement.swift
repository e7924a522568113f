extension SlowPointFinder {
    /// Newton–Krylov refinement of one point, for large systems: the Jacobian is never formed.
    ///
    /// Each iteration builds a block Krylov subspace of ∂G/∂x (``BlockKrylovSubspace``) from G(x) and
    /// seven seeded random directions, eight Jacobian-vector products per pass of `step` on `Dual<8>`,
    /// until the minimum-norm least-squares step δ = argmin ‖∂G/∂x·δ + G‖ over the subspace reduces
    /// the linear residual to a forcing fraction η = min(0.1, ‖G‖) of ‖G‖ (inexact Newton: loose
    /// early, exact near the root), or the subspace reaches `krylovDimension`, or (when the subspace
    /// cannot fill ℝⁿ) the linear residual improves by less than 10 % between two checks: G then has a
    /// part outside the range of ∂G/∂x, as at a bump drifting along a broken ring. The step is
    /// the minimum-norm one on purpose: along a continuous attractor ∂G/∂x is singular, and a
    /// minimum-norm (pseudo-inverse) step moves onto the manifold instead of along it. A backtracking
    /// line search on ‖G‖ follows; where it fails, Levenberg–Marquardt steps in the same subspace
    /// (min ‖∂G/∂x·δ + G‖² + λ‖δ‖², λ raised by 4) before the point is reported as stalled. The
    /// certificate is the same as the dense path's: ‖G(x)‖₂ ≤ `certificationTolerance`·max(1, ‖x‖₂).
    /// A point also stops as stalled when ‖G‖ fell by less than 10 % over 5 iterations
    /// (``isStalledMatrixFree(_:)``).
    ///
    /// The reported condition number is σ_max/σ_min of ∂G/∂x restricted to the last subspace (2-norm),
    /// a lower bound of κ₂(∂G/∂x); ∞ when ∂G/∂x is singular on it, as on a continuous attractor.
    ///
    /// - Complexity: per iteration ⌈m/8⌉ passes of `step` on `Dual<8>` (m ≤ `krylovDimension`), O(m²·n)
    ///   for the orthogonalisation and O(m³) for the small least-squares problem; no O(n²) storage.
    @inlinable
    func refinePointMatrixFree(_ start: [Double], index: Int) -> SlowPoint {
        let n = system.dimension
        let isMap = System.timeDomain == .discrete
        var x = start
        var g = system.fixedPointResidual(x)
        var residual = euclideanNorm(g)
        var iterations = 0
        var outcome = RefinementOutcome.iterationLimit
        var recent: [Double] = []
        var condition = Double.infinity
        var workspace = DualJacobianWorkspace(dimension: n, jacobian: false)
        // Seeded per candidate: the same candidate gets the same directions on any thread.
        var rng = SeededGenerator(seed: 0x6B72_796C_6F76 &+ UInt64(truncatingIfNeeded: index))
        while true {
            if isCertified(residual: residual, at: x) { outcome = .certified; break }
            if iterations == options.maxIterations { break }
            iterations += 1
            let point = x
            // ∂G/∂x·V for a block V: J·V, minus V for a map.
            func apply(_ block: Matrix) -> Matrix {
                var products = system.jacobianProducts(at: point, directions: block, workspace: &workspace)
                if isMap {
                    products.elements.withUnsafeMutableBufferPointer { p in
                        block.elements.withUnsafeBufferPointer { b in for k in p.indices { p[k] -= b[k] } }
                    }
                }
                return products
            }
            var krylov = BlockKrylovSubspace(dimension: n, capacity: options.krylovDimension)
            var first = Matrix(rows: Swift.min(8, n), columns: n)
            for j in 0..<n { first[0, j] = g[j] / residual }
            for r in 1..<first.rows { for j in 0..<n { first[r, j] = rng.nextStandardNormal() } }
            krylov.appendOrthonormalized(first)
            let rhs = [-residual]   // −G = −‖G‖·q₀
            let forcing = Swift.min(0.1, residual)
            var solution: (coefficients: [Double], residual: Double, condition: Double)?
            var blocks = 0
            var nextCheck = 1
            while krylov.extend(apply) {
                blocks += 1
                // The small least-squares problem costs O(m³): solve it after blocks 1, 2, 3, 4, 6, 8,
                // 11, ... (about ×1.4 each time) and once the subspace is full.
                guard blocks == nextCheck || !krylov.canExtend else { continue }
                nextCheck = Swift.max(blocks + 1, (blocks * 7) / 5)
                let previous = solution?.residual
                solution = krylov.leastSquares(rhs, damping: 0)
                guard let current = solution?.residual else { break }
                if current <= forcing * residual { break }
                // Stagnation: G has a part outside the range of ∂G/∂x (no root nearby) that no
                // larger subspace removes. Only where the subspace cannot fill ℝⁿ: a full one solves
                // exactly, and GMRES-like iterations may stagnate for a while on a consistent system.
                if let previous, current > 0.9 * previous, krylov.capacity < n { break }
            }
            var improved = false
            if let solution {
                condition = solution.condition
                let delta = krylov.combination(solution.coefficients)
                if let step = firstDecrease(from: x, along: delta, below: residual) {
                    (x, g, residual, improved) = (step.state, step.residual, step.norm, true)
                }
            }
            if !improved, let largest = solution.map({ _ in krylov.largestSingularValueSquared() }) {
                // Levenberg–Marquardt in the same subspace.
                var lambda = Swift.max(1e-3 * largest, 1e-12)
                while lambda <= 1e300 {
                    guard let damped = krylov.leastSquares(rhs, damping: lambda) else { break }
                    let candidate = zip(x, krylov.combination(damped.coefficients)).map { $0 + $1 }
                    let candidateResidual = system.fixedPointResidual(candidate)
                    let norm = euclideanNorm(candidateResidual)
                    if norm.isFinite && norm < residual {
                        (x, g, residual, improved) = (candidate, candidateResidual, norm, true)
                        break
                    }
                    lambda *= 4
                }
            }
            if !improved { outcome = .stalled; break }
            recent.append(residual)
            if isStalledMatrixFree(recent) { outcome = .stalled; break }
        }
        return SlowPoint(
            state: x, candidateIndex: index, candidateIndices: [index], residual: residual,
            loss: residual * residual / Double(Swift.max(n, 1)), iterations: iterations, outcome: outcome,
            conditionNumber: condition)
    }
}

/// Whether matrix-free refinement has stalled: ‖G‖ fell by less than 10 % over the last 5 iterations.
///
/// Inexact Newton with forcing η ≤ 0.1 cuts ‖G‖ by about 10× per iteration near a root, so 5
/// iterations below 10 % mean no root is near: the point is creeping down a slope of ‖G‖ (a bump
/// drifting along a broken ring moves a few per cent per iteration). Following such a slope to its end
/// would cost hundreds of subspaces per point; it is reported as a slow point instead, with its speed.
/// (The dense path keeps its finer 1 %/10 rule, which locates smooth minima of q to 1e-6.)
@inlinable
func isStalledMatrixFree(_ residuals: [Double]) -> Bool {
    let window = 5
    return residuals.count > window && residuals[residuals.count - 1] > 0.9 * residuals[residuals.count - 1 - window]
}
