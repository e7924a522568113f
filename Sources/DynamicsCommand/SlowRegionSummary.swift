import CommandSupport
import Dynamics

/// One region of slow points and escapes, as the report states it: where, how large, how slow, its
/// leading eigenvalues and how many candidates ended there. The per-point lists stay in report.json
/// (`slowPoints`, `escapes`) and slow-points.npy.
struct SlowRegionSummary: Codable {
    /// Slow points in the region.
    var slowPoints: Int
    /// Escapes (certified residuals that are not fixed points) in the region.
    var escapes: Int
    /// Candidates whose refinement ended at one of the region's points.
    var candidates: Int
    /// The members' mean state, and the largest distance of a member from it.
    var centre: [Double]
    var extent: Double
    /// The smallest and largest speed ‖F(x) − x‖ of the members.
    var speedRange: [Double]
    /// The smallest and largest spectral radius of the members.
    var spectralRadiusRange: [Double]
    /// The three largest eigenvalues in modulus at the slowest member.
    var leadingEigenvalues: [ReportComplexNumber]
    /// Members whose spectral radius is below 1.
    var stableMembers: Int

    /// Regions of the slow points and escapes of `result` under `map`: linked within 5 % of the
    /// candidates' RMS spread around their mean, directly or along 10 steps of their orbits.
    static func regions<M: DiscreteMap>(of points: [AnalysedCellPoint], candidates: [[Double]], under map: M) throws -> [SlowRegionSummary] {
        guard !points.isEmpty else { return [] }
        let radius = Swift.max(0.05 * rmsSpread(candidates), 1e-9)
        let regions = try SlowPointRegion.regions(of: points.map(\.point.state), under: map, radius: radius)
        return regions.map { region in
            let members = region.members.map { points[$0] }
            let radii = members.map { $0.eigenvalues.map(\.length).max() ?? 0 }
            let speeds = members.map(\.point.residual)
            let slowest = members[speeds.indices.min { speeds[$0] < speeds[$1] }!]
            let leading = slowest.eigenvalues.sorted { $0.length > $1.length }.prefix(3)
            return SlowRegionSummary(
                slowPoints: members.filter { $0.escapeReason == nil }.count, escapes: members.filter { $0.escapeReason != nil }.count,
                candidates: members.reduce(0) { $0 + $1.point.candidateIndices.count }, centre: region.centre, extent: region.extent,
                speedRange: [speeds.min()!, speeds.max()!], spectralRadiusRange: [radii.min()!, radii.max()!],
                leadingEigenvalues: leading.map { ReportComplexNumber(re: $0.real, im: $0.imaginary) }, stableMembers: members.filter(\.isStable).count)
        }
    }

    /// √(mean ‖x − x̄‖²) over the rows.
    static func rmsSpread(_ rows: [[Double]]) -> Double {
        guard let width = rows.first?.count, rows.count > 1 else { return 0 }
        var mean = [Double](repeating: 0, count: width)
        for row in rows { for k in 0..<width { mean[k] += row[k] / Double(rows.count) } }
        let total = rows.reduce(0.0) { sum, row in sum + zip(row, mean).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } }
        return (total / Double(rows.count)).squareRoot()
    }
}
