import Dynamics

/// How the example shows one model: its phase-plane box, the two inputs of its portraits (at rest or
/// excitable, then oscillating), the input range of its bifurcation diagram, and trajectory starts.
public struct NeuronModelSetup: Sendable {
    /// File-name stem, e.g. "fitzhugh-nagumo".
    public var identifier: String
    /// Display name.
    public var name: String
    /// Axis labels.
    public var xLabel: String
    public var yLabel: String
    /// The phase-plane box.
    public var x: ClosedRange<Double>
    public var y: ClosedRange<Double>
    /// The input's name, e.g. "I".
    public var inputName: String
    /// The two portrait inputs: excitable (or at rest), oscillating.
    public var inputs: [Double]
    /// The bifurcation diagram's input range.
    public var inputRange: ClosedRange<Double>
    /// Where the portraits' trajectories start.
    public var trajectoryStarts: [[Double]]
    /// Their duration.
    public var duration: Double

    /// The three models of the example with their settings.
    public static let fitzHughNagumo = NeuronModelSetup(
        identifier: "fitzhugh-nagumo", name: "FitzHugh–Nagumo", xLabel: "v", yLabel: "w", x: -2.5...2.5, y: -1...2.5,
        inputName: "I", inputs: [0, 0.5], inputRange: 0...1.5,
        trajectoryStarts: grid(x: -2.5...2.5, y: -1...2.5, count: 4), duration: 100)
    public static let wilsonCowan = NeuronModelSetup(
        identifier: "wilson-cowan", name: "Wilson–Cowan", xLabel: "E", yLabel: "I", x: -0.1...0.5, y: -0.1...0.5,
        inputName: "P", inputs: [0, 1.25], inputRange: 0...2,
        trajectoryStarts: grid(x: -0.1...0.5, y: -0.1...0.5, count: 4), duration: 60)
    public static let morrisLecar = NeuronModelSetup(
        identifier: "morris-lecar", name: "Morris–Lecar", xLabel: "V (mV)", yLabel: "w", x: -70...50, y: -0.1...0.6,
        inputName: "I", inputs: [60, 100], inputRange: 0...150,
        trajectoryStarts: grid(x: -70...50, y: -0.1...0.6, count: 4), duration: 300)

    /// count × count points spread over the box (cell centres).
    static func grid(x: ClosedRange<Double>, y: ClosedRange<Double>, count: Int) -> [[Double]] {
        var points: [[Double]] = []
        let (width, height) = (x.upperBound - x.lowerBound, y.upperBound - y.lowerBound)
        for j in 0..<count {
            let b = y.lowerBound + (Double(j) + 0.5) / Double(count) * height
            for i in 0..<count {
                let a: Double = x.lowerBound + (Double(i) + 0.5) / Double(count) * width
                points.append([a, b])
            }
        }
        return points
    }
}
