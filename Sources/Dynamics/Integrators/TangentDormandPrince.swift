/// Dormand–Prince 5(4) with adaptive steps on `Dual<W>`: a flow's state and up to W tangent vectors
/// advanced together, in buffers allocated once, through `step(_:into:)`. W is 4 or 8: three tangents
/// (Lorenz) ride on `Dual<4>` at about half the cost of `Dual<W>`.
///
/// The step size is controlled on the values and the tangents together (the exponents are made of
/// the tangents). Blocks of eight tangents pushed one after another from the same state therefore
/// take slightly different steps; their trajectories agree to the tolerance, and the first block's
/// is the one followed.
///
/// - Complexity: 6 `step`s on `Dual<W>` per accepted step (the last stage is the next step's first),
///   7 after a rejection; no allocation when the system overrides `step(_:into:)`.
@usableFromInline
struct TangentDormandPrince<let W: Int> {
    @usableFromInline let dimension: Int
    @usableFromInline let tolerance: Double
    /// The next step to try; carried over from one interval to the next.
    @usableFromInline var stepSize: Double
    /// The state with its tangents as partials.
    @usableFromInline var y: [Dual<W>]
    @usableFromInline var stages: [[Dual<W>]]
    @usableFromInline var trial: [Dual<W>]
    @usableFromInline var next: [Dual<W>]
    /// Tangents in use (the rest of the partials are zero and stay zero).
    @usableFromInline var width = 0

    @inlinable
    init(dimension n: Int, tolerance: Double, initialStep: Double) {
        dimension = n
        self.tolerance = tolerance
        stepSize = initialStep
        let zero = [Dual<W>](repeating: Dual<W>(0), count: n)
        y = zero
        stages = [[Dual<W>]](repeating: zero, count: 7)
        trial = zero
        next = zero
    }

    /// Loads the state and tangents `first ..< first + width` (rows of `directions`, n each).
    @inlinable
    mutating func load(state x: [Double], directions: [Double], first: Int, width: Int) {
        let n = dimension
        self.width = width
        for i in 0..<n {
            var partials = InlineArray<W, Double>(repeating: 0)
            for c in 0..<width { partials[c] = directions[(first + c) * n + i] }
            y[i] = Dual<W>(value: x[i], partials: partials)
        }
    }

    /// trial = y + h·Σⱼ coefficients[j]·stages[j].
    @inlinable @inline(__always)
    mutating func combine(_ coefficients: [Double], _ h: Double) {
        for i in 0..<dimension {
            var value = y[i].value
            var partials = y[i].partials
            for j in coefficients.indices where coefficients[j] != 0 {
                let w = h * coefficients[j]
                let stage = stages[j][i]
                value += w * stage.value
                for c in 0..<W { partials[c] += w * stage.partials[c] }
            }
            trial[i] = Dual<W>(value: value, partials: partials)
        }
    }

    /// Advances y by exactly `duration` with steps of estimated local error at most `tolerance`
    /// (relative and absolute, Hairer's root-mean-square norm).
    ///
    /// - Throws: `.diverged` when the state stops being finite or the step underflows, at `time` plus
    ///   the time reached.
    @inlinable
    mutating func advance<System: ContinuousFlow>(_ system: System, by duration: Double, from time: Double) throws(LyapunovError) {
        var t = 0.0
        let a = DormandPrinceTableau.a, e = DormandPrinceTableau.errorWeights
        system.step(y, into: &stages[0])
        while t < duration {
            let h = Swift.min(stepSize, duration - t)
            guard h > 1e-14 * Swift.max(1, duration) else { throw .diverged(time: time + t) }
            for s in 1..<7 {
                combine(a[s], h)
                system.step(trial, into: &stages[s])
            }
            // trial now holds the fifth-order solution (row 7 of a is b); its derivative is stages[6].
            // The error of the values and of the tangents: the exponents are made of the tangents.
            var sum = 0.0
            for i in 0..<dimension {
                var error = 0.0
                var tangentErrors = InlineArray<W, Double>(repeating: 0)
                for j in 0..<7 where e[j] != 0 {
                    error += e[j] * stages[j][i].value
                    for c in 0..<W { tangentErrors[c] += e[j] * stages[j][i].partials[c] }
                }
                let scale = tolerance * (1 + Swift.max(Swift.abs(y[i].value), Swift.abs(trial[i].value)))
                let ratio = h * error / scale
                sum += ratio * ratio
                for c in 0..<W {
                    let tangentScale = tolerance * (1 + Swift.max(Swift.abs(y[i].partials[c]), Swift.abs(trial[i].partials[c])))
                    let tangentRatio = h * tangentErrors[c] / tangentScale
                    sum += tangentRatio * tangentRatio
                }
            }
            let norm = (sum / Double((width + 1) * dimension)).squareRoot()
            guard norm.isFinite else {
                stepSize = h / 10
                if !trial.allSatisfy({ $0.value.isFinite }) && h <= 1e-12 { throw .diverged(time: time + t) }
                continue
            }
            let factor = DormandPrinceTableau.stepFactor(error: Swift.max(norm, 1e-300))
            if norm <= 1 {
                t += h
                swap(&y, &trial)
                stages.swapAt(0, 6)
                guard y.allSatisfy({ $0.value.isFinite }) else { throw .diverged(time: time + t) }
                // Keep the controller's step, unless the last step was cut short by the interval's end.
                if h == stepSize || factor < 1 { stepSize = h * factor }
            } else {
                stepSize = h * factor
            }
        }
    }
}
