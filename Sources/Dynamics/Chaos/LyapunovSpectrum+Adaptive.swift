extension LyapunovSpectrum {
    /// The spectrum of a flow by adaptive Dormand–Prince 5(4) at `tolerance`, without allocating per
    /// step.
    ///
    /// The state and the tangents (on `Dual<4>` for up to 4 exponents, else in blocks of 8 on
    /// `Dual<8>`) are integrated together in buffers
    /// allocated once (through `step(_:into:)`: override it in your flow to make the run
    /// allocation-free), and re-orthonormalised in place by modified Gram–Schmidt applied twice every
    /// `renormalizationInterval`. The tangents follow the exact derivative of the integration step
    /// taken, so the sum of all exponents is the time average of the Jacobian's trace to about
    /// `tolerance` per unit time.
    ///
    /// ```swift
    /// let spectrum = try LyapunovSpectrum(lorenz, from: [1, 1, 1], duration: 10_000, transient: 10, tolerance: 1e-8)
    /// ```
    ///
    /// - Parameters:
    ///   - system: the flow.
    ///   - state: the initial state.
    ///   - duration: the time averaged over.
    ///   - transient: time discarded first; default 0.
    ///   - count: how many leading exponents; default all n.
    ///   - tolerance: local error per step, relative and absolute (Hairer's norm); in [1e-14, 1e-2].
    ///   - renormalizationInterval: time between re-orthonormalisations; default 0.1.
    /// - Throws: ``LyapunovError`` for bad arguments or a trajectory that leaves the finite numbers.
    /// - Complexity: 6 passes of `step` on dual numbers per accepted step and block of tangents, and
    ///   O(n·k²) per re-orthonormalisation; memory O(n·k).
    @inlinable
    public init<System: ContinuousFlow>(
        _ system: System, from state: [Double], duration: Double, transient: Double = 0, count: Int? = nil,
        tolerance: Double, renormalizationInterval: Double = 0.1
    ) throws(LyapunovError) {
        let n = system.dimension
        let k = count ?? n
        try LyapunovSpectrum.validate(state: state, dimension: n, count: k, length: duration, transient: transient)
        guard tolerance >= 1e-14 && tolerance <= 1e-2 else { throw .invalidArguments("tolerance must be in [1e-14, 1e-2], got \(tolerance)") }
        guard renormalizationInterval > 0 && duration / renormalizationInterval <= 1e9 else {
            throw .invalidArguments("renormalizationInterval is \(renormalizationInterval); it must be positive with at most 1e9 renormalizations in the duration (\(duration)), default 0.1")
        }
        let initialStep = Swift.min(renormalizationInterval, duration, 1e-3)
        let run: (sums: [Double], elapsed: Double, history: [(time: Double, exponents: [Double])], state: [Double])
        if k <= 4 {
            var integrator = DormandPrinceStepper<Dual<4>>(dimension: n, tolerance: tolerance, initialStep: initialStep)
            run = try LyapunovSpectrum.adaptiveRun(system, &integrator, from: state, duration: duration, transient: transient, count: k, renormalizationInterval: renormalizationInterval)
        } else {
            var integrator = DormandPrinceStepper<Dual<8>>(dimension: n, tolerance: tolerance, initialStep: initialStep)
            run = try LyapunovSpectrum.adaptiveRun(system, &integrator, from: state, duration: duration, transient: transient, count: k, renormalizationInterval: renormalizationInterval)
        }
        exponents = run.sums.map { $0 / run.elapsed }.sorted(by: >)
        convergence = run.history
        finalState = run.state
    }

    /// The adaptive run on tangents of width W (see the initializer).
    @inlinable
    static func adaptiveRun<System: ContinuousFlow, let W: Int>(
        _ system: System, _ integrator: inout DormandPrinceStepper<Dual<W>>, from state: [Double], duration: Double, transient: Double,
        count k: Int, renormalizationInterval: Double
    ) throws(LyapunovError) -> (sums: [Double], elapsed: Double, history: [(time: Double, exponents: [Double])], state: [Double]) {
        let n = system.dimension
        var x = state
        var directions = [Double](repeating: 0, count: k * n)
        for c in 0..<k { directions[c * n + c] = 1 }
        var pushed = directions
        var next = x
        if transient > 0 {
            integrator.load(state: x, directions: directions, first: 0, width: 0)
            do { try integrator.advance(system, by: transient, from: 0) } catch { throw .diverged(time: error.time) }
            for i in 0..<n { x[i] = integrator.y[i].value }
        }
        // An interval longer than the run means one re-orthonormalisation, at its end.
        let intervals = Swift.max(1, Int((duration / renormalizationInterval).rounded(.up)))
        let checkpoint = Swift.max(1, intervals / 200)
        var sums = [Double](repeating: 0, count: k)
        var history: [(time: Double, exponents: [Double])] = []
        history.reserveCapacity(intervals / checkpoint + 2)
        var elapsed = 0.0
        for interval in 1...intervals {
            let length = interval == intervals ? duration - elapsed : renormalizationInterval
            guard length > 0 else { break }
            let guess = integrator.stepSize
            var first = 0
            while first < k {
                let width = Swift.min(W, k - first)
                // Same state, same step guess for every block.
                integrator.stepSize = guess
                integrator.load(state: x, directions: directions, first: first, width: width)
                do { try integrator.advance(system, by: length, from: transient + elapsed) } catch { throw .diverged(time: error.time) }
                for c in 0..<width { for i in 0..<n { pushed[(first + c) * n + i] = integrator.y[i].partials[c] } }
                if first == 0 { for i in 0..<n { next[i] = integrator.y[i].value } }
                first += W
            }
            swap(&x, &next)
            elapsed += length
            try LyapunovSpectrum.orthonormalizeInPlace(&pushed, count: k, dimension: n, accumulating: &sums, at: transient + elapsed)
            swap(&directions, &pushed)
            if interval % checkpoint == 0 || interval == intervals { history.append((elapsed, sums.map { $0 / elapsed })) }
        }
        return (sums, elapsed, history, x)
    }

    /// Modified Gram–Schmidt, applied twice, on the k rows of `vectors` (n each): adds the log of each
    /// row's length after orthogonalisation (R's diagonal) to `sums` and leaves orthonormal rows.
    /// Twice is enough for orthogonality to working precision (Giraud et al. 2005).
    @inlinable
    static func orthonormalizeInPlace(_ vectors: inout [Double], count k: Int, dimension n: Int, accumulating sums: inout [Double], at time: Double) throws(LyapunovError) {
        for c in 0..<k {
            for _ in 0..<2 {
                for previous in 0..<c {
                    var dot = 0.0
                    for i in 0..<n { dot += vectors[c * n + i] * vectors[previous * n + i] }
                    for i in 0..<n { vectors[c * n + i] -= dot * vectors[previous * n + i] }
                }
            }
            // The length after both passes is R's diagonal entry: the stretch of this direction.
            var cleaned = 0.0
            for i in 0..<n { cleaned += vectors[c * n + i] * vectors[c * n + i] }
            guard cleaned.isFinite else { throw .diverged(time: time) }
            guard cleaned > 0 else { throw .degenerate(time: time) }
            sums[c] += 0.5 * Double.log(cleaned)
            let inverse = 1 / cleaned.squareRoot()
            for i in 0..<n { vectors[c * n + i] *= inverse }
        }
    }
}
