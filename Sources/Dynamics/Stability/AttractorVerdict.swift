/// What a set of fixed points amounts to: isolated points, a line attractor, a ring, or nothing, with
/// the numbers the verdict rests on.
///
/// - Intrinsic dimension: the number of principal components of the points needed for 95 % of their
///   variance (0 for a single point or points closer than `spreadTolerance`).
/// - Alignment: |cos| between each point's slow direction and the points' first principal axis; a
///   continuous attractor's slow (marginal) mode runs along the set.
/// - Marginal eigenvalues: per point, the number with |growth rate| ≤ ε.
///
/// Verdict: "none" without points; "line attractor" when the points spread along one dimension, every
/// point has a marginal mode and the median alignment is ≥ 0.9; "ring attractor" when they spread over
/// two dimensions at a nearly constant distance from their centre (coefficient of variation ≤ 0.1) and
/// every point has a marginal mode; "isolated points" otherwise.
public struct AttractorVerdict: Sendable, CustomStringConvertible {
    /// The kinds of verdict.
    public enum Kind: String, Sendable, Codable {
        /// No points.
        case none
        /// Separate points (one or more), each a fixed point of its own.
        case isolatedPoints = "isolated points"
        /// A continuum of fixed points along a line.
        case lineAttractor = "line attractor"
        /// A continuum of fixed points around a ring.
        case ringAttractor = "ring attractor"
    }

    /// The verdict.
    public let kind: Kind
    /// Number of points judged.
    public let pointCount: Int
    /// Principal components needed for 95 % of the variance of the points.
    public let intrinsicDimension: Int
    /// |cos(slow direction, first principal axis)| per point (empty when dimension is 0).
    public let alignments: [Double]
    /// Marginal eigenvalues per point.
    public let marginalCounts: [Int]

    /// Judges `points` from their stabilities.
    ///
    /// - Parameters:
    ///   - points: the states, e.g. the distinct certified fixed points.
    ///   - stabilities: ``LinearStability`` at each point, same order.
    ///   - tolerance: ε for marginal eigenvalues; default 1e-3.
    ///   - spreadTolerance: points all within this distance of their mean count as one place; default 1e-6.
    public init(points: [[Double]], stabilities: [LinearStability], tolerance: Double = 1e-3, spreadTolerance: Double = 1e-6) {
        precondition(points.count == stabilities.count, "AttractorVerdict: \(points.count) points, \(stabilities.count) stabilities")
        pointCount = points.count
        marginalCounts = stabilities.map { $0.classification(tolerance: tolerance).marginalDirections }
        guard !points.isEmpty else {
            (kind, intrinsicDimension, alignments) = (.none, 0, [])
            return
        }
        let d = points[0].count
        let mean = (0..<d).map { j in points.reduce(0) { $0 + $1[j] } / Double(points.count) }
        let spread = points.map { p in zip(p, mean).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }.squareRoot() }
        guard points.count >= 2, let pca = try? PCAProjector(fitting: points, components: Swift.min(points.count, d)),
              spread.max()! > spreadTolerance
        else {
            (kind, intrinsicDimension, alignments) = (.isolatedPoints, 0, [])
            return
        }
        var cumulative = 0.0
        var dimension = 0
        for ratio in pca.explainedVarianceRatio {
            cumulative += ratio
            dimension += 1
            if cumulative >= 0.95 { break }
        }
        intrinsicDimension = dimension
        let axis = pca.components.row(0)
        alignments = stabilities.map { s in abs(zip(s.slowDirection, axis).reduce(0) { $0 + $1.0 * $1.1 }) }
        let everyPointMarginal = marginalCounts.allSatisfy { $0 >= 1 }
        let medianAlignment = alignments.sorted()[alignments.count / 2]
        let meanSpread = spread.reduce(0, +) / Double(spread.count)
        let spreadDeviation = (spread.reduce(0) { $0 + ($1 - meanSpread) * ($1 - meanSpread) } / Double(spread.count)).squareRoot()
        if everyPointMarginal && dimension == 1 && medianAlignment >= 0.9 {
            kind = .lineAttractor
        } else if everyPointMarginal && dimension == 2 && points.count >= 5 && spreadDeviation <= 0.1 * meanSpread {
            kind = .ringAttractor
        } else {
            kind = .isolatedPoints
        }
    }

    /// One line with the verdict and its numbers.
    public var description: String {
        let marginal = marginalCounts.isEmpty ? "-" : "\(marginalCounts.min()!)–\(marginalCounts.max()!)"
        let alignment = alignments.isEmpty ? "-" : String(Double(Int(alignments.sorted()[alignments.count / 2] * 1000)) / 1000)
        return "\(kind.rawValue): \(pointCount) point(s), intrinsic dimension \(intrinsicDimension), marginal eigenvalues per point \(marginal), median |cos(slow direction, PC1)| \(alignment)"
    }
}
