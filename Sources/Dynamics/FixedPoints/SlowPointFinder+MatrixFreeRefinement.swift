extension SlowPointFinder {
    /// Newton–Krylov refinement of one point, for large systems: the Jacobian is never formed.
    ///
    /// The shared ``NewtonCorrector`` with a ``KrylovLinearization`` of G (inexact minimum-norm Newton
    /// steps in a block Krylov subspace of at most `krylovDimension` directions, Levenberg–Marquardt in
    /// the same subspace), the same certificate as the dense path's, and a point reported as stalled
    /// when ‖G‖ fell by less than 10 % over 5 iterations (see `NewtonCorrector.stallWindow`).
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
        var workspace = DualJacobianWorkspace(dimension: n, jacobian: false)
        // ∂G/∂x·V for a block V: J·V, minus V for a map.
        let system = self.system
        var linearization = KrylovLinearization(
            dimension: n, capacity: options.krylovDimension, seed: 0x6B72_796C_6F76 &+ UInt64(truncatingIfNeeded: index)
        ) { point, block in
            var products = system.jacobianProducts(at: point, directions: block, workspace: &workspace)
            if isMap {
                products.elements.withUnsafeMutableBufferPointer { p in
                    block.elements.withUnsafeBufferPointer { b in for k in p.indices { p[k] -= b[k] } }
                }
            }
            return products
        }
        var corrector = NewtonCorrector()
        corrector.tolerance = options.certificationTolerance
        corrector.maximumIterations = options.maxIterations
        corrector.stallWindow = 5
        corrector.stallFactor = 0.9
        let solution = corrector.solve(
            from: start, residual: { system.fixedPointResidual($0) }, batch: { system.fixedPointResiduals($0) },
            linearization: &linearization)
        return SlowPoint(
            state: solution.state, candidateIndex: index, candidateIndices: [index], residual: solution.residual,
            loss: solution.residual * solution.residual / Double(Swift.max(n, 1)), iterations: solution.iterations,
            outcome: RefinementOutcome(solution.outcome), conditionNumber: linearization.condition)
    }
}
