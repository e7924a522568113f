/// A two-parameter bifurcation diagram: curves of codimension-one points (folds, Hopf points, ...) in
/// the plane of two parameters, one colour per kind of curve, with the codimension-two points where they
/// meet or change marked and labelled.
///
/// ```swift
/// var diagram = TwoParameterDiagram(title: "Morris–Lecar", xLabel: "I", yLabel: "g_Ca")
/// diagram.addCurve("fold", points: curve.points.map { ($0.parameters[0], $0.parameters[1]) })
/// for s in curve.specialPoints { diagram.addPoint("\(s.kind)", x: s.parameters[0], y: s.parameters[1]) }
/// let svg = diagram.figure().svg()
/// ```
public struct TwoParameterDiagram: Sendable {
    /// The panel title.
    public var title: String
    /// The axis labels (the first and the second parameter).
    public var xLabel: String
    public var yLabel: String
    /// The curves added so far, each with its kind's label.
    public private(set) var curves: [(label: String, points: [(x: Double, y: Double)])] = []
    /// The marked points: a label and a position.
    public private(set) var points: [(label: String, x: Double, y: Double)] = []

    /// An empty diagram.
    public init(title: String, xLabel: String, yLabel: String) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
    }

    /// Adds a curve, its points in order along it; curves with the same label share a colour and one
    /// legend entry.
    public mutating func addCurve(_ label: String, points: [(x: Double, y: Double)]) { curves.append((label, points)) }

    /// Marks a point (a cusp, a Bogdanov–Takens point, ...).
    public mutating func addPoint(_ label: String, x: Double, y: Double) { points.append((label, x, y)) }

    /// The figure: curves as lines, marked points as crosses, one legend entry per label.
    ///
    /// - Complexity: O(total points).
    public func figure(width: Double = 560, height: Double = 420, identifier: String = "two-parameter-diagram") -> Figure {
        var panel = Panel(title: title, xLabel: xLabel, yLabel: yLabel)
        let curveColors = ["#1f77b4", "#2ca02c", "#9467bd", "#8c564b"]
        var curveLabels: [String] = []
        for curve in curves where !curveLabels.contains(curve.label) { curveLabels.append(curve.label) }
        var named: Set<String> = []
        for curve in curves {
            let k = curveLabels.firstIndex(of: curve.label)!
            let name = named.insert(curve.label).inserted ? curve.label : nil
            panel.add(Series(name: name, points: curve.points, style: .line(width: 2), color: curveColors[k % curveColors.count]))
        }
        let pointColors = ["#d62728", "#ff7f0e", "#000000", "#bcbd22", "#17becf"]
        var pointLabels: [String] = []
        for point in points where !pointLabels.contains(point.label) { pointLabels.append(point.label) }
        for (k, label) in pointLabels.enumerated() {
            let marked = points.filter { $0.label == label }.map { (x: $0.x, y: $0.y) }
            panel.add(Series(name: label, points: marked, style: .crosses(size: 7), color: pointColors[k % pointColors.count]))
        }
        return Figure(panels: [panel], panelWidth: width, height: height, identifier: identifier)
    }
}
