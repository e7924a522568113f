import Foundation
import RealModule

extension SlowPointFinder {
    /// The tutorial's slow-point optimisation: Adam on the mean of q over all candidates.
    ///
    /// Each step evaluates F on every candidate (``DynamicalSystem/evaluate(_:)``), forms
    /// G = F(x) − x (maps) or f(x) (flows), and takes the gradient of the objective
    /// (1/P)·Σₖ q(xₖ) through ``DynamicalSystem/vectorJacobianProducts(at:values:cotangents:)``, so
    /// batched overrides make it fast. Adam uses standard bias correction, in the form
    /// lr·√(1 − β₂ᵗ)/(1 − β₁ᵗ)·m/(√v + ε) as BrainPy and Kingma & Ba (§2) write it. Steps run in
    /// chunks of `numBatch`; after each chunk one progress line is reported and the search stops if the
    /// objective of the chunk's last step is below `tolerance`.
    ///
    /// - Parameter candidates: initial states, one per row, `dimension` values each.
    /// - Returns: the optimized states, their losses and the objective of every step.
    /// - Throws: ``SlowPointError`` for empty, misshapen or non-finite candidates, or divergence.
    /// - Complexity: numSteps · (one batched evaluation + one batched VJP) on P × n.
    @inlinable
    public func optimize(_ candidates: [[Double]]) throws(SlowPointError) -> GradientSearchResult {
        try optimize(candidates, steps: options.numSteps)
    }

    /// ``optimize(_:)`` with an explicit step budget (the warm start of ``find(from:)`` uses it).
    @inlinable
    func optimize(_ candidates: [[Double]], steps numSteps: Int) throws(SlowPointError) -> GradientSearchResult {
        var x = try validatedCandidates(candidates)
        let clock = ContinuousClock()
        let start = clock.now
        let (p, n) = (x.rows, x.columns)
        let isMap = System.timeDomain == .discrete
        let (beta1, beta2, epsilon) = (options.beta1, options.beta2, options.epsilon)
        var m = [Double](repeating: 0, count: p * n)
        var v = [Double](repeating: 0, count: p * n)
        var history: [Double] = []
        history.reserveCapacity(numSteps)
        // d objective / dG = 2·G / (n·P) for objective = (1/P)·Σ mean_i G_i².
        let cotangentScale = 2 / Double(n * p)
        var residual = Matrix(rows: p, columns: n)
        var beta1Power = 1.0, beta2Power = 1.0
        var step = 0
        var chunkStart = clock.now
        while step < numSteps {
            let values = system.evaluate(x)
            var objective = 0.0
            residual.elements.withUnsafeMutableBufferPointer { g in
                values.elements.withUnsafeBufferPointer { f in
                    x.elements.withUnsafeBufferPointer { xs in
                        for k in 0..<(p * n) {
                            let r = isMap ? f[k] - xs[k] : f[k]
                            objective += r * r
                            g[k] = cotangentScale * r
                        }
                    }
                }
            }
            objective /= Double(p * n)
            guard objective.isFinite else { throw .diverged(step: step) }
            history.append(objective)
            var gradient = system.vectorJacobianProducts(at: x, values: values, cotangents: residual)
            step += 1
            beta1Power *= beta1
            beta2Power *= beta2
            let rate = options.learningRate * Double.sqrt(1 - beta2Power) / (1 - beta1Power)
            gradient.elements.withUnsafeMutableBufferPointer { grad in
                residual.elements.withUnsafeBufferPointer { u in
                    x.elements.withUnsafeMutableBufferPointer { xs in
                        m.withUnsafeMutableBufferPointer { m in
                            v.withUnsafeMutableBufferPointer { v in
                                for k in 0..<(p * n) {
                                    // For a map ∂G/∂x = J − I, so the pullback of u is uᵀJ − u.
                                    let g = isMap ? grad[k] - u[k] : grad[k]
                                    m[k] = beta1 * m[k] + (1 - beta1) * g
                                    v[k] = beta2 * v[k] + (1 - beta2) * g * g
                                    xs[k] -= rate * m[k] / (v[k].squareRoot() + epsilon)
                                }
                            }
                        }
                    }
                }
            }
            if step % options.numBatch == 0 || step == numSteps {
                let now = clock.now
                let seconds = now - chunkStart
                chunkStart = now
                options.progress?(
                    "  steps \(step - (step - 1) % options.numBatch)-\(step) in \(formatSeconds(seconds)) s, objective \(formatObjective(objective))")
                if objective < options.tolerance { break }
            }
        }
        let states = x.rowArrays
        var losses = [Double](repeating: 0, count: p)
        let finalValues = system.evaluate(x)
        for r in 0..<p {
            var sum = 0.0
            for i in 0..<n {
                let g = isMap ? finalValues[r, i] - x[r, i] : finalValues[r, i]
                sum += g * g
            }
            losses[r] = sum / Double(n)
        }
        let elapsed = clock.now - start
        return GradientSearchResult(
            states: states, losses: losses, objectiveHistory: history, steps: step,
            seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
    }
}

/// Seconds with two decimals, for progress lines.
@usableFromInline
func formatSeconds(_ duration: Duration) -> String {
    String(format: "%.2f", Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18)
}

/// An objective value with 10 significant digits, for progress lines.
@usableFromInline
func formatObjective(_ value: Double) -> String {
    String(format: "%.10g", value)
}
