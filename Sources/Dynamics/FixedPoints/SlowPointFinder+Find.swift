extension SlowPointFinder {
    /// Finds the fixed points and slow points reachable from `candidates`: a short Adam warm start
    /// (`warmStartSteps`, dense refinement only), Newton / Levenberg-Marquardt refinement of every
    /// candidate (dense or matrix-free, see ``RefinementMethod``), then
    /// de-duplication (see ``deduplicate(_:)``; the lowest candidate index stands for all).
    ///
    /// - Parameter candidates: starting states, e.g. recorded activity, `dimension` values each.
    /// - Returns: the distinct points with their diagnostics, each candidate's own result, and the warm
    ///   start.
    /// - Throws: ``SlowPointError`` for empty, misshapen or non-finite candidates (a warm start whose
    ///   objective overflows is skipped, not an error).
    /// - Complexity: warmStartSteps batched steps, then per candidate a few O(n³) iterations.
    @inlinable
    public func find(from candidates: [[Double]]) throws(SlowPointError) -> SlowPointResult {
        let matrixFree = options.refinement.resolved(dimension: system.dimension) == .matrixFree
        let warmStart: GradientSearchResult
        do {
            warmStart = try optimize(candidates, steps: matrixFree ? 0 : options.warmStartSteps)
        } catch .diverged {
            // The warm start only speeds refinement up. Its objective, a mean of squares over every
            // candidate, overflows for states beyond ~1e154 or when one candidate's step is not
            // finite; Newton, which is scale-free and judges each candidate alone, starts from the
            // candidates themselves instead.
            warmStart = GradientSearchResult(
                states: candidates, losses: candidates.map(system.slowPointLoss), objectiveHistory: [], steps: 0, seconds: 0)
        }
        let refined = try refine(warmStart.states)
        return SlowPointResult(points: deduplicate(refined), refined: refined, warmStart: warmStart)
    }

    /// Merges certified fixed points that are one by ``SlowPointOptions/isSameFixedPoint(_:_:)``
    /// (relative to their size) and slow points within `slowPointDeduplicationTolerance` (absolute:
    /// slow points are regions); each
    /// merged point keeps the lowest candidate index and lists all of them in `candidateIndices`.
    ///
    /// - Complexity: O(n·d) plus the close pairs (grid hashing).
    @inlinable
    public func deduplicate(_ refined: [SlowPoint]) -> [SlowPoint] {
        var merged: [SlowPoint] = []
        let groups: [([SlowPoint], Double, ProximityGrid.Scale)] = [
            (refined.filter(\.isFixedPoint), options.deduplicationTolerance, .relative),
            (refined.filter { !$0.isFixedPoint }, options.slowPointDeduplicationTolerance, .absolute),
        ]
        for (group, tolerance, scale) in groups where !group.isEmpty {
            let representatives = ProximityGrid.firstOfClusters(group.map(\.state), tolerance: tolerance, scale: scale)
            for (representative, members) in representatives {
                var point = group[representative]
                point.candidateIndices = members.map { group[$0].candidateIndex }.sorted()
                merged.append(point)
            }
        }
        return merged.sorted { $0.candidateIndex < $1.candidateIndex }
    }
}
