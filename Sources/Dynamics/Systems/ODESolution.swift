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

    /// The coefficients of the integrator's continuous extension, 5n per step (step k, from `times[k]`
    /// to `times[k + 1]`, at 5n·k); empty for solutions without dense output (the fixed-step `trajectory`).
    @usableFromInline var dense: [Double] = []

    /// The dense coefficients of step k, when the solution has them.
    func denseSegment(_ k: Int) -> ArraySlice<Double>? {
        let width = 5 * (states.first?.count ?? 0)
        guard width > 0, dense.count == width * (times.count - 1), (0..<(times.count - 1)).contains(k) else { return nil }
        return dense[(k * width)..<((k + 1) * width)]
    }

    /// The state at the last time.
    public var finalState: [Double] { states[states.count - 1] }

    /// The state at any time in [0, final time] from the Dormand–Prince continuous extension (order 4,
    /// as accurate as the steps), not just at the steps; nil outside that interval or for a solution
    /// without dense output (the fixed-step `trajectory(from:duration:dt:)`).
    ///
    /// - Complexity: O(log steps + n).
    public func state(at time: Double) -> [Double]? {
        guard denseSegment(0) != nil, let first = times.first, let last = times.last, time >= first, time <= last else {
            return time == times.first && times.count == 1 ? states[0] : nil
        }
        // The last step k with times[k] ≤ time.
        var (low, high) = (0, times.count - 2)
        while low < high {
            let middle = (low + high + 1) / 2
            if times[middle] <= time { low = middle } else { high = middle - 1 }
        }
        if time == times[low] { return states[low] }
        if time == last { return states[states.count - 1] }
        let width = times[low + 1] - times[low]
        let theta = width > 0 ? Swift.min(1, Swift.max(0, (time - times[low]) / width)) : 0
        return DormandPrinceSolver.interpolate(denseSegment(low)!, at: theta)
    }

    /// The zeros of `event` along this solution, after the fact (when g depends on the solution
    /// itself, e.g. its mean): each step over which g changes sign in the event's direction, located on
    /// the dense output; `event` is 0 in the crossings returned. Empty without dense output.
    ///
    /// - Complexity: one evaluation of g per step, about ten per crossing.
    public func crossings(of event: EventFunction) -> [EventCrossing] {
        guard denseSegment(0) != nil else { return [] }
        let values = states.map(event.value)
        return times.indices.dropLast().compactMap { k in
            DormandPrinceSolver.locate(event, from: values[k], to: values[k + 1], segment: denseSegment(k)!, start: times[k], step: times[k + 1] - times[k])
                .map { EventCrossing(event: 0, time: $0.time, state: $0.state, rising: $0.rising) }
        }
    }
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

extension IntegrationError {
    /// The time an integration stopped at; NaN for a bad argument.
    @usableFromInline
    var time: Double {
        switch self {
        case let .nonFinite(time), let .tooManySteps(_, time), let .stepSizeUnderflow(time): return time
        case .invalidArguments: return .nan
        }
    }
}
