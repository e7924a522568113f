/// A scalar function of the state whose zeros, met along an integration, are recorded as crossings:
/// a Poincaré section (a coordinate through a value), a spike threshold, a phase marker for periods.
///
/// ```swift
/// let section = EventFunction(direction: .rising) { x in x[1] }            // y = 0, upward
/// let (solution, crossings) = try flow.integrate(from: x0, duration: 100, events: [section])
/// let returnTimes = zip(crossings, crossings.dropFirst()).map { $1.time - $0.time }   // the period
/// ```
public struct EventFunction {
    /// Which zeros count.
    public enum Direction: Sendable {
        /// From negative to positive.
        case rising
        /// From positive to negative.
        case falling
        /// Both.
        case either
    }

    /// Which zeros count; default `.either`.
    public var direction: Direction
    /// g(x); its sign changes between two accepted steps are located on the dense output. A NaN or
    /// infinite value at a step ends no search and starts none (that step is skipped).
    public var value: ([Double]) -> Double

    /// An event g(x) = 0 crossed in `direction`.
    public init(direction: Direction = .either, _ value: @escaping ([Double]) -> Double) {
        self.direction = direction
        self.value = value
    }
}

/// Where an integration crossed the zero of an ``EventFunction``.
public struct EventCrossing: Sendable, Equatable {
    /// The index of the event function in the list given.
    public var event: Int
    /// The time of the zero, located on the Dormand–Prince dense output (order 4) to about 1e-13 of
    /// the step.
    public var time: Double
    /// The state there (dense output).
    public var state: [Double]
    /// Whether g went from negative to positive.
    public var rising: Bool
}
