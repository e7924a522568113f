/// What a set of fixed points amounts to: isolated points, a line attractor, a ring, or nothing, with
/// the numbers the verdict rests on.
///
/// The verdict reads the local structure of the point set, not a global projection, so that curved
/// manifolds are recognised (a ring of translated bumps needs three or four principal components,
/// yet is one-dimensional):
/// - Chain: the points are ordered by a nearest-neighbour walk that starts at the point farthest from
///   their centroid (an end, if the set is an open curve). The typical spacing s is the median
///   nearest-neighbour distance; the set is one continuum when every step of the walk is at most
///   4·s, or runs along the slow directions of both its ends (|cos| ≥ 0.9: sparse samples of a
///   straight attractor).
/// - Closure: a continuum is closed (a ring) when the walk's last point lies within 4·s of its first
///   and the walk spans at least 5 points; otherwise it is an open curve (a line attractor, straight or
///   not).
/// - Alignment: |cos| between each point's slow direction and the local tangent of the chain (the
///   difference of its two neighbours along the walk); a continuous attractor's marginal mode runs
///   along the set.
/// - Marginal eigenvalues: per point, the number with |growth rate| ≤ ε.
///
/// Verdict: "none" without points; "isolated points" for a single place, for points that do not form
/// one continuum, or when some point lacks a marginal mode or the median alignment is below 0.9; else
/// "ring attractor" when closed and "line attractor" when open. The intrinsic dimension (principal
/// components for 95 % of the variance) is reported for reference only.
public struct AttractorVerdict: Sendable, CustomStringConvertible {
    /// The kinds of verdict.
    public enum Kind: String, Sendable, Codable {
        /// No points.
        case none
        /// Separate points (one or more), each a fixed point of its own.
        case isolatedPoints = "isolated points"
        /// A continuum of fixed points along an open curve.
        case lineAttractor = "line attractor"
        /// A continuum of fixed points around a closed curve.
        case ringAttractor = "ring attractor"
    }

    /// The verdict.
    public let kind: Kind
    /// Number of points judged.
    public let pointCount: Int
    /// Principal components needed for 95 % of the variance of the points (0 for a single place).
    public let intrinsicDimension: Int
    /// |cos(slow direction, local tangent of the chain)| per point, in the order given (empty when the
    /// points are one place).
    public let alignments: [Double]
    /// Marginal eigenvalues per point.
    public let marginalCounts: [Int]
    /// The largest step of the nearest-neighbour walk over the median spacing.
    public let largestGapRatio: Double
    /// The distance from the walk's last point back to its first, over the median spacing (≤ 4 for a
    /// closed curve).
    public let closureGapRatio: Double

    /// Judges `points` from their full stabilities.
    ///
    /// - Parameters:
    ///   - points: the states, e.g. the distinct certified fixed points.
    ///   - stabilities: ``LinearStability`` at each point, same order.
    ///   - tolerance: ε for marginal eigenvalues; default 1e-3.
    ///   - spreadTolerance: points all within this distance of their mean, relative to its size
    ///     (tolerance·max(1, ‖mean‖)), count as one place; default 1e-6.
    /// - Complexity: O(p²·n) for p points of dimension n.
    public init(points: [[Double]], stabilities: [LinearStability], tolerance: Double = 1e-3, spreadTolerance: Double = 1e-6) {
        precondition(points.count == stabilities.count, "AttractorVerdict: \(points.count) points, \(stabilities.count) stabilities")
        self.init(
            points: points, marginalCounts: stabilities.map { $0.classification(tolerance: tolerance).marginalDirections },
            slowDirections: stabilities.map(\.slowDirection), spreadTolerance: spreadTolerance)
    }

    /// Judges `points` from their leading spectra (large systems).
    ///
    /// - Parameters:
    ///   - points: the states.
    ///   - spectra: ``LeadingSpectrum`` at each point, same order.
    ///   - tolerance: ε for marginal eigenvalues; default 1e-3.
    ///   - spreadTolerance: default 1e-6.
    /// - Complexity: O(p²·n).
    public init(points: [[Double]], spectra: [LeadingSpectrum], tolerance: Double = 1e-3, spreadTolerance: Double = 1e-6) {
        precondition(points.count == spectra.count, "AttractorVerdict: \(points.count) points, \(spectra.count) spectra")
        self.init(
            points: points, marginalCounts: spectra.map { $0.marginalCount(tolerance: tolerance) },
            slowDirections: spectra.map(\.slowDirection), spreadTolerance: spreadTolerance)
    }

    init(points: [[Double]], marginalCounts: [Int], slowDirections: [[Double]], spreadTolerance: Double) {
        pointCount = points.count
        self.marginalCounts = marginalCounts
        guard !points.isEmpty else {
            (kind, intrinsicDimension, alignments, largestGapRatio, closureGapRatio) = (.none, 0, [], 0, 0)
            return
        }
        let d = points[0].count
        // Each term divided first, so that the mean of states near the largest Double stays finite.
        let mean = (0..<d).map { j in points.reduce(0) { $0 + $1[j] / Double(points.count) } }
        let spread = points.map { distance($0, mean) }
        guard points.count >= 2, spread.max()! > spreadTolerance * Swift.max(1, euclideanNorm(mean)) else {
            (kind, intrinsicDimension, alignments, largestGapRatio, closureGapRatio) = (.isolatedPoints, 0, [], 0, 0)
            return
        }
        intrinsicDimension = Self.intrinsicDimension(points)
        // The nearest-neighbour walk from the point farthest from the centroid.
        let p = points.count
        var nearest = [Double](repeating: .infinity, count: p)
        for i in 0..<p { for j in (i + 1)..<p { let r = distance(points[i], points[j]); nearest[i] = Swift.min(nearest[i], r); nearest[j] = Swift.min(nearest[j], r) } }
        let spacing = Swift.max(nearest.sorted()[p / 2], .leastNormalMagnitude)
        var order = [spread.indices.max { spread[$0] < spread[$1] }!]
        var visited = [Bool](repeating: false, count: p)
        visited[order[0]] = true
        var largestStep = 0.0
        var connected = true
        for _ in 1..<p {
            let from = order.last!
            var best = -1
            var bestDistance = Double.infinity
            for j in 0..<p where !visited[j] {
                let r = distance(points[from], points[j])
                if best < 0 || r < bestDistance { (best, bestDistance) = (j, r) }
            }
            visited[best] = true
            order.append(best)
            largestStep = Swift.max(largestStep, bestDistance)
            // A long step still joins one continuum when it runs along the slow directions at both
            // ends (sparse samples of a straight attractor); a jump across is a separate piece.
            if bestDistance > 4 * spacing {
                let step = zip(points[best], points[from]).map { ($0 / 2 - $1 / 2) / (bestDistance / 2) }
                for end in [from, best] where slowDirections[end].count != d || abs(zip(step, slowDirections[end]).reduce(0) { $0 + $1.0 * $1.1 }) < 0.9 {
                    connected = false
                }
            }
        }
        largestGapRatio = largestStep / spacing
        closureGapRatio = distance(points[order.first!], points[order.last!]) / spacing
        // Local tangents along the walk, and their alignment with each point's slow direction.
        var alignment = [Double](repeating: 0, count: p)
        for (position, index) in order.enumerated() {
            let previous = points[order[Swift.max(position - 1, 0)]]
            let next = points[order[Swift.min(position + 1, p - 1)]]
            let tangent = zip(next, previous).map { $0 / 2 - $1 / 2 }
            let norm = euclideanNorm(tangent)
            let slow = slowDirections[index]
            alignment[index] = norm == 0 || slow.count != d ? 0 : abs(zip(slow, tangent).reduce(0) { $0 + $1.0 * $1.1 }) / norm
        }
        alignments = alignment
        let continuum = connected && marginalCounts.allSatisfy { $0 >= 1 } && alignment.sorted()[p / 2] >= 0.9
        if !continuum {
            kind = .isolatedPoints
        } else if p >= 5 && closureGapRatio <= 4 {
            kind = .ringAttractor
        } else {
            kind = .lineAttractor
        }
    }

    /// Principal components of `points` needed for 95 % of their variance.
    static func intrinsicDimension(_ points: [[Double]]) -> Int {
        // Variance ratios do not change with scale; scaling by the largest magnitude keeps the
        // covariance finite for states near the largest Double.
        let largest = points.reduce(0) { Swift.max($0, $1.reduce(0) { Swift.max($0, Swift.abs($1)) }) }
        let scaled = largest > 1e100 ? points.map { $0.map { $0 / largest } } : points
        guard let pca = try? PCAProjector(fitting: scaled, components: Swift.min(points.count, points[0].count)) else { return 0 }
        var cumulative = 0.0
        var dimension = 0
        for ratio in pca.explainedVarianceRatio {
            cumulative += ratio
            dimension += 1
            if cumulative >= 0.95 { break }
        }
        return dimension
    }

    /// One line with the verdict and its numbers.
    public var description: String {
        let marginal = marginalCounts.isEmpty ? "-" : "\(marginalCounts.min()!)–\(marginalCounts.max()!)"
        let alignment = alignments.isEmpty ? "-" : String(Double(Int(alignments.sorted()[alignments.count / 2] * 1000)) / 1000)
        let shape: String
        switch kind {
        case .ringAttractor: shape = ", a closed curve"
        case .lineAttractor: shape = ", an open curve"
        default: shape = ""
        }
        return "\(kind.rawValue)\(shape): \(pointCount) point(s), intrinsic dimension \(intrinsicDimension), marginal eigenvalues per point \(marginal), median |cos(slow direction, local tangent)| \(alignment)"
    }
}


