extension SlowPointFinder {
    /// Finds the fixed points and slow points reachable from `candidates`: a short Adam warm start
    /// (`warmStartSteps`), Newton / Levenberg-Marquardt refinement of every candidate, then
    /// de-duplication (points within `deduplicationTolerance` are one, the lowest candidate index
    /// standing for all).
    ///
    /// - Parameter candidates: starting states, e.g. recorded activity, `dimension` values each.
    /// - Returns: the distinct points with their diagnostics, each candidate's own result, and the warm
    ///   start.
    /// - Throws: ``SlowPointError`` for empty, misshapen or non-finite candidates.
    /// - Complexity: warmStartSteps batched steps, then per candidate a few O(n³) iterations.
    @inlinable
    public func find(from candidates: [[Double]]) throws(SlowPointError) -> SlowPointResult {
        let warmStart = try optimize(candidates, steps: options.warmStartSteps)
        let refined = try refine(warmStart.states)
        return SlowPointResult(points: distinct(refined), refined: refined, warmStart: warmStart)
    }

    /// Merges refined points within `deduplicationTolerance`, certified and uncertified separately.
    @inlinable
    func distinct(_ refined: [SlowPoint]) -> [SlowPoint] {
        var merged: [SlowPoint] = []
        for group in [refined.filter(\.isFixedPoint), refined.filter { !$0.isFixedPoint }] where !group.isEmpty {
            let representatives = ProximityGrid.firstOfClusters(group.map(\.state), tolerance: options.deduplicationTolerance)
            for (representative, members) in representatives {
                var point = group[representative]
                point.candidateIndices = members.map { group[$0].candidateIndex }.sorted()
                merged.append(point)
            }
        }
        return merged.sorted { $0.candidateIndex < $1.candidateIndex }
    }
}
