/// Points from a slow-point search with their losses and the index of the candidate each came from,
/// and the tutorial's three filters with their exact semantics.
///
/// ```swift
/// let kept = search.candidates
///     .filteringLoss(below: 1e-4)
///     .keepingUnique(tolerance: 0.03)
///     .excludingOutliers(tolerance: 0.1)
/// print(kept.candidateIndices)
/// ```
public struct CandidateSet: Sendable {
    /// The states.
    public var states: [[Double]]
    /// q at each state.
    public var losses: [Double]
    /// For each state, its row in the original candidates.
    public var candidateIndices: [Int]

    /// A set from parallel arrays of equal length; every state has the same number of values (a
    /// programmer error otherwise, trapped with the offending row named: the filters compare states).
    public init(states: [[Double]], losses: [Double], candidateIndices: [Int]) {
        precondition(states.count == losses.count && states.count == candidateIndices.count, "CandidateSet: \(states.count) states, \(losses.count) losses, \(candidateIndices.count) indices")
        if let width = states.first?.count, let row = states.firstIndex(where: { $0.count != width }) {
            precondition(false, "CandidateSet: state \(row) has \(states[row].count) values, state 0 has \(width)")
        }
        self.states = states
        self.losses = losses
        self.candidateIndices = candidateIndices
    }

    /// Number of points.
    public var count: Int { states.count }

    /// The points where `keep` is true, in order.
    public func selecting(_ keep: [Bool]) -> CandidateSet {
        let indices = keep.indices.filter { keep[$0] }
        return CandidateSet(states: indices.map { states[$0] }, losses: indices.map { losses[$0] }, candidateIndices: indices.map { candidateIndices[$0] })
    }

    /// BrainPy's `filter_loss`: keeps the points with q < `tolerance` (strict).
    ///
    /// - Complexity: O(n).
    public func filteringLoss(below tolerance: Double) -> CandidateSet {
        selecting(losses.map { $0 < tolerance })
    }

    /// BrainPy's `keep_unique`: going through the points in order, every later point within
    /// `tolerance` (Euclidean, ≤) of point i is dropped, whether or not i itself was dropped. So a point
    /// survives iff no earlier point is within the tolerance; the first point of any cluster survives
    /// and order is kept.
    ///
    /// - Complexity: O(n·d) plus the close pairs (grid hashing), not O(n²).
    public func keepingUnique(tolerance: Double) -> CandidateSet {
        selecting(ProximityGrid.firstComeUnique(states, tolerance: tolerance))
    }

    /// BrainPy's `exclude_outliers`: keeps a point iff its nearest other point is strictly closer than
    /// `tolerance`; a lone point is always removed.
    ///
    /// - Complexity: O(n·d) plus the close pairs (grid hashing), not O(n²).
    public func excludingOutliers(tolerance: Double) -> CandidateSet {
        selecting(ProximityGrid.hasCloseNeighbor(states, tolerance: tolerance))
    }
}
