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
    /// typically along kinks of a piecewise-linear map, rather than a root; see `NewtonCorrector.stallWindow`).
    ///
    /// - Parameter states: the starting states, `dimension` values each.
    /// - Returns: one ``SlowPoint`` per state, in order; `candidateIndex` is the state's index.
    /// - Throws: ``SlowPointError`` for empty, misshapen or non-finite states.
    /// - Complexity: per point and iteration one Jacobian and one O(c³) factorization of its c coupled
    ///   rows (see `NewtonSystem`; reused while the Jacobian does not change, and for the condition
    ///   estimate at the end); points run in parallel when `options.parallel`. The iteration is the shared
    ///   ``NewtonCorrector`` (adaptive damping, stall window 10).
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

    /// Newton / Levenberg-Marquardt on one point (see ``refine(_:)``): the shared ``NewtonCorrector``
    /// with adaptive damping, the stall window of 10 iterations and the batched line search.
    @inlinable
    func refinePoint(_ start: [Double], index: Int) -> SlowPoint {
        let n = system.dimension
        var corrector = NewtonCorrector()
        corrector.tolerance = options.certificationTolerance
        corrector.maximumIterations = options.maxIterations
        corrector.damping = .adaptive
        corrector.stallWindow = 10
        let solution = corrector.solve(
            from: start, residual: { system.fixedPointResidual($0) }, batch: { system.fixedPointResiduals($0) },
            jacobian: { system.fixedPointResidualJacobian(at: $0) })
        // The last factors still apply when the final step kept ∂G/∂x (the usual case on a
        // piecewise-linear map); the estimate needs no full LU either way.
        let finalJacobian = system.fixedPointResidualJacobian(at: solution.state)
        let last = solution.lastJacobian
        let finalSystem = finalJacobian.elements == last?.matrix.elements ? last?.factors : try? NewtonSystem(finalJacobian)
        return SlowPoint(
            state: solution.state, candidateIndex: index, candidateIndices: [index], residual: solution.residual,
            loss: solution.residual * solution.residual / Double(Swift.max(n, 1)), iterations: solution.iterations,
            outcome: RefinementOutcome(solution.outcome), conditionNumber: finalSystem?.conditionNumber() ?? .infinity)
    }
}

extension SlowPointFinder {
    /// The certificate: ‖G(x)‖₂ ≤ `certificationTolerance`·max(1, ‖x‖₂), with both norms finite (a
    /// state or residual that overflowed certifies nothing).
    @inlinable
    func isCertified(residual: Double, at x: [Double]) -> Bool {
        NewtonCorrector.accepts(residual: residual, at: x, tolerance: options.certificationTolerance)
    }
}
