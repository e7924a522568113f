/// A one-parameter bifurcation diagram: branches of fixed points against the parameter, stable parts
/// solid and unstable parts dashed, events marked and labelled.
///
/// Plain data in, a ``Figure`` out (this module depends on nothing):
///
/// ```swift
/// let diagram = BifurcationDiagram(title: "Logistic map", parameterLabel: "r", coordinateLabel: "x*")
/// diagram.addBranch(branch.points.map { (parameter: $0.parameter, value: $0.state[0], stable: $0.isStable) })
/// for event in branch.bifurcations { diagram.addEvent("\(event.kind)", parameter: event.parameter, value: event.state[0]) }
/// let svg = diagram.figure().svg()
/// ```
public struct BifurcationDiagram: Sendable {
    /// One point of a branch: the parameter, the plotted coordinate, and whether it is stable.
    public typealias BranchSample = (parameter: Double, value: Double, stable: Bool)

    /// The panel title.
    public var title: String
    /// The x-axis label.
    public var parameterLabel: String
    /// The y-axis label.
    public var coordinateLabel: String
    /// The branches added so far.
    public private(set) var branches: [[BranchSample]] = []
    /// The events added so far: a label, a parameter value and a coordinate.
    public private(set) var events: [(label: String, parameter: Double, value: Double)] = []

    /// An empty diagram.
    public init(title: String, parameterLabel: String, coordinateLabel: String) {
        self.title = title
        self.parameterLabel = parameterLabel
        self.coordinateLabel = coordinateLabel
    }

    /// Adds a branch, its points in order along it.
    public mutating func addBranch(_ samples: [BranchSample]) { branches.append(samples) }

    /// Marks an event (a fold, a Hopf point, ...).
    public mutating func addEvent(_ label: String, parameter: Double, value: Double) { events.append((label, parameter, value)) }

    /// The figure: each branch split into runs of equal stability (solid stable, dashed unstable; a run
    /// shares its first point with the previous one so the curve stays connected), events as crosses
    /// with one legend entry per kind of label.
    ///
    /// - Complexity: O(total points).
    public func figure(width: Double = 560, height: Double = 400, identifier: String = "bifurcation-diagram") -> Figure {
        var panel = Panel(title: title, xLabel: parameterLabel, yLabel: coordinateLabel)
        let colors = ["#1f77b4", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf"]
        var namedStable = false, namedUnstable = false
        for (b, branch) in branches.enumerated() {
            let color = colors[b % colors.count]
            var run: [(x: Double, y: Double)] = []
            var stable = branch.first?.stable ?? true
            func flush() {
                guard run.count > 1 else { return }
                let name: String? = stable ? (namedStable ? nil : "stable") : (namedUnstable ? nil : "unstable")
                if stable { namedStable = true } else { namedUnstable = true }
                panel.add(Series(name: name, points: run, style: stable ? .line(width: 2) : .dashedLine(width: 2), color: color))
            }
            for sample in branch {
                if sample.stable != stable {
                    run.append((sample.parameter, sample.value))
                    flush()
                    run = [(sample.parameter, sample.value)]
                    stable = sample.stable
                } else {
                    run.append((sample.parameter, sample.value))
                }
            }
            flush()
        }
        let eventColors = ["#d62728", "#ff7f0e", "#000000", "#bcbd22"]
        var labels: [String] = []
        for event in events where !labels.contains(event.label) { labels.append(event.label) }
        for (k, label) in labels.enumerated() {
            let points = events.filter { $0.label == label }.map { (x: $0.parameter, y: $0.value) }
            panel.add(Series(name: label, points: points, style: .crosses(size: 6), color: eventColors[k % eventColors.count]))
        }
        return Figure(panels: [panel], panelWidth: width, height: height, identifier: identifier)
    }
}
