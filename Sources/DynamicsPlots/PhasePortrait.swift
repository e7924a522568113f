/// A phase portrait: the vector field as arrows, nullclines, trajectories, a limit cycle and the
/// equilibria marked by stability, in a fixed box.
///
/// Plain data in, a ``Figure`` out (this module depends on nothing):
///
/// ```swift
/// var portrait = PhasePortrait(title: "FitzHugh–Nagumo, I = 0.5", xLabel: "v", yLabel: "w", x: -3...3, y: -2...3)
/// // `field` from `PhasePlane.vectorField(resolution:)`: values[j·xs.count + i] is the field at (xs[i], ys[j]).
/// let points = field.ys.flatMap { y in field.xs.map { x in (x: x, y: y) } }
/// portrait.addField(points: points, directions: field.values.map { (dx: $0[0], dy: $0[1]) })
/// portrait.addNullcline(segments, label: "v-nullcline", color: "#d62728")
/// portrait.addEquilibrium(x: v, y: w, stable: false, label: "unstable focus")
/// let svg = portrait.figure().svg()
/// ```
public struct PhasePortrait: Sendable {
    var panel: Panel
    private var equilibria: [(x: Double, y: Double, stable: Bool, label: String)] = []
    private var trajectoryCount = 0

    /// An empty portrait of the box `x` × `y`.
    public init(title: String, xLabel: String, yLabel: String, x: ClosedRange<Double>, y: ClosedRange<Double>) {
        panel = Panel(title: title, xLabel: xLabel, yLabel: yLabel)
        panel.xRange = x
        panel.yRange = y
    }

    /// The field as arrows at `points`, each along its direction and scaled so that the longest is
    /// 0.8 of a grid cell (a cell is the box over √(point count)); zero vectors are left out.
    public mutating func addField(points: [(x: Double, y: Double)], directions: [(dx: Double, dy: Double)]) {
        guard let xRange = panel.xRange, let yRange = panel.yRange, !points.isEmpty else { return }
        let perSide = Double(points.count).squareRoot().rounded(.up)
        let (cellX, cellY) = ((xRange.upperBound - xRange.lowerBound) / perSide, (yRange.upperBound - yRange.lowerBound) / perSide)
        // Lengths compared in cell units, so that both axes count alike whatever their scales.
        let lengths = directions.map { (($0.dx / cellX) * ($0.dx / cellX) + ($0.dy / cellY) * ($0.dy / cellY)).squareRoot() }
        guard let longest = lengths.filter(\.isFinite).max(), longest > 0 else { return }
        for (point, direction) in zip(points, directions) where direction.dx.isFinite && direction.dy.isFinite {
            panel.arrows.append(Arrow(x: point.x, y: point.y, dx: 0.8 * direction.dx / longest, dy: 0.8 * direction.dy / longest))
        }
    }

    /// A nullcline: its polylines, one legend entry.
    public mutating func addNullcline(_ polylines: [[(x: Double, y: Double)]], label: String, color: String) {
        for (k, polyline) in polylines.enumerated() {
            panel.add(Series(name: k == 0 ? label : nil, points: polyline, style: .line(width: 2), color: color))
        }
    }

    /// A trajectory; the first one added gets the legend entry "trajectories".
    public mutating func addTrajectory(_ points: [(x: Double, y: Double)], color: String = "#1f77b4") {
        panel.add(Series(name: trajectoryCount == 0 ? "trajectories" : nil, points: points, style: .line(width: 1), color: color, opacity: 0.7))
        trajectoryCount += 1
    }

    /// A limit cycle: solid when stable, dashed when not.
    public mutating func addLimitCycle(_ points: [(x: Double, y: Double)], stable: Bool) {
        panel.add(Series(name: stable ? "stable limit cycle" : "unstable limit cycle", points: points,
                         style: stable ? .line(width: 3) : .dashedLine(width: 3), color: "#2ca02c"))
    }

    /// An equilibrium: filled when stable, open when not; `label` (its type) goes to the legend.
    public mutating func addEquilibrium(x: Double, y: Double, stable: Bool, label: String) {
        equilibria.append((x, y, stable, label))
    }

    /// The figure.
    ///
    /// - Parameters:
    ///   - width: the panel width in pixels; default 520.
    ///   - height: default 460.
    ///   - identifier: the SVG id prefix; default "phase-portrait".
    public func figure(width: Double = 520, height: Double = 460, identifier: String = "phase-portrait") -> Figure {
        var panel = self.panel
        for (k, equilibrium) in equilibria.enumerated() {
            let first = equilibria.firstIndex { $0.label == equilibrium.label } == k
            panel.add(Series(
                name: first ? equilibrium.label : nil, points: [(equilibrium.x, equilibrium.y)],
                style: equilibrium.stable ? .markers(radius: 6) : .rings(radius: 6), color: "#000000"))
        }
        return Figure(panels: [panel], panelWidth: width, height: height, identifier: identifier)
    }
}
