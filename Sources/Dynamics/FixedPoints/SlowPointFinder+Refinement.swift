extension SlowPointFinder {
    /// Refines each state by Newton / Levenberg-Marquardt on G(x) = 0 with the exact Jacobian, and
    /// says for each whether it is a certified fixed point or a slow point. Above
    /// ``RefinementMethod/matrixFreeThreshold`` units (or with `options.refinement = .matrixFree`) the
    /// Newton systems are solved matrix-free instead (see `refinePointMatrixFree`); what follows
    /// describes the dense path.
    ///
    /// Per point: a Newton step δ = −(∂G/∂x)⁻¹·G with backtracking (the first of x + δ, x + δ/2, ... that
    /// lowers ‖G‖); where ∂G/∂x is singular or no such step exists, Levenberg-Marquardt steps
    /// (∂Gᵀ∂G + λI)·δ = −∂Gᵀ·G with adaptive λ. Newton makes the convergence
    /// quadratic near a regular fixed point, and exact in finitely many steps on a piecewise-affine map
    /// (ReLU) once the activation pattern settles; Levenberg-Marquardt makes progress where ∂G/∂x is
    /// singular and settles at a local minimum of ‖G‖ when there is no fixed point nearby. A point is
    /// certified when ‖G(x)‖₂ ≤ `certificationTolerance`·max(1, ‖x‖₂); it is reported as stalled when no
    /// step lowers ‖G‖, or when ‖G‖ fell by less than 1 % over the last 10 iterations (a valley of ‖G‖,
    /// typically along kinks of a piecewise-linear map, rather than a root; see ``isStalled(_:)``).
    ///
    /// - Parameter states: the starting states, `dimension` values each.
    /// - Returns: one ``SlowPoint`` per state, in order; `candidateIndex` is the state's index.
    /// - Throws: ``SlowPointError`` for empty, misshapen or non-finite states.
    /// - Complexity: per point and iteration one Jacobian and one O(c³) factorization of its c coupled
    ///   rows (see `NewtonSystem`; reused while the Jacobian does not change, and for the condition
    ///   estimate at the end); points run in parallel when `options.parallel`.
    @inlinable
    public func refine(_ states: [[Double]]) throws(SlowPointError) -> [SlowPoint] {
        _ = try validatedCandidates(states)
        var results = [SlowPoint?](repeating: nil, count: states.count)
        let matrixFree = options.refinement.resolved(dimension: system.dimension) == .matrixFree
        let progress = PhaseProgress("refinement (points)", total: states.count, sink: options.progress)
        if options.sharesCertifiedJacobians { return refineSharingJacobians(states, matrixFree: matrixFree, progress: progress) }
        results.withUnsafeMutableBufferPointer { slots in
            let output = UncheckedSendableBuffer(slots)
            forEachIndex(states.count, parallel: options.parallel) { index in
                output.buffer[index] = matrixFree ? refinePointMatrixFree(states[index], index: index) : refinePoint(states[index], index: index)
                progress.advance()
            }
        }
        return results.map { $0! }
    }

    /// Newton / Levenberg-Marquardt on one point (see ``refine(_:)``).
    @inlinable
    func refinePoint(_ start: [Double], index: Int) -> SlowPoint {
        let n = system.dimension
        var x = start
        var g = system.fixedPointResidual(x)
        var residual = euclideanNorm(g)
        var lambda = 0.0
        var iterations = 0
        var outcome = RefinementOutcome.iterationLimit
        // Residuals of recent iterations: no real progress over a window means x is stuck in a valley
        // of ‖G‖ (typically along kinks of a piecewise-linear map), not converging to a root.
        var recent: [Double] = []
        var factored: (matrix: Matrix, newton: NewtonSystem?)?
        while true {
            if isCertified(residual: residual, at: x) { outcome = .certified; break }
            if iterations == options.maxIterations { break }
            iterations += 1
            let jacobian = system.fixedPointResidualJacobian(at: x)
            // On a piecewise-linear map ∂G/∂x changes only with the activation pattern, which a short
            // step usually keeps (61 % of the iterations on the Yang 2020 candidates): the same
            // matrix has the same factors, so reuse them. Only its coupled rows are factored
            // (see NewtonSystem).
            if jacobian.elements != factored?.matrix.elements {
                factored = (jacobian, try? NewtonSystem(jacobian))
            }
            var improved = false
            if let newton = factored?.newton, let delta = try? newton.solve(g.map { -$0 }),
               let step = firstDecrease(from: x, along: delta, below: residual) {
                (x, g, residual, improved) = (step.state, step.residual, step.norm, true)
            }
            if !improved {
                // Levenberg-Marquardt on ½‖G‖²: gradient ∂Gᵀ·G, Gauss-Newton matrix ∂Gᵀ·∂G.
                var normal = Matrix(rows: n, columns: n)
                Matrix.multiply(jacobian, transposeA: true, jacobian, into: &normal)
                let gradient = g * jacobian
                let largestDiagonal = (0..<n).reduce(0.0) { Swift.max($0, normal[$1, $1]) }
                if lambda == 0 { lambda = Swift.max(1e-3 * largestDiagonal, 1e-12) }
                for _ in 0..<40 {
                    var damped = normal
                    for i in 0..<n { damped[i, i] += lambda }
                    // Positive definite for λ > 0: Cholesky, at about 60 % of an LU's time here.
                    guard let delta = try? damped.solvePositiveDefinite(gradient.map { -$0 }) else { lambda *= 4; continue }
                    let candidate = zip(x, delta).map { $0 + $1 }
                    let candidateResidual = system.fixedPointResidual(candidate)
                    let norm = euclideanNorm(candidateResidual)
                    if norm.isFinite && norm < residual {
                        (x, g, residual, improved) = (candidate, candidateResidual, norm, true)
                        lambda = Swift.max(lambda / 3, 1e-300)
                        break
                    }
                    lambda *= 4
                    if lambda > 1e300 { break }
                }
            }
            if !improved { outcome = .stalled; break }
            recent.append(residual)
            if isStalled(recent) { outcome = .stalled; break }
        }
        // The last factors still apply when the final step kept ∂G/∂x (the usual case on a
        // piecewise-linear map); the estimate needs no full LU either way.
        let finalJacobian = system.fixedPointResidualJacobian(at: x)
        let finalSystem = finalJacobian.elements == factored?.matrix.elements ? factored?.newton : try? NewtonSystem(finalJacobian)
        let condition = finalSystem?.conditionNumber() ?? .infinity
        return SlowPoint(
            state: x, candidateIndex: index, candidateIndices: [index], residual: residual,
            loss: residual * residual / Double(Swift.max(n, 1)), iterations: iterations, outcome: outcome,
            conditionNumber: condition)
    }
}

extension SlowPointFinder {
    /// The Newton line search: the first t of 1, 1/2, …, 2⁻³⁰ with ‖G(x + t·δ)‖ finite and below
    /// `residual`, or nil.
    ///
    /// The Newton direction descends on ½‖G‖² wherever ∂G/∂x is regular (its slope is −‖G‖²), so
    /// halving finds a decrease unless x sits on a kink. The full step goes alone (a smooth system
    /// takes it almost always); after it, trial steps are evaluated 8 at a time in one batched
    /// evaluation, which on a piecewise-linear map, where x creeps along kinks with t around 2⁻¹⁰,
    /// replaces a dozen single-row products by one or two small gemms. The first decreasing t wins,
    /// as in the sequential search.
    ///
    /// - Complexity: at most 5 batched evaluations of at most 8 rows.
    @inlinable
    func firstDecrease(from x: [Double], along delta: [Double], below residual: Double) -> (state: [Double], residual: [Double], norm: Double)? {
        let n = system.dimension
        var exponent = 0
        var batch = 1
        while exponent <= 30 {
            let count = Swift.min(batch, 31 - exponent)
            var trials = Matrix(rows: count, columns: n)
            for i in 0..<count {
                let t = Double(sign: .plus, exponent: -(exponent + i), significand: 1)
                for j in 0..<n { trials.elements[i * n + j] = x[j] + t * delta[j] }
            }
            let residuals = system.fixedPointResiduals(trials)
            for i in 0..<count {
                let g = residuals.row(i)
                let norm = euclideanNorm(g)
                if norm.isFinite && norm < residual { return (trials.row(i), g, norm) }
            }
            exponent += count
            batch = 8
        }
        return nil
    }
}

/// Whether refinement has stalled, given the residuals after each iteration so far: they fell by less
/// than 1 % over the last 10 iterations.
///
/// Newton converges quadratically, and exactly on a piecewise-affine map, so 10 iterations without a
/// 1 % decrease means there is no root nearby. Shorter windows save iterations on points creeping
/// along kinks of a ReLU map, but they also stop short of smooth minima of ‖G‖, where progress is just
/// as slow: with 5 iterations at 0.1 %, 40 of 3000 random starts on the no-fixed-point oracle
/// (x ↦ x + 1 + sin(x)/2) ended more than 1e-6 above the minimum q = 1/4 (worst 2.7e-5); with this
/// rule none did (worst 2.6e-7).
@inlinable
func isStalled(_ residuals: [Double]) -> Bool {
    let window = 10
    return residuals.count > window && residuals[residuals.count - 1] > 0.99 * residuals[residuals.count - 1 - window]
}

extension SlowPointFinder {
    /// The certificate: ‖G(x)‖₂ ≤ `certificationTolerance`·max(1, ‖x‖₂), with both norms finite (a
    /// state or residual that overflowed certifies nothing).
    @inlinable
    func isCertified(residual: Double, at x: [Double]) -> Bool {
        let size = euclideanNorm(x)
        return residual.isFinite && size.isFinite && residual <= options.certificationTolerance * Swift.max(1, size)
    }
}
