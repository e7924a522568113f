import ComplexModule

/// A point on the boundary between two basins, found by bisection.
public struct BasinBoundaryPoint: Sendable {
    /// The midpoint of the final bracket.
    public var state: [Double]
    /// The label of the bracket's end toward the segment's first point.
    public var firstLabel: Int
    /// The label of the bracket's end toward the segment's second point.
    public var secondLabel: Int
    /// The final bracket's length: the boundary lies within half of it from `state` along the segment.
    public var width: Double
    /// Trajectories followed (one per bisection step).
    public var evaluations: Int
}

/// The saddle that sits on a basin boundary (an edge state), found by edge tracking.
public struct EdgeState: Sendable {
    /// The state the bracketed trajectories approached; certified when `isCertified`.
    public var state: [Double]
    /// Whether the corrector certified `state` as a fixed point (an equilibrium for a flow).
    public var isCertified: Bool
    /// The eigenvalues there, sorted by modulus, descending (empty when not certified); an edge state
    /// of a fixed point has exactly one unstable direction across the boundary.
    public var eigenvalues: [Complex<Double>]
    /// Bisect-and-follow rounds taken.
    public var rounds: Int
}

extension AttractorMapper {
    /// A point on the boundary between the basins of the attractors reached from `a` and from `b`:
    /// bisection on the segment from `a` to `b` until the bracket is at most `tolerance` long. Each
    /// trajectory is followed until it reaches an attractor itself (never decided by the cells known
    /// to lead to one, which straddle the boundary), so the bracket is as sharp as the tolerance.
    ///
    /// - Parameters:
    ///   - a: one end; its trajectory must reach a different attractor than `b`'s (or none).
    ///   - b: the other end.
    ///   - tolerance: the final bracket length (Euclidean), e.g. 1e-10; at least 1e-15·max(1, ‖a‖, ‖b‖),
    ///     below which the midpoint no longer moves.
    /// - Throws: ``GlobalDynamicsError/sameBasin(label:)`` when both ends reach the same attractor;
    ///   ``GlobalDynamicsError/invalidArgument(_:)`` for bad states or tolerance.
    /// - Complexity: log₂(‖b − a‖ / tolerance) trajectories.
    public func boundaryPoint(between a: [Double], and b: [Double], tolerance: Double) throws(GlobalDynamicsError) -> BasinBoundaryPoint {
        try checkState(a, name: "a")
        try checkState(b, name: "b")
        let floor = 1e-15 * Swift.max(1, euclideanNorm(a), euclideanNorm(b))
        guard tolerance >= floor && tolerance.isFinite else {
            throw .invalidArgument(InvalidArgument("tolerance", is: tolerance, allowed: "must be finite and at least \(floor) (1e-15 of the states' size)"))
        }
        var (low, high) = (a, b)
        let (lowLabel, highLabel) = (exactLabel(from: a), exactLabel(from: b))
        guard lowLabel != highLabel else { throw .sameBasin(label: lowLabel) }
        var evaluations = 2
        while distance(low, high) > tolerance {
            let middle = zip(low, high).map { $0 + 0.5 * ($1 - $0) }
            if middle == low || middle == high { break }
            let label = exactLabel(from: middle)
            evaluations += 1
            // A third attractor in between: keep the half that still separates the first end's basin.
            if label == lowLabel { low = middle } else { high = middle }
        }
        return BasinBoundaryPoint(
            state: zip(low, high).map { $0 + 0.5 * ($1 - $0) }, firstLabel: lowLabel, secondLabel: exactLabel(from: high),
            width: distance(low, high), evaluations: evaluations)
    }

    /// The saddle on the boundary between two basins (edge tracking, Skufca, Yorke & Eckhardt 2006):
    /// bisect to the boundary, follow both ends of the bracket together until they are `separation`
    /// apart, bisect again between them, and so on; the bracket rides the boundary toward its
    /// relative attractor. The state reached is refined and certified by the corrector when it is a
    /// fixed point.
    ///
    /// - Parameters:
    ///   - a: one end, reaching one attractor.
    ///   - b: the other end, reaching another.
    ///   - tolerance: the bisection bracket, default 1e-9.
    ///   - separation: how far apart the ends may drift before the next bisection; default 1e-4.
    ///   - rounds: the most bisect-and-follow rounds; default 200.
    /// - Throws: as ``boundaryPoint(between:and:tolerance:)``.
    /// - Complexity: per round about log₂(separation / tolerance) trajectories.
    public func edgeState(between a: [Double], and b: [Double], tolerance: Double = 1e-9, separation: Double = 1e-4, rounds: Int = 200) throws(GlobalDynamicsError) -> EdgeState {
        guard separation > tolerance && separation.isFinite else {
            throw .invalidArgument(InvalidArgument("separation", is: separation, allowed: "must be finite and larger than tolerance (\(tolerance))"))
        }
        guard (1...100_000).contains(rounds) else { throw .invalidArgument(InvalidArgument("rounds", is: rounds, allowed: "must be in 1...100000")) }
        var edge = try boundaryPoint(between: a, and: b, tolerance: tolerance)
        var workspace = OrbitSampler.Workspace(dimension: system.dimension)
        var previous = edge.state
        var round = 0
        while round < rounds {
            round += 1
            // The bracket's ends, followed together until they separate.
            let direction = zip(b, a).map { $0 - $1 }
            let length = euclideanNorm(direction)
            var low = zip(edge.state, direction).map { $0 - 0.5 * edge.width * $1 / length }
            var high = zip(edge.state, direction).map { $0 + 0.5 * edge.width * $1 / length }
            var steps = 0
            while distance(low, high) < separation && steps < options.maximumSteps {
                sampler.advance(&low, workspace: &workspace)
                sampler.advance(&high, workspace: &workspace)
                steps += 1
            }
            guard exactLabel(from: low) != exactLabel(from: high) else { break }
            edge = try boundaryPoint(between: low, and: high, tolerance: tolerance)
            if distance(edge.state, previous) <= 10 * tolerance * Swift.max(1, euclideanNorm(previous)) { break }
            previous = edge.state
        }
        if let point = (try? SlowPointFinder(system).refine([edge.state]))?.first, point.isFixedPoint,
           let stability = try? LinearStability(system, at: point.state) {
            return EdgeState(state: point.state, isCertified: true, eigenvalues: stability.eigenvalues, rounds: round)
        }
        return EdgeState(state: edge.state, isCertified: false, eigenvalues: [], rounds: round)
    }
}
