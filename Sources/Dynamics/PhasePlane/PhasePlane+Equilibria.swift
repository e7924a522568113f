extension PhasePlane {
    /// The equilibria in the box: Newton / Levenberg-Marquardt from a `seeds` × `seeds` grid of the
    /// box (``SlowPointFinder/refine(_:)`` on the slice), the certified points inside the box, merged
    /// within 1e-6, then polished by Newton steps to rounding.
    ///
    /// - Parameter seeds: starting points per side, 1...1000; default 16. An equilibrium whose basin of
    ///   Newton convergence holds no seed is missed: raise it for intricate fields.
    /// - Returns: the certified points, ordered by x then y.
    /// - Throws: ``SlowPointError/invalidOptions(_:)`` for `seeds` out of its range.
    /// - Complexity: seeds² refinements of a two-variable system.
    @inlinable
    public func fixedPoints(seeds: Int = 16) throws(SlowPointError) -> [SlowPoint] {
        guard (1...1_000).contains(seeds) else {
            throw .invalidOptions(InvalidArgument("seeds", is: seeds, allowed: "it must be in 1...1000 (default 16)").description)
        }
        let count = seeds
        var starts: [[Double]] = []
        for j in 0..<count {
            for i in 0..<count {
                starts.append([x.lowerBound + (Double(i) + 0.5) / Double(count) * (x.upperBound - x.lowerBound),
                               y.lowerBound + (Double(j) + 0.5) / Double(count) * (y.upperBound - y.lowerBound)])
            }
        }
        var options = SlowPointOptions()
        options.refinement = .dense
        options.parallel = false
        let finder = SlowPointFinder(slice, options: options)
        let refined = try finder.refine(starts).filter { $0.isFixedPoint && contains($0.state) }
        return finder.deduplicate(refined).map(polished).sorted { ($0.state[0], $0.state[1]) < ($1.state[0], $1.state[1]) }
    }

    /// A certified point after up to 3 more steps of the shared corrector, each kept only if it lowers
    /// the residual: certification stops at 1e-10, a 2 × 2 Newton step is free and takes the point to
    /// rounding.
    @inlinable
    func polished(_ point: SlowPoint) -> SlowPoint {
        var corrector = NewtonCorrector()
        corrector.tolerance = 0
        corrector.maximumIterations = 3
        let solution = corrector.solve(from: point.state, residual: { field(at: $0) }, jacobian: { slice.fixedPointResidualJacobian(at: $0) })
        guard solution.residual < point.residual else { return point }
        var result = point
        (result.state, result.residual, result.loss) = (solution.state, solution.residual, solution.residual * solution.residual / 2)
        return result
    }

    /// ``fixedPoints(seeds:)`` with each point's stability and type.
    ///
    /// - Parameters:
    ///   - seeds: see ``fixedPoints(seeds:)``; default 16.
    ///   - tolerance: ε of the classification: growth rates (Re λ for a flow, |λ| − 1 for a map)
    ///     within ±ε are marginal; default 1e-6, since an equilibrium is exact to 1e-10 and its
    ///     Jacobian exact.
    /// - Throws: ``SlowPointError/invalidOptions(_:)`` for `seeds` out of its range or a `tolerance`
    ///   that is negative or not finite; ``SlowPointError/stability(_:)`` if LAPACK fails on a
    ///   point's 2 × 2 Jacobian (it is finite at a certified point, so this is not expected).
    @inlinable
    public func equilibria(seeds: Int = 16, tolerance: Double = 1e-6) throws(SlowPointError) -> [PlaneEquilibrium] {
        guard tolerance >= 0 && tolerance.isFinite else {
            throw .invalidOptions(InvalidArgument("tolerance", is: tolerance, allowed: "it must be ≥ 0 and finite (default 1e-6)").description)
        }
        var result: [PlaneEquilibrium] = []
        for point in try fixedPoints(seeds: seeds) {
            let stability: LinearStability
            do { stability = try LinearStability(slice, at: point.state) } catch { throw .stability(error) }
            result.append(PlaneEquilibrium(point: point, stability: stability, classification: stability.classification(tolerance: tolerance), tolerance: tolerance))
        }
        return result
    }
}
