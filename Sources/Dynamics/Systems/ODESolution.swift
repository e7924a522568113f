/// A numerical solution of a flow: the times and the state at each time.
public struct ODESolution: Sendable {
    /// The times, increasing, starting at 0.
    public var times: [Double]
    /// `states[k]` is the state at `times[k]`.
    public var states: [[Double]]

    /// A solution from its times and states, which must have the same count.
    ///
    /// - Complexity: O(1).
    @inlinable
    public init(times: [Double], states: [[Double]]) {
        precondition(times.count == states.count, "ODESolution: \(times.count) times for \(states.count) states")
        self.times = times
        self.states = states
    }

    /// The state at the last time.
    public var finalState: [Double] { states[states.count - 1] }
}

/// Why an ODE integration stopped early.
public enum IntegrationError: Error, Equatable, CustomStringConvertible {
    /// The state or the right-hand side became NaN or infinite at time `time`.
    case nonFinite(time: Double)
    /// More than `maxSteps` steps were needed.
    case tooManySteps(maxSteps: Int, time: Double)
    /// The step size fell below what floating point can resolve at time `time`.
    case stepSizeUnderflow(time: Double)
    /// An argument out of its domain (state length, duration, an option).
    case invalidArguments(InvalidArgument)

    /// A readable explanation with a suggested fix.
    public var description: String {
        switch self {
        case let .nonFinite(time):
            return "the solution became NaN or infinite at t = \(time); the flow may blow up, try a shorter duration"
        case let .tooManySteps(maxSteps, time):
            return "reached \(maxSteps) steps at t = \(time); raise maxSteps or loosen the tolerances (the flow may be stiff)"
        case let .stepSizeUnderflow(time):
            return "the step size underflowed at t = \(time); the flow may be singular there"
        case let .invalidArguments(problem):
            return "integration: \(problem)"
        }
    }
}
