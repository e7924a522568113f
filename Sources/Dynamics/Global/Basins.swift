/// Basins of attraction on a grid of initial conditions: which attractor each grid point reaches.
public struct Basins: Sendable {
    /// The initial conditions, with their shape.
    public let grid: InitialConditionGrid
    /// One label per grid point, first axis fastest: the id of the attractor reached, or 0 for a
    /// trajectory that diverged, left the box for good or stayed undecided.
    public let labels: [Int]
    /// The attractors the mapper knows, ids 1, 2, ... in canonical order.
    public let attractors: [MappedAttractor]

    /// The fraction of grid points with each label (0 included when present).
    ///
    /// - Complexity: O(grid points).
    public var fractions: [Int: Double] {
        var counts: [Int: Int] = [:]
        for label in labels { counts[label, default: 0] += 1 }
        return counts.mapValues { Double($0) / Double(Swift.max(labels.count, 1)) }
    }
}

/// The share of the sampled initial conditions that reach one attractor.
public struct BasinFraction: Sendable, Equatable {
    /// The attractor's id (0: diverged, left the box or undecided).
    public var id: Int
    /// Its fraction of the samples.
    public var fraction: Double
    /// The standard error of the fraction, √(f(1 − f)/N) for N independent uniform samples.
    public var standardError: Double
}
