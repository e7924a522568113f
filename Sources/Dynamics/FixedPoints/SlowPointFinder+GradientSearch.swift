import Foundation

extension SlowPointFinder {
    /// The tutorial's slow-point optimisation: Adam on the mean of q over all candidates.
    ///
    /// Each step forms G = F(x) − x (maps) or f(x) (flows) on every candidate and the gradient of the
    /// objective (1/P)·Σₖ q(xₖ), by the best route the system offers, chosen once per call: a fused
    /// ``SlowPointGradientKernel``, else the two kernels of a ``BatchKernelSystem``, else reverse mode
    /// row by row on the generic `step` (``DynamicalSystem/reverseModeSlowPointGradient(_:rows:scale:into:tape:)``),
    /// which never forms a Jacobian. Adam uses standard bias correction, in the form
    /// lr·√(1 − β₂ᵗ)/(1 − β₁ᵗ)·m/(√v + ε) as BrainPy and Kingma & Ba (§2) write it. Steps run in
    /// chunks of `numBatch`; after each chunk one progress line is reported and the search stops if the
    /// objective of the chunk's last step is below `tolerance`.
    ///
    /// The candidates do not interact (the objective is a sum over points, Adam acts elementwise), so
    /// fixed blocks of candidates (``BlockPartition``) run a whole chunk each on their own core, in
    /// cache; the objective of each step is summed over blocks in block order afterwards. Same seed,
    /// same bits, whatever the number of threads.
    ///
    /// - Parameter candidates: initial states, one per row, `dimension` values each.
    /// - Returns: the optimized states, their losses and the objective of every step.
    /// - Throws: ``SlowPointError`` for empty, misshapen or non-finite candidates, or divergence.
    /// - Complexity: numSteps · (one slow-point gradient, by default one batched evaluation and one
    ///   batched VJP) on P × n.
    @inlinable
    public func optimize(_ candidates: [[Double]]) throws(SlowPointError) -> GradientSearchResult {
        try optimize(candidates, steps: options.numSteps)
    }

    /// ``optimize(_:)`` with an explicit step budget (the warm start of ``find(from:)`` uses it).
    @inlinable
    func optimize(_ candidates: [[Double]], steps numSteps: Int) throws(SlowPointError) -> GradientSearchResult {
        let start = try validatedCandidates(candidates)
        switch options.precision {
        case .double: return try adam(start, steps: numSteps, as: Double.self)
        case .single:
            // Beyond float32 the conversion would give ±∞ and a search that "diverges" at step 0.
            if let row = candidates.firstIndex(where: { $0.contains { abs($0) > Double(Float.greatestFiniteMagnitude) } }) {
                throw .beyondSinglePrecision(row: row)
            }
            return try adam(start, steps: numSteps, as: Float.self)
        }
    }

    /// The Adam protocol in precision `S`.
    @inlinable
    func adam<S: BLASScalar>(_ start: Matrix, steps numSteps: Int, as: S.Type) throws(SlowPointError) -> GradientSearchResult {
        let clock = ContinuousClock()
        let began = clock.now
        let (p, n) = (start.rows, start.columns)
        let route = SlowPointGradientRoute(system)
        let blocks = BlockPartition(rows: p, maximumBlockRows: options.blockRows)
        let blockCount = blocks.count
        var x = start.elements.map { S($0) }
        var m = [S](repeating: 0, count: p * n)
        var v = [S](repeating: 0, count: p * n)
        var history: [Double] = []
        history.reserveCapacity(Swift.min(numSteps, 100_000))
        var step = 0
        var chunkStart = clock.now
        while step < numSteps {
            let chunk = Swift.min(options.stepsPerChunk, numSteps - step)
            var sums = [Double](repeating: 0, count: blockCount * chunk)
            let firstStep = step
            x.withUnsafeMutableBufferPointer { xs in
                m.withUnsafeMutableBufferPointer { ms in
                    v.withUnsafeMutableBufferPointer { vs in
                        sums.withUnsafeMutableBufferPointer { sumBuffer in
                            let buffers = (UncheckedSendableBuffer(xs), UncheckedSendableBuffer(ms), UncheckedSendableBuffer(vs), UncheckedSendableBuffer(sumBuffer))
                            forEachIndex(blockCount, parallel: options.parallel) { block in
                                let (low, rows) = blocks.range(of: block)
                                func slice(_ b: UnsafeMutableBufferPointer<S>) -> UnsafeMutableBufferPointer<S> {
                                    UnsafeMutableBufferPointer(rebasing: b[(low * n)..<((low + rows) * n)])
                                }
                                adamBlock(
                                    route: route,
                                    x: slice(buffers.0.buffer), m: slice(buffers.1.buffer), v: slice(buffers.2.buffer), rows: rows,
                                    totalRows: p, firstStep: firstStep, steps: chunk,
                                    objectiveSums: UnsafeMutableBufferPointer(rebasing: buffers.3.buffer[(block * chunk)..<((block + 1) * chunk)]))
                            }
                        }
                    }
                }
            }
            for s in 0..<chunk {
                var total = 0.0
                for block in 0..<blockCount { total += sums[block * chunk + s] }
                let objective = total / Double(p * n)
                guard objective.isFinite else { throw .diverged(step: firstStep + s) }
                history.append(objective)
            }
            step += chunk
            let now = clock.now
            options.progress?("  steps \(firstStep + 1)-\(step) in \(formatSeconds(now - chunkStart)) s, objective \(formatObjective(history[history.count - 1]))")
            chunkStart = now
            if history[history.count - 1] < options.tolerance { break }
        }
        let states = (0..<p).map { r in (0..<n).map { x[r * n + $0].primalValue } }
        let losses = states.map { system.slowPointLoss(at: $0) }
        let elapsed = clock.now - began
        return GradientSearchResult(
            states: states, losses: losses, objectiveHistory: history, steps: step,
            seconds: elapsed.inSeconds)
    }

    /// `steps` Adam steps on one block of candidates, in place; `objectiveSums[s]` receives Σ G² over
    /// the block at step s (before its update).
    @inlinable
    func adamBlock<S: BLASScalar>(
        route: SlowPointGradientRoute,
        x: UnsafeMutableBufferPointer<S>, m: UnsafeMutableBufferPointer<S>, v: UnsafeMutableBufferPointer<S>,
        rows: Int, totalRows: Int, firstStep: Int, steps: Int, objectiveSums: UnsafeMutableBufferPointer<Double>
    ) {
        let n = system.dimension
        let count = rows * n
        let tape = route == .reverseMode ? ReverseModeTape() : nil
        let scratch = UnsafeMutableBufferPointer<S>.allocate(capacity: 2 * count)
        let gradient = UnsafeMutableBufferPointer<S>.allocate(capacity: count)
        defer {
            scratch.deallocate()
            gradient.deallocate()
        }
        // d objective / dG = 2·G / (n·P) for objective = (1/P)·Σ mean_i G_i².
        let cotangentScale = S(2 / Double(n * totalRows))
        let adam = Adam(learningRate: options.learningRate, beta1: options.beta1, beta2: options.beta2, epsilon: options.epsilon)
        for s in 0..<steps {
            let states = UnsafeBufferPointer(x)
            // The casts sit at the call on purpose: in code specialized for a concrete System the
            // compiler folds them and calls the kernel directly, specialized for S.
            switch route {
            case .fused:
                objectiveSums[s] = (system as! any SlowPointGradientKernel).slowPointGradientBatch(
                    states, rows: rows, scale: cotangentScale, scratch: scratch, into: gradient)
            case .batch:
                objectiveSums[s] = (system as! any BatchKernelSystem).composedSlowPointGradientBatch(
                    states, rows: rows, scale: cotangentScale, scratch: scratch, into: gradient)
            case .reverseMode:
                objectiveSums[s] = system.reverseModeSlowPointGradient(states, rows: rows, scale: cotangentScale, into: gradient, tape: tape!)
            }
            adam.update(parameters: x, gradients: UnsafeBufferPointer(gradient), firstMoments: m, secondMoments: v, step: firstStep + s + 1)
        }
    }
}

/// Seconds with two decimals, for progress lines.
@usableFromInline
func formatSeconds(_ duration: Duration) -> String {
    String(format: "%.2f", duration.inSeconds)
}

/// An objective value with 10 significant digits, for progress lines.
@usableFromInline
func formatObjective(_ value: Double) -> String {
    String(format: "%.10g", value)
}

/// How the gradient search computes its steps for one system, decided once per call from the
/// capabilities the system has.
@usableFromInline
enum SlowPointGradientRoute: Sendable {
    /// The system's fused kernel.
    case fused
    /// The composition of the system's batch kernels.
    case batch
    /// Reverse mode on the generic `step`, row by row.
    case reverseMode

    /// The best route `system` offers.
    @inlinable
    init<System: DynamicalSystem>(_ system: System) {
        if system is any SlowPointGradientKernel {
            self = .fused
        } else if system is any BatchKernelSystem {
            self = .batch
        } else {
            self = .reverseMode
        }
    }
}
