import CANN
import Dynamics
import DynamicsPlots

/// The figures of one lattice's analysis.
struct CANNFigures {
    let result: LatticeResult

    static let fixedColor = "#000000"
    static let slowColor = "#ff7f0e"

    /// The distinct points in the plane of their first two principal components: the ring (or arc).
    func points() -> Figure {
        let lattice = result.network.lattice.rawValue
        var panel = Panel(title: "Distinct points, \(lattice) lattice (PC1, PC2 of the points)", xLabel: "PC1", yLabel: "PC2", equalAspect: true)
        let all = (result.fixedPoints + result.slowPoints).map(\.point.state)
        if all.count >= 2, let pca = try? PCAProjector(fitting: all, components: 2) {
            func project(_ points: [AnalysedPoint]) -> [(x: Double, y: Double)] {
                points.map { let z = pca.transform($0.point.state); return (z[0], z[1]) }
            }
            panel.add(Series(name: "slow points (\(result.slowPoints.count))", points: project(result.slowPoints), style: .rings(radius: 4), color: Self.slowColor, opacity: 0.8))
            panel.add(Series(name: "fixed points (\(result.fixedPoints.count))", points: project(result.fixedPoints), style: .markers(radius: 2), color: Self.fixedColor, opacity: 0.8))
        }
        return Figure(panels: [panel], panelWidth: 520, height: 460, identifier: "points-\(lattice)")
    }

    /// A few bumps against the unit positions: fixed points in black, slow points in orange.
    func bumps() -> Figure {
        let lattice = result.network.lattice.rawValue
        var panel = Panel(title: "Bumps, \(lattice) lattice", xLabel: "unit position (rad)", yLabel: "u")
        func pick(_ points: [AnalysedPoint], _ count: Int) -> [AnalysedPoint] {
            guard !points.isEmpty else { return [] }
            let sorted = points.sorted { $0.position < $1.position }
            return (0..<Swift.min(count, sorted.count)).map { sorted[$0 * sorted.count / Swift.min(count, sorted.count)] }
        }
        for (k, point) in pick(result.fixedPoints, 4).enumerated() {
            panel.add(Series(name: k == 0 ? "fixed points" : nil, points: Array(zip(result.network.positions, point.point.state)).map { ($0, $1) }, style: .line(width: 1.5), color: Self.fixedColor))
        }
        for (k, point) in pick(result.slowPoints, 2).enumerated() {
            panel.add(Series(name: k == 0 ? "slow points" : nil, points: Array(zip(result.network.positions, point.point.state)).map { ($0, $1) }, style: .line(width: 1.5), color: Self.slowColor))
        }
        return Figure(panels: [panel], panelWidth: 560, height: 380, identifier: "bumps-\(lattice)")
    }

    /// log₁₀ of each point's speed ‖f‖ against its bump position: fixed points at rounding level,
    /// drifting bumps far above.
    func speeds() -> Figure {
        let lattice = result.network.lattice.rawValue
        var panel = Panel(title: "Speed along the ring, \(lattice) lattice", xLabel: "bump position (rad)", yLabel: "log10 ‖f(u)‖")
        func series(_ points: [AnalysedPoint]) -> [(x: Double, y: Double)] {
            points.map { ($0.position, Double.log10(Swift.max($0.speed, 1e-18))) }
        }
        panel.add(Series(name: "slow points", points: series(result.slowPoints), style: .rings(radius: 3), color: Self.slowColor))
        panel.add(Series(name: "fixed points", points: series(result.fixedPoints), style: .markers(radius: 2), color: Self.fixedColor))
        return Figure(panels: [panel], panelWidth: 560, height: 380, identifier: "speeds-\(lattice)")
    }
}
