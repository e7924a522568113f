/// A region of state space where the dynamics is slow: slow points (and escapes) that lie together,
/// summarised so that hundreds of stalled refinements read as a few places.
///
/// ```swift
/// let regions = try SlowPointRegion.regions(of: slow.map(\.state), under: map, radius: 0.05)
/// for region in regions { print(region.members.count, region.extent) }
/// ```
public struct SlowPointRegion: Sendable, Equatable {
    /// Indices of the grouped states in this region, increasing.
    public var members: [Int]
    /// The members' mean.
    public var centre: [Double]
    /// The largest distance of a member from ``centre``.
    public var extent: Double

    /// Groups `states` into regions by proximity along the slow flow: two states are in one region when
    /// a chain of states joins them in which each link is within `radius` of the next, or within
    /// `radius` of a point of its short orbit (`steps` iterations of the map). On the slow flow the
    /// orbit drifts along the slow manifold, so the slow points strung along one piece of it fall into
    /// one region even where they lie farther apart than `radius`.
    ///
    /// - Parameters:
    ///   - states: the slow points (and escapes), `map.dimension` values each.
    ///   - map: the map whose slow flow links them.
    ///   - radius: the linking distance, > 0; the command uses 5 % of the candidates' RMS spread.
    ///   - steps: orbit points followed from each state; default 10 (0: plain proximity).
    /// - Returns: the regions, largest first (ties by first member).
    /// - Throws: ``SlowPointError`` for a state of the wrong length or with NaN, or a bad radius or
    ///   step count.
    /// - Complexity: `steps` `step`s per state, then O(m·(steps + 1)·d) plus the close pairs.
    @inlinable
    public static func regions<Map: DiscreteMap>(of states: [[Double]], under map: Map, radius: Double, steps: Int = 10) throws(SlowPointError) -> [SlowPointRegion] {
        guard radius > 0 && radius.isFinite else {
            throw .invalidOptions(InvalidArgument("radius", is: radius, allowed: "it must be positive and finite").description)
        }
        guard (0...1_000).contains(steps) else {
            throw .invalidOptions(InvalidArgument("steps", is: steps, allowed: "it must be in 0...1000 (default 10)").description)
        }
        for (row, state) in states.enumerated() {
            guard state.count == map.dimension else { throw .wrongDimension(row: row, count: state.count, dimension: map.dimension) }
            guard state.allSatisfy(\.isFinite) else { throw .nonFinite(row: row) }
        }
        var points: [[Double]] = []
        var owner: [Int] = []
        points.reserveCapacity(states.count * (steps + 1))
        for (index, state) in states.enumerated() {
            var x = state
            points.append(x)
            owner.append(index)
            for _ in 0..<steps {
                x = map.step(x)
                guard x.allSatisfy(\.isFinite) else { break }
                points.append(x)
                owner.append(index)
            }
        }
        return group(states, points: points, owner: owner, radius: radius)
    }

    /// The regions of `states` from the single-linkage groups of `points` (each owned by a state).
    @usableFromInline
    static func group(_ states: [[Double]], points: [[Double]], owner: [Int], radius: Double) -> [SlowPointRegion] {
        var parent = Array(states.indices)
        func root(_ i: Int) -> Int {
            var i = i
            while parent[i] != i { i = parent[i] }
            return i
        }
        for component in ProximityGrid.connectedComponents(points, tolerance: radius) {
            var joined = root(owner[component[0]])
            for member in component.dropFirst() {
                let other = root(owner[member])
                guard other != joined else { continue }
                parent[Swift.max(joined, other)] = Swift.min(joined, other)
                joined = Swift.min(joined, other)
            }
        }
        var byRoot: [Int: [Int]] = [:]
        for i in states.indices { byRoot[root(i), default: []].append(i) }
        let regions = byRoot.values.map { members -> SlowPointRegion in
            let d = states[members[0]].count
            var centre = [Double](repeating: 0, count: d)
            for m in members { for k in 0..<d { centre[k] += states[m][k] } }
            for k in 0..<d { centre[k] /= Double(members.count) }
            let extent = members.map { distance(states[$0], centre) }.max() ?? 0
            return SlowPointRegion(members: members.sorted(), centre: centre, extent: extent)
        }
        return regions.sorted { ($0.members.count, -$0.members[0]) > ($1.members.count, -$1.members[0]) }
    }
}
