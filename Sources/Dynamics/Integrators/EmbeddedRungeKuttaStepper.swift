import RealModule

/// A scalar the Dormand–Prince stepper can advance: `Double` (states) and `Dual<W>` (states with W
/// tangent vectors riding along as partials). The error is measured on each scalar's components: its
/// value and its partials (tangents not in use are zero and add nothing).
@usableFromInline
protocol DormandPrinceScalar: DynamicsScalar {
    /// self += w·x on every component (one multiply-add per component: the stage sums).
    mutating func add(_ w: Double, times x: Self)
    /// Σ over the components (value, then partials) of (h·error / (atol + rtol·max(|before|, |after|)))².
    static func squaredScaledError(
        _ error: Self, before: Self, after: Self, step h: Double, absoluteTolerance: Double,
        relativeTolerance: Double) -> Double
}

extension Double: DormandPrinceScalar {
    @inlinable @inline(__always)
    mutating func add(_ w: Double, times x: Double) { self += w * x }
    @inlinable @inline(__always)
    static func squaredScaledError(
        _ error: Double, before: Double, after: Double, step h: Double, absoluteTolerance: Double,
        relativeTolerance: Double) -> Double {
        let ratio = h * error / (absoluteTolerance + relativeTolerance * Swift.max(Swift.abs(before), Swift.abs(after)))
        return ratio * ratio
    }
}

extension Dual: DormandPrinceScalar {
    @inlinable @inline(__always)
    mutating func add(_ w: Double, times x: Dual<N>) {
        value += w * x.value
        for c in 0..<N { partials[c] += w * x.partials[c] }
    }
    @inlinable @inline(__always)
    static func squaredScaledError(
        _ error: Dual<N>, before: Dual<N>, after: Dual<N>, step h: Double, absoluteTolerance: Double,
        relativeTolerance: Double) -> Double {
        func term(_ e: Double, _ a: Double, _ b: Double) -> Double {
            let ratio = h * e / (absoluteTolerance + relativeTolerance * Swift.max(Swift.abs(a), Swift.abs(b)))
            return ratio * ratio
        }
        var sum = term(error.value, before.value, after.value)
        // Unused partials are zero in all three, so summing all N adds zeros: no branch per component.
        for c in 0..<N { sum += term(error.partials[c], before.partials[c], after.partials[c]) }
        return sum
    }
}

/// The right-hand side the stepper integrates, as a type rather than a closure so that a system's
/// `step(_:into:)` is specialised into the stepper's loop (a closure argument is called through its
/// context on every stage).
@usableFromInline
protocol DormandPrinceField<Scalar> {
    associatedtype Scalar
    /// Writes the vector field at `x` into `f`.
    func evaluate(_ x: [Scalar], into f: inout [Scalar])
}

/// A flow's in-place `step(_:into:)` as a field.
@usableFromInline
struct FlowField<System: ContinuousFlow, Scalar: DynamicsScalar>: DormandPrinceField {
    @usableFromInline let system: System
    @inlinable init(_ system: System) { self.system = system }
    @inlinable @inline(__always)
    func evaluate(_ x: [Scalar], into f: inout [Scalar]) { system.step(x, into: &f) }
}

/// A closure returning the field's values as a field.
@usableFromInline
struct ClosureField: DormandPrinceField {
    @usableFromInline let field: ([Double]) -> [Double]
    @inlinable init(_ field: @escaping ([Double]) -> [Double]) { self.field = field }
    @inlinable
    func evaluate(_ x: [Double], into f: inout [Double]) { f = field(x) }
}

/// The one adaptive Runge–Kutta integrator of the package: an embedded Dormand–Prince pair
/// (``EmbeddedRungeKuttaPair``: ``DormandPrince54``, or ``DormandPrince853`` for tight tolerances)
/// with step-size control as in Hairer, Nørsett & Wanner, Solving ODEs I, II.4, generic over the
/// scalar: on `Double` it integrates states (``ContinuousFlow/integrate(from:duration:options:events:)``,
/// with dense output and events added by ``DormandPrinceSolver``); on `Dual<W>` the same steps carry
/// up to W tangent vectors (Lyapunov spectra, shooting for cycles), and the error control covers the
/// tangents too.
///
/// Buffers are allocated once; with a field that writes in place (`step(_:into:)`) a step allocates
/// nothing.
///
/// - Complexity: s − 1 evaluations of the field per accepted step (first-same-as-last: 6 for 5(4),
///   12 for 8(5,3)), as many more per rejection; O(n·components·s²) arithmetic per step.
@usableFromInline
struct EmbeddedRungeKuttaStepper<S: DormandPrinceScalar, Pair: EmbeddedRungeKuttaPair> {
    @usableFromInline let dimension: Int
    /// Error scale per component: absoluteTolerance + relativeTolerance·max(|before|, |after|).
    @usableFromInline var absoluteTolerance: Double
    @usableFromInline var relativeTolerance: Double
    @usableFromInline var maxStep = Double.infinity
    /// Give up after this many attempted steps in one ``advance(by:from:field:accepted:)``.
    @usableFromInline var maxSteps = Int.max
    /// Components of each scalar the error is measured on: 1 + the tangents in use.
    @usableFromInline var components = 1
    /// The next step to try; carried over from one call to the next.
    @usableFromInline var stepSize: Double
    /// The state.
    @usableFromInline var y: [S]
    /// k₁…k_s; k₁ = field(y) between steps.
    @usableFromInline var stages: [[S]]
    /// The trial state of the step being attempted.
    @usableFromInline var trial: [S]
    /// Whether stages[0] is field(y) (set false when y is loaded from outside).
    @usableFromInline var slopeIsCurrent = false

    @inlinable
    init(dimension n: Int, absoluteTolerance: Double, relativeTolerance: Double, initialStep: Double) {
        dimension = n
        self.absoluteTolerance = absoluteTolerance
        self.relativeTolerance = relativeTolerance
        stepSize = initialStep
        let zero = [S](repeating: S(0), count: n)
        y = zero
        stages = [[S]](repeating: zero, count: Pair.stageCount)
        trial = zero
    }

    /// The pair's norm (``EmbeddedRungeKuttaPair/norm(main:lowOrder:count:)``) of h·Σⱼ eⱼkⱼ /
    /// (atol + rtol·max(|y|, |trial|)) over coordinates and components, with the pair's error weights (and
    /// low-order ones) passed in.
    @inlinable @inline(__always)
    func errorNorm(step h: Double, weights: [Double], lowOrderWeights: [Double]?) -> Double {
        let s = Pair.stageCount
        // Σ over coordinates of each component of Σⱼ wⱼkⱼ against its scale, both estimates in one pass.
        var main = 0.0, lowOrder = 0.0
        for i in 0..<dimension {
            var error = S(0)
            for j in 0..<s where weights[j] != 0 { error.add(weights[j], times: stages[j][i]) }
            main += S.squaredScaledError(
                error, before: y[i], after: trial[i], step: h,
                absoluteTolerance: absoluteTolerance, relativeTolerance: relativeTolerance)
            if let lowOrderWeights {
                var error = S(0)
                for j in 0..<s where lowOrderWeights[j] != 0 { error.add(lowOrderWeights[j], times: stages[j][i]) }
                lowOrder += S.squaredScaledError(
                    error, before: y[i], after: trial[i], step: h,
                    absoluteTolerance: absoluteTolerance, relativeTolerance: relativeTolerance)
            }
        }
        return Pair.norm(main: main, lowOrder: lowOrder, count: components * dimension)
    }

    /// Advances y by exactly `duration` ≥ 0 with steps whose estimated local error is at most 1 in
    /// ``errorNorm(step:)``. After each accepted step, before y moves on, `accepted(start, h, self)` (when
    /// given) sees the old state in `y`, the new one in `trial` and the stages (dense output, events).
    ///
    /// - Parameters:
    ///   - field: the vector field.
    ///   - time: the time at which this call starts, for the times errors report.
    /// - Throws: ``IntegrationError/nonFinite(time:)`` when the state stops being finite,
    ///   ``IntegrationError/stepSizeUnderflow(time:)``, ``IntegrationError/tooManySteps(maxSteps:time:)``.
    @inlinable
    mutating func advance<Field: DormandPrinceField>(
        by duration: Double, from time: Double = 0, field: Field,
        accepted: ((Double, Double, borrowing EmbeddedRungeKuttaStepper<S, Pair>) throws(IntegrationError) -> Void)? = nil
    ) throws(IntegrationError) where Field.Scalar == S {
        // The tableau fetched once per call: through the protocol each fetch retains the array.
        let (a, errorWeights, lowOrderErrorWeights) = (Pair.a, Pair.errorWeights, Pair.lowOrderErrorWeights)
        let count = Pair.stageCount, last = count - 1
        if !slopeIsCurrent {
            field.evaluate(y, into: &stages[0])
            slopeIsCurrent = true
        }
        var t = 0.0
        var attempts = 0
        // Steps below 16 ulps of the times involved cannot advance the clock.
        let smallest = 16 * Swift.max(Swift.abs(time) + duration, 1).ulp
        while t < duration {
            attempts += 1
            if attempts > maxSteps { throw .tooManySteps(maxSteps: maxSteps, time: time + t) }
            let h = Swift.min(stepSize, maxStep, duration - t)
            guard h > smallest else { throw .stepSizeUnderflow(time: time + t) }
            for s in 1..<count {
                let row = a[s]
                // trial = y + Σⱼ (h·a_sj)·kⱼ, summed in j's order either way (the same bits); one
                // uniqueness check per stage, not one per element.
                trial.withUnsafeMutableBufferPointer { next in
                    if S.self == Double.self && Pair.stageCount > 7 {
                        // Plain values on the 8(5,3) pair, whose rows are a third zeros: one contiguous
                        // pass per nonzero weight.
                        for i in 0..<dimension { next[i] = y[i] }
                        for j in 0..<s where row[j] != 0 {
                            let w = h * row[j]
                            stages[j].withUnsafeBufferPointer { k in
                                for i in 0..<dimension { next[i].add(w, times: k[i]) }
                            }
                        }
                    } else {
                        // Duals, and the 5(4) pair: each coordinate's sum kept in registers.
                        for i in 0..<dimension {
                            var sum = y[i]
                            for j in 0..<s where row[j] != 0 { sum.add(h * row[j], times: stages[j][i]) }
                            next[i] = sum
                        }
                    }
                }
                field.evaluate(trial, into: &stages[s])
            }
            // trial is the solution (a's last row is b) and stages[last] the field there.
            let norm = errorNorm(step: h, weights: errorWeights, lowOrderWeights: lowOrderErrorWeights)
            guard norm.isFinite, trial.allSatisfy({ $0.primalValue.isFinite }) else {
                // A non-finite trial may be a step too long: shrink hard before giving up.
                stepSize = h / 10
                if stepSize <= smallest { throw .nonFinite(time: time + t) }
                continue
            }
            let factor = Pair.stepFactor(error: norm)
            if norm <= 1 {
                if let accepted { try accepted(time + t, h, self) }
                t = duration - t - h <= 16 * duration.ulp ? duration : t + h
                swap(&y, &trial)
                stages.swapAt(0, last)
                // Keep the controller's step unless this one was cut short by the interval's end.
                if h == stepSize || factor < 1 { stepSize = h * factor }
            } else {
                stepSize = h * factor
            }
        }
    }
}

extension EmbeddedRungeKuttaStepper where S == Double {
    /// Loads the state `x` (the next advance evaluates the field there first).
    @inlinable
    mutating func load(state x: [Double]) {
        y = x
        components = 1
        slopeIsCurrent = false
    }

    /// Hairer's first trial step for x₀ with slope f₀ (Solving ODEs I, II.4): 0.01·‖x₀‖/‖f₀‖ in the
    /// error norm, 1e-6 when either is below 1e-5.
    @inlinable
    func initialStep(from x: [Double], slope f: [Double]) -> Double {
        func norm(_ v: [Double]) -> Double {
            var sum = 0.0
            for i in 0..<dimension {
                let ratio = v[i] / (absoluteTolerance + relativeTolerance * Swift.abs(x[i]))
                sum += ratio * ratio
            }
            return dimension == 0 ? 0 : (sum / Double(dimension)).squareRoot()
        }
        let (d0, d1) = (norm(x), norm(f))
        return (d0 < 1e-5 || d1 < 1e-5) ? 1e-6 : 0.01 * d0 / d1
    }
}

extension EmbeddedRungeKuttaStepper {
    /// Loads the state `x` with the tangents `first ..< first + width` (rows of `directions`, n each)
    /// as partials; the error is then controlled on the values and those tangents.
    @inlinable
    mutating func load<let W: Int>(state x: [Double], directions: [Double], first: Int, width: Int) where S == Dual<W> {
        let n = dimension
        components = 1 + width
        for i in 0..<n {
            var partials = InlineArray<W, Double>(repeating: 0)
            for c in 0..<width { partials[c] = directions[(first + c) * n + i] }
            y[i] = Dual<W>(value: x[i], partials: partials)
        }
        slopeIsCurrent = false
    }
}

extension EmbeddedRungeKuttaStepper {
    /// A stepper whose absolute and relative tolerances are both `tolerance`: the error scale of a
    /// component is tolerance·(1 + max(|before|, |after|)), for tangents whose size is arbitrary.
    @inlinable
    init(dimension n: Int, tolerance: Double, initialStep: Double) {
        self.init(dimension: n, absoluteTolerance: tolerance, relativeTolerance: tolerance, initialStep: initialStep)
    }

    /// Advances by `duration` along `system`'s vector field, through its in-place `step(_:into:)`.
    ///
    /// - Throws: the time (`time` plus the time reached) at which the state stopped being finite or
    ///   the step size underflowed.
    @inlinable
    mutating func advance<System: ContinuousFlow>(_ system: System, by duration: Double, from time: Double) throws(IntegrationError) {
        try advance(by: duration, from: time, field: FlowField<System, S>(system))
    }
}

/// The stepper on the 5(4) pair: states, dense output, Lyapunov spectra.
@usableFromInline
typealias DormandPrinceStepper<S: DormandPrinceScalar> = EmbeddedRungeKuttaStepper<S, DormandPrince54>
