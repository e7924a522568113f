/// The Lyapunov exponents of a map (per step) or a flow (per unit time) along an orbit, by the QR
/// method of Benettin et al.: k tangent vectors are pushed forward with the exact derivative (dual
/// numbers, eight directions per pass), re-orthonormalised by a QR decomposition, and the logarithms of
/// R's diagonal accumulated.
///
/// ```swift
/// let spectrum = try LyapunovSpectrum(henon, from: [0.1, 0.1], steps: 100_000, transient: 1_000)
/// spectrum.exponents            // ≈ [0.419, −1.623], summing to ln 0.3 exactly
/// let lorenzSpectrum = try LyapunovSpectrum(lorenz, from: [1, 1, 1], duration: 1_000, transient: 10)
/// ```
///
/// For a flow the state and its tangents are advanced together by classical Runge–Kutta on dual
/// numbers: the tangents follow the exact derivative of the integration step (the discretised
/// variational equation), so the exponents are those of the RK4 map divided by its time step, which
/// approach the flow's as the step shrinks (O(Δt⁴)); the sum of all exponents is the time average of
/// the Jacobian's trace to that accuracy. `convergence` records the running estimates for plotting.
///
/// - Complexity: per step, ⌈k/8⌉ passes of `step` on `Dual<8>` (four per RK4 stage set for a flow) and
///   one O(n·k²) QR (every `renormalizationInterval` for a flow).
public struct LyapunovSpectrum: Sendable {
    /// The exponents, descending: per step for a map, per unit time for a flow.
    public let exponents: [Double]
    /// (time, running estimates) at about 200 checkpoints: steps for a map, time for a flow.
    public let convergence: [(time: Double, exponents: [Double])]
    /// The state at the end of the run.
    public let finalState: [Double]

    /// The spectrum of a map along the orbit from `state`.
    ///
    /// - Parameters:
    ///   - system: the map.
    ///   - state: the initial state.
    ///   - steps: steps averaged over.
    ///   - transient: steps discarded first; default 0.
    ///   - count: how many leading exponents; default all n.
    /// - Throws: ``LyapunovError`` for bad arguments or an orbit that leaves the finite numbers.
    @inlinable
    public init<System: DiscreteMap>(_ system: System, from state: [Double], steps: Int, transient: Int = 0, count: Int? = nil) throws(LyapunovError) {
        let n = system.dimension
        let k = count ?? n
        try LyapunovSpectrum.validate(state: state, dimension: n, count: k, length: Double(steps), transient: Double(transient))
        var x = state
        for s in 0..<transient {
            x = system.step(x)
            guard x.allSatisfy(\.isFinite) else { throw .diverged(time: Double(s + 1)) }
        }
        var directions = LyapunovSpectrum.initialDirections(count: k, dimension: n)
        var workspace = DualJacobianWorkspace(dimension: n, jacobian: false)
        var sums = [Double](repeating: 0, count: k)
        var history: [(time: Double, exponents: [Double])] = []
        let checkpoint = Swift.max(1, steps / 200)
        for s in 1...steps {
            let pushed = system.jacobianProducts(at: x, directions: directions, workspace: &workspace)
            x = system.step(x)
            guard x.allSatisfy(\.isFinite) else { throw .diverged(time: Double(transient + s)) }
            do {
                directions = try LyapunovSpectrum.reorthonormalize(pushed, accumulating: &sums, at: Double(transient + s))
            } catch {
                var probe = x
                throw LyapunovSpectrum.diagnose(error, at: Double(transient + s), timeStep: 1, remaining: steps - s) {
                    probe = system.step(probe)
                    return probe
                }
            }
            if s % checkpoint == 0 || s == steps { history.append((Double(s), sums.map { $0 / Double(s) })) }
        }
        exponents = sums.map { $0 / Double(steps) }.sorted(by: >)
        convergence = history
        finalState = x
    }

    /// The spectrum of a flow along the trajectory from `state`.
    ///
    /// - Parameters:
    ///   - system: the flow.
    ///   - state: the initial state.
    ///   - duration: the time averaged over.
    ///   - transient: time discarded first; default 0.
    ///   - count: how many leading exponents; default all n.
    ///   - timeStep: the RK4 step; default 0.001 (sums exact to about 1e-7 per unit time on Lorenz).
    ///   - renormalizationInterval: time between QR re-orthonormalisations; default 0.1.
    /// - Throws: ``LyapunovError`` for bad arguments or a trajectory that leaves the finite numbers.
    @inlinable
    public init<System: ContinuousFlow>(
        _ system: System, from state: [Double], duration: Double, transient: Double = 0, count: Int? = nil,
        timeStep: Double = 0.001, renormalizationInterval: Double = 0.1
    ) throws(LyapunovError) {
        let n = system.dimension
        let k = count ?? n
        try LyapunovSpectrum.validate(state: state, dimension: n, count: k, length: duration, transient: transient)
        guard timeStep > 0 && timeStep.isFinite && (duration + transient) / timeStep <= 1e10 else {
            throw .invalidArguments("timeStep is \(timeStep); it must be positive with at most 1e10 steps in transient + duration (\(transient + duration))")
        }
        guard renormalizationInterval >= timeStep && !renormalizationInterval.isNaN else {
            throw .invalidArguments("renormalizationInterval is \(renormalizationInterval); it must be at least timeStep (\(timeStep)), default 0.1")
        }
        var x = state
        let transientSteps = Int((transient / timeStep).rounded())
        for s in 0..<transientSteps {
            x = RungeKutta4.step(from: x, by: timeStep, field: system.step)
            guard x.allSatisfy(\.isFinite) else { throw .diverged(time: Double(s + 1) * timeStep) }
        }
        let steps = Swift.max(1, Int((duration / timeStep).rounded()))
        // An interval longer than the run means one re-orthonormalisation, at its end.
        let stepsPerRenormalization = Swift.max(1, Int((Swift.min(renormalizationInterval, duration) / timeStep).rounded()))
        var directions = LyapunovSpectrum.initialDirections(count: k, dimension: n)
        var sums = [Double](repeating: 0, count: k)
        var history: [(time: Double, exponents: [Double])] = []
        let checkpoint = Swift.max(1, (steps / stepsPerRenormalization) / 200) * stepsPerRenormalization
        var s = 0
        // Every ~100 steps the step is checked against two half steps (3 extra RK4 steps).
        let accuracyCheckEvery = Swift.max(1, 100 / stepsPerRenormalization)
        var blocks = 0
        while s < steps {
            if blocks % accuracyCheckEvery == 0 { try LyapunovSpectrum.checkStepAccuracy(system, at: x, timeStep: timeStep, time: transient + Double(s) * timeStep) }
            blocks += 1
            let block = Swift.min(stepsPerRenormalization, steps - s)
            var pushed = Matrix(rows: k, columns: n)
            var start = 0
            var next = x
            while start < k {
                // Eight tangents ride along as the partials of one dual-number integration.
                let width = Swift.min(8, k - start)
                var y = (0..<n).map { i in
                    var partials = InlineArray<8, Double>(repeating: 0)
                    for c in 0..<width { partials[c] = directions[start + c, i] }
                    return Dual<8>(value: x[i], partials: partials)
                }
                for _ in 0..<block { y = RungeKutta4.step(from: y, by: timeStep, field: system.step) }
                next = y.map(\.value)
                for c in 0..<width { for i in 0..<n { pushed[start + c, i] = y[i].partials[c] } }
                start += 8
            }
            x = next
            s += block
            let time = transient + Double(s) * timeStep
            guard x.allSatisfy(\.isFinite) else { throw .diverged(time: time) }
            do {
                directions = try LyapunovSpectrum.reorthonormalize(pushed, accumulating: &sums, at: time)
            } catch {
                var probe = x
                throw LyapunovSpectrum.diagnose(error, at: time, timeStep: timeStep, remaining: steps - s) {
                    probe = RungeKutta4.step(from: probe, by: timeStep, field: system.step)
                    return probe
                }
            }
            if s % checkpoint == 0 || s == steps { history.append((Double(s) * timeStep, sums.map { $0 / (Double(s) * timeStep) })) }
        }
        exponents = sums.map { $0 / (Double(steps) * timeStep) }.sorted(by: >)
        convergence = history
        finalState = x
    }

    /// Checks the arguments common to maps and flows.
    @usableFromInline
    static func validate(state: [Double], dimension n: Int, count k: Int, length: Double, transient: Double) throws(LyapunovError) {
        guard state.count == n else { throw .invalidArguments("the state has \(state.count) values, the system's dimension is \(n)") }
        guard state.allSatisfy(\.isFinite) else { throw .invalidArguments("the initial state holds NaN or infinite values") }
        guard k >= 1 && k <= n else { throw .invalidArguments("count must be in 1...\(n), got \(k)") }
        guard length > 0 && length.isFinite && length <= 1e9 else { throw .invalidArguments("the number of steps or the duration must be positive (at most 1e9), got \(length)") }
        guard transient >= 0 && transient.isFinite && transient <= 1e9 else { throw .invalidArguments("the transient must be between 0 and 1e9, got \(transient)") }
    }

    /// Refuses a time step too large for the flow at `x`: one RK4 step of h against two of h/2 differ
    /// by about 15/16 of the local error of the step; beyond 1e-3·max(1, ‖x‖) the run would measure the
    /// exponents of a numerical artefact (Lorenz with h = 1 gives all exponents positive), so it stops
    /// with the size found and what to do.
    ///
    /// - Complexity: 3 RK4 steps.
    @usableFromInline
    static func checkStepAccuracy<System: ContinuousFlow>(_ system: System, at x: [Double], timeStep h: Double, time: Double) throws(LyapunovError) {
        let whole = RungeKutta4.step(from: x, by: h, field: system.step)
        let halves = RungeKutta4.step(from: RungeKutta4.step(from: x, by: h / 2, field: system.step), by: h / 2, field: system.step)
        let difference = distance(whole, halves)
        let scale = Swift.max(1, euclideanNorm(x))
        guard difference.isFinite && whole.allSatisfy(\.isFinite) else { throw .diverged(time: time + h) }
        guard difference <= 1e-3 * scale else {
            throw .invalidArguments("timeStep is \(h); one step and two half steps differ by \(difference) at a state of norm \(scale), so the exponents would be those of the integrator, not of the flow: use a smaller timeStep (the error falls as its fifth power) or the adaptive initializer (tolerance:)")
        }
    }

    /// The first k unit vectors, one per row.
    @usableFromInline
    static func initialDirections(count k: Int, dimension n: Int) -> Matrix {
        var directions = Matrix(rows: k, columns: n)
        for c in 0..<k { directions[c, c] = 1 }
        return directions
    }

    /// QR of the pushed tangents (rows): adds log|Rᵢᵢ| to `sums`, returns Qᵀ's rows as the new directions.
    @usableFromInline
    static func reorthonormalize(_ pushed: Matrix, accumulating sums: inout [Double], at time: Double) throws(LyapunovError) -> Matrix {
        guard pushed.isFinite, let qr = try? QRDecomposition(of: pushed.transposed) else { throw .diverged(time: time) }
        for i in 0..<sums.count {
            let stretch = abs(qr.r[i, i])
            guard stretch > 0 else { throw .degenerate(time: time) }
            sums[i] += Double.log(stretch)
        }
        return qr.q.transposed
    }

    /// Tells a collapse caused by an escaping orbit from a singular Jacobian. When one step stretches
    /// the tangents apart by more than 1/ε (an orbit on its way to infinity does) the smaller stretches
    /// round to zero although the Jacobian is regular; so on a collapse the orbit alone is followed on
    /// (at most `remaining` steps, capped at 10⁴) and the error becomes `.diverged` if it leaves the
    /// finite numbers.
    @usableFromInline
    static func diagnose(_ error: LyapunovError, at time: Double, timeStep: Double, remaining: Int, advance: () -> [Double]) -> LyapunovError {
        guard case .degenerate = error else { return error }
        for extra in 0..<Swift.min(remaining, 10_000) where !advance().allSatisfy(\.isFinite) {
            return .diverged(time: time + Double(extra + 1) * timeStep)
        }
        return error
    }
}

/// Why a Lyapunov spectrum could not be computed.
public enum LyapunovError: Error, Equatable, CustomStringConvertible {
    /// Bad arguments; the message names them.
    case invalidArguments(String)
    /// The orbit or its tangents left the finite numbers at this step (map) or time (flow).
    case diverged(time: Double)
    /// A tangent direction collapsed to zero (a stretch of exactly 0) at this step or time.
    case degenerate(time: Double)

    /// A readable explanation with what to do.
    public var description: String {
        switch self {
        case let .invalidArguments(message): return "Lyapunov spectrum: \(message)"
        case let .diverged(time): return "Lyapunov spectrum: the orbit became NaN or infinite at \(time); start on the attractor, or shorten the time step of a flow"
        case let .degenerate(time): return "Lyapunov spectrum: a tangent direction collapsed to zero at \(time) (a Jacobian with a zero eigenvalue along the orbit, or stretches more than 1/ε apart in one step); ask for fewer exponents"
        }
    }
}
