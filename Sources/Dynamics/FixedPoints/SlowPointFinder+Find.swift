extension SlowPointFinder {
    /// Finds the fixed points and slow points reachable from `candidates`: a short Adam warm start
    /// (`warmStartSteps`, dense refinement only), Newton / Levenberg-Marquardt refinement of every
    /// candidate (dense or matrix-free, see ``RefinementMethod``), then
    /// de-duplication (see ``deduplicate(_:)``; the lowest candidate index stands for all).
    ///
    /// - Parameter candidates: starting states, e.g. recorded activity, `dimension` values each.
    /// - Returns: the distinct points with their diagnostics, each candidate's own result, and the warm
    ///   start.
    /// - Throws: ``SlowPointError`` for empty, misshapen or non-finite candidates.
    /// - Complexity: warmStartSteps batched steps, then per candidate a few O(n³) iterations.
    @inlinable
    public func find(from candidates: [[Double]]) throws(SlowPointError) -> SlowPointResult {
        let matrixFree = options.refinement.resolved(dimension: system.dimension) == .matrixFree
        let warmStart = try optimize(candidates, steps: matrixFree ? 0 : options.warmStartSteps)
        let refined = try refine(warmStart.states)
        return SlowPointResult(points: deduplicate(refined), refined: refined, warmStart: warmStart)
    }

    /// Merges certified fixed points within `deduplicationTolerance` and slow points within
    /// `slowPointDeduplicationTolerance`; each
    /// merged point keeps the lowest candidate index and lists all of them in `candidateIndices`.
    ///
    /// - Complexity: O(n·d) plus the close pairs (grid hashing).
    @inlinable
    public func deduplicate(_ refined: [SlowPoint]) -> [SlowPoint] {
        var merged: [SlowPoint] = []
        let groups = [
            (refined.filter(\.isFixedPoint), options.deduplicationTolerance),
            (refined.filter { !$0.isFixedPoint }, options.slowPointDeduplicationTolerance),
        ]
        for (group, tolerance) in groups where !group.isEmpty {
            let representatives = ProximityGrid.firstOfClusters(group.map(\.state), tolerance: tolerance)
            for (representative, members) in representatives {
                var point = group[representative]
                point.candidateIndices = members.map { group[$0].candidateIndex }.sorted()
                merged.append(point)
            }
        }
        return merged.sorted { $0.candidateIndex < $1.candidateIndex }
    }
}
