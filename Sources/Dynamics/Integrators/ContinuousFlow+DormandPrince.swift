import RealModule

/// Settings of the adaptive Dormand-Prince 5(4) integrator.
public struct DormandPrinceOptions: Sendable {
    /// Absolute tolerance per component; default 1e-8.
    public var absoluteTolerance: Double
    /// Relative tolerance per component; default 1e-8.
    public var relativeTolerance: Double
    /// The first trial step; nil (default) picks one from the scale of x₀ and f(x₀) (Hairer's rule).
    public var initialStep: Double?
    /// Upper bound on the step size; default ∞.
    public var maxStep: Double
    /// Give up after this many accepted and rejected steps; default 100,000.
    public var maxSteps: Int

    /// Options with the documented defaults. Values are checked when an integration starts
    /// (``validationError``), which throws ``IntegrationError/invalidArguments(_:)`` for a bad one.
    public init(
        absoluteTolerance: Double = 1e-8, relativeTolerance: Double = 1e-8, initialStep: Double? = nil,
        maxStep: Double = .infinity, maxSteps: Int = 100_000
    ) {
        self.absoluteTolerance = absoluteTolerance
        self.relativeTolerance = relativeTolerance
        self.initialStep = initialStep
        self.maxStep = maxStep
        self.maxSteps = maxSteps
    }

    /// The first option out of its domain, or nil when all are usable.
    ///
    /// - Complexity: O(1).
    public var validationError: InvalidArgument? {
        if !(absoluteTolerance > 0 && absoluteTolerance.isFinite) {
            return InvalidArgument("absoluteTolerance", is: absoluteTolerance, allowed: "it must be positive and finite (default 1e-8)")
        }
        if !(relativeTolerance >= 0 && relativeTolerance.isFinite) {
            return InvalidArgument("relativeTolerance", is: relativeTolerance, allowed: "it must be ≥ 0 and finite (default 1e-8)")
        }
        if let initialStep, !(initialStep > 0 && initialStep.isFinite) {
            return InvalidArgument("initialStep", is: initialStep, allowed: "it must be positive and finite, or nil to choose one")
        }
        if !(maxStep > 0) || maxStep.isNaN {
            return InvalidArgument("maxStep", is: maxStep, allowed: "it must be positive (default ∞)")
        }
        if maxSteps < 1 {
            return InvalidArgument("maxSteps", is: maxSteps, allowed: "it must be at least 1 (default 100,000)")
        }
        return nil
    }
}

/// The Dormand-Prince 5(4) Butcher tableau (Dormand & Prince 1980).
@usableFromInline
enum DormandPrinceTableau {
    @usableFromInline static let a: [[Double]] = [
        [],
        [1.0 / 5],
        [3.0 / 40, 9.0 / 40],
        [44.0 / 45, -56.0 / 15, 32.0 / 9],
        [19372.0 / 6561, -25360.0 / 2187, 64448.0 / 6561, -212.0 / 729],
        [9017.0 / 3168, -355.0 / 33, 46732.0 / 5247, 49.0 / 176, -5103.0 / 18656],
        [35.0 / 384, 0, 500.0 / 1113, 125.0 / 192, -2187.0 / 6784, 11.0 / 84],
    ]
    /// The 5th-order weights equal the last row of `a` (the FSAL property), so stage 7 is f at the new
    /// state. `errorWeights` are those minus the embedded 4th-order weights.
    @usableFromInline static let errorWeights: [Double] = [
        71.0 / 57600, 0, -71.0 / 16695, 71.0 / 1920, -17253.0 / 339200, 22.0 / 525, -1.0 / 40,
    ]

    /// The step-size controller of both Dormand–Prince integrators (values, and values with
    /// tangents): h ← h·factor with factor = 0.9·error^(−1/5) (exponent 1/(order + 1)), bounded to
    /// [0.2, 5]; 5 for a zero error estimate.
    @inlinable
    static func stepFactor(error: Double) -> Double {
        error == 0 ? 5 : Swift.min(5, Swift.max(0.2, 0.9 * Double.pow(error, -0.2)))
    }
}

extension ContinuousFlow {
    /// Integrates dx/dt = f(x) adaptively with the Dormand-Prince 5(4) pair, keeping the local error of
    /// each accepted step below `atol + rtol·|x|` in the RMS norm (as scipy's RK45 and Julia's DP5).
    ///
    /// - Parameters:
    ///   - x0: the initial state, `dimension` values.
    ///   - duration: the time span, ≥ 0.
    ///   - options: tolerances and step limits; defaults 1e-8 / 1e-8.
    /// - Returns: every accepted step's time and state, ending exactly at `duration`.
    /// - Throws: ``IntegrationError`` for a bad argument (wrong-length state, negative or infinite
    ///   duration, an option out of its domain), or when the solution stops being finite, the step
    ///   size underflows, or `maxSteps` is reached.
    /// - Complexity: 6 evaluations of `step` per attempted step (first-same-as-last).
    @inlinable
    public func integrate(
        from x0: [Double], duration: Double, options: DormandPrinceOptions = DormandPrinceOptions()
    ) throws(IntegrationError) -> ODESolution {
        guard x0.count == dimension else {
            throw .invalidArguments(InvalidArgument("the initial state", is: "\(x0.count) values", allowed: "the system's dimension is \(dimension)"))
        }
        guard duration >= 0 && duration.isFinite else {
            throw .invalidArguments(InvalidArgument("duration", is: duration, allowed: "it must be ≥ 0 and finite"))
        }
        if let problem = options.validationError { throw .invalidArguments(problem) }
        let n = dimension
        let a = DormandPrinceTableau.a
        let e = DormandPrinceTableau.errorWeights
        let (atol, rtol) = (options.absoluteTolerance, options.relativeTolerance)
        func scaledNorm(_ v: [Double], _ x: [Double], _ y: [Double]) -> Double {
            var sum = 0.0
            for i in 0..<n {
                let scale = atol + rtol * Swift.max(abs(x[i]), abs(y[i]))
                sum += (v[i] / scale) * (v[i] / scale)
            }
            return n == 0 ? 0 : (sum / Double(n)).squareRoot()
        }

        var solution = ODESolution(times: [0], states: [x0])
        var x = x0
        var t = 0.0
        var f = step(x)
        guard f.allSatisfy(\.isFinite), x.allSatisfy(\.isFinite) else { throw .nonFinite(time: 0) }
        var h: Double
        if let initial = options.initialStep {
            h = initial
        } else {
            // Hairer, Nørsett & Wanner, "Solving ODEs I", II.4: h = 0.01·‖x‖/‖f‖, bounded below.
            let d0 = scaledNorm(x, x, x)
            let d1 = scaledNorm(f, x, x)
            h = (d0 < 1e-5 || d1 < 1e-5) ? 1e-6 : 0.01 * d0 / d1
        }
        h = Swift.min(h, options.maxStep)
        var attempts = 0
        var k = [[Double]](repeating: [], count: 7)
        while t < duration {
            attempts += 1
            if attempts > options.maxSteps { throw .tooManySteps(maxSteps: options.maxSteps, time: t) }
            h = Swift.min(h, duration - t)
            if h <= 16 * t.ulp { throw .stepSizeUnderflow(time: t) }
            k[0] = f
            var stage = x
            for s in 1..<7 {
                for i in 0..<n {
                    var sum = 0.0
                    for j in 0..<s { sum += a[s][j] * k[j][i] }
                    stage[i] = x[i] + h * sum
                }
                k[s] = step(stage)
            }
            // `stage` is now the 5th-order solution and k[6] = f(stage).
            var errorEstimate = [Double](repeating: 0, count: n)
            for i in 0..<n {
                var sum = 0.0
                for j in 0..<7 { sum += e[j] * k[j][i] }
                errorEstimate[i] = h * sum
            }
            let error = scaledNorm(errorEstimate, x, stage)
            guard error.isFinite, stage.allSatisfy(\.isFinite) else {
                // A non-finite trial may be a step too long; shrink hard before giving up.
                h *= 0.1
                if h <= 16 * Swift.max(t, 1).ulp { throw .nonFinite(time: t) }
                continue
            }
            if error <= 1 {
                t = (duration - t - h <= 16 * duration.ulp) ? duration : t + h
                x = stage
                f = k[6]
                solution.times.append(t)
                solution.states.append(x)
            }
            let factor = DormandPrinceTableau.stepFactor(error: error)
            h = Swift.min(h * factor, options.maxStep)
        }
        return solution
    }
}
