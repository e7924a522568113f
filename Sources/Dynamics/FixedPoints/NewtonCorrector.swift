/// Newton's method for G(x) = 0 with a Levenberg–Marquardt fallback, dense or matrix-free, for
/// systems given by closures: the one corrector of the package — slow-point refinement (both paths),
/// periodic orbits of maps and flows (multiple shooting), continuation, phase-plane equilibria and
/// stable manifolds share it.
///
/// Per iteration: the Newton step from the linearization at x (``DenseLinearization``: −(∂G)⁻¹G through
/// ``NewtonSystem``, factors reused while ∂G repeats; ``KrylovLinearization``: an inexact minimum-norm
/// step in a Krylov subspace), and the first of x + δ, x + δ/2, …, x + 2⁻³⁰δ that lowers ‖G‖. When there
/// is no Newton step or no such point, the linearization's Levenberg–Marquardt steps until ‖G‖ falls.
/// Converged when ‖G(x)‖₂ ≤ tolerance·max(1, ‖x‖₂) with both norms finite.
@usableFromInline
struct NewtonCorrector {
    /// Converged when ‖G(x)‖₂ ≤ tolerance·max(1, ‖x‖₂).
    @usableFromInline var tolerance = 1e-13
    @usableFromInline var maximumIterations = 50
    /// How the dense Levenberg–Marquardt fallback is damped.
    @usableFromInline var damping = Damping.marquardtScaled
    /// Stop (as stalled) when ‖G‖ fell by less than 1 − `stallFactor` over this many iterations; nil
    /// never.
    ///
    /// Newton converges quadratically, and exactly on a piecewise-affine map, so dense slow-point
    /// refinement takes 10 iterations without a 1 % decrease to mean that no root is near. Shorter
    /// windows save iterations on points creeping along kinks of a ReLU map, but also stop short of
    /// smooth minima of ‖G‖, where progress is just as slow: with 5 iterations at 0.1 %, 40 of 3000
    /// random starts on the no-fixed-point oracle (x ↦ x + 1 + sin(x)/2) ended more than 1e-6 above the
    /// minimum q = 1/4 (worst 2.7e-5); with 10 iterations at 1 % none did (worst 2.6e-7). Inexact Newton
    /// (forcing ≤ 0.1) cuts ‖G‖ about tenfold per iteration near a root, so the matrix-free path stops
    /// after 5 iterations below 10 %: a point creeping down a slope of ‖G‖ (a bump drifting along a
    /// broken ring) would cost hundreds of subspaces to follow and is reported as a slow point.
    @usableFromInline var stallWindow: Int?
    /// See ``stallWindow``; default 0.99 (1 % over the window).
    @usableFromInline var stallFactor = 0.99

    /// The damping of dense Levenberg–Marquardt steps (∂Gᵀ∂G + μ·D)δ = −∂GᵀG.
    @usableFromInline
    enum Damping {
        /// Marquardt's scaling D = diag(∂Gᵀ∂G) (entries at least 1e-12), μ = 1e-6, 1e-3, …, 1e6 in turn,
        /// each step shortened like Newton's: for small systems whose columns differ in scale (periods,
        /// parameters and states side by side).
        case marquardtScaled
        /// D = I with μ carried from one iteration to the next (starting at 1e-3·max diag(∂Gᵀ∂G), ×4
        /// after a failure, ÷3 after a success, up to 40 tries), full steps only: slow-point refinement,
        /// where ‖G‖ has long valleys along the kinks of piecewise-linear maps.
        case adaptive
    }

    /// Why the iteration stopped.
    @usableFromInline
    enum Outcome: Equatable {
        case converged
        /// No step lowered ‖G‖, ‖G‖ stopped falling over the stall window, or ‖G‖ is not finite.
        case stalled
        case iterationLimit
    }

    @usableFromInline
    init() {}

    /// The convergence test (and the slow-point certificate): ‖G(x)‖₂ ≤ tolerance·max(1, ‖x‖₂), both
    /// norms finite (a state or residual that overflowed certifies nothing).
    @usableFromInline
    static func accepts(residual: Double, at x: [Double], tolerance: Double) -> Bool {
        let size = euclideanNorm(x)
        return residual.isFinite && size.isFinite && residual <= tolerance * Swift.max(1, size)
    }

    @usableFromInline
    struct Solution {
        @usableFromInline var state: [Double]
        @usableFromInline var residual: Double
        @usableFromInline var outcome: Outcome
        @usableFromInline var iterations: Int
        /// The last ∂G formed and its factors (nil when it was singular) on the dense path; ∂G at
        /// `state` when the last step kept the matrix, as on a piecewise-affine map.
        @usableFromInline var lastJacobian: (matrix: Matrix, factors: NewtonSystem?)?
        @usableFromInline var converged: Bool { outcome == .converged }
    }

    /// Solves G(x) = 0 from `start` with ∂G formed by `jacobian` (``DenseLinearization``).
    ///
    /// - Parameters:
    ///   - g: G.
    ///   - batch: G on the rows of a matrix at once (the trial steps of the line search after the full
    ///     step go 8 at a time); nil evaluates them one by one.
    ///   - jacobian: ∂G.
    /// - Complexity: per iteration one ∂G and, when it changed, one factorization of its coupled rows;
    ///   G at up to 31 trial steps (usually one); Levenberg–Marquardt adds O(n³) per damping tried.
    @usableFromInline
    func solve(
        from start: [Double], residual g: ([Double]) -> [Double], batch: ((Matrix) -> Matrix)? = nil,
        jacobian: ([Double]) -> Matrix
    ) -> Solution {
        withoutActuallyEscaping(jacobian) { jacobian in
            var linearization = DenseLinearization(jacobian: jacobian, damping: damping)
            var solution = solve(from: start, residual: g, batch: batch, linearization: &linearization)
            solution.lastJacobian = linearization.factored
            return solution
        }
    }

    /// Solves G(x) = 0 from `start` with steps from `linearization` (see the type's summary).
    @usableFromInline
    func solve<Linearization: NewtonLinearization>(
        from start: [Double], residual g: ([Double]) -> [Double], batch: ((Matrix) -> Matrix)?,
        linearization: inout Linearization
    ) -> Solution {
        var x = start
        var gx = g(x)
        var norm = euclideanNorm(gx)
        var iterations = 0
        var recent: [Double] = []
        var outcome = Outcome.iterationLimit
        func take(_ step: (state: [Double], residual: [Double], norm: Double)) { (x, gx, norm) = step }
        /// Takes x + δ (or, with `lineSearch`, the first shortening of it) when it lowers ‖G‖.
        func attempt(_ delta: [Double], lineSearch: Bool) -> Bool {
            if lineSearch {
                guard let step = firstDecrease(from: x, along: delta, below: norm, residual: g, batch: batch) else { return false }
                take(step)
                return true
            }
            let candidate = zip(x, delta).map { $0 + $1 }
            let candidateResidual = g(candidate)
            let candidateNorm = euclideanNorm(candidateResidual)
            guard candidateNorm.isFinite && candidateNorm < norm else { return false }
            take((candidate, candidateResidual, candidateNorm))
            return true
        }
        while true {
            if Self.accepts(residual: norm, at: x, tolerance: tolerance) { outcome = .converged; break }
            if iterations == maximumIterations { break }
            guard norm.isFinite else { outcome = .stalled; break }
            iterations += 1
            linearization.prepare(at: x, residual: gx, norm: norm)
            var improved = false
            if let delta = linearization.newtonStep() { improved = attempt(delta, lineSearch: true) }
            if !improved { improved = linearization.dampedStep { attempt($0, lineSearch: $1) } }
            if !improved { outcome = .stalled; break }
            if let window = stallWindow {
                recent.append(norm)
                if recent.count > window && recent[recent.count - 1] > stallFactor * recent[recent.count - 1 - window] {
                    outcome = .stalled
                    break
                }
            }
        }
        return Solution(state: x, residual: norm, outcome: outcome, iterations: iterations, lastJacobian: nil)
    }

    /// The line search: the first t of 1, 1/2, …, 2⁻³⁰ with ‖G(x + t·δ)‖ finite and below `residual`,
    /// or nil.
    ///
    /// The Newton direction descends on ½‖G‖² wherever ∂G is regular, so halving finds a decrease
    /// unless x sits on a kink. The full step goes alone (a smooth system takes it almost always); with
    /// `batch`, later trials are evaluated 8 at a time, which on a piecewise-linear map, where x creeps
    /// along kinks with t around 2⁻¹⁰, replaces a dozen single-row products by one or two small gemms.
    /// The first decreasing t wins either way.
    func firstDecrease(
        from x: [Double], along delta: [Double], below residual: Double, residual g: ([Double]) -> [Double],
        batch: ((Matrix) -> Matrix)?
    ) -> (state: [Double], residual: [Double], norm: Double)? {
        let n = x.count
        var exponent = 0
        var size = 1
        while exponent <= 30 {
            let count = Swift.min(size, 31 - exponent)
            var trials = Matrix(rows: count, columns: n)
            for i in 0..<count {
                let t = Double(sign: .plus, exponent: -(exponent + i), significand: 1)
                for k in 0..<n { trials.elements[i * n + k] = x[k] + t * delta[k] }
            }
            if let batch, count > 1 {
                let residuals = batch(trials)
                for i in 0..<count {
                    let gTrial = residuals.row(i)
                    let trialNorm = euclideanNorm(gTrial)
                    if trialNorm.isFinite && trialNorm < residual { return (trials.row(i), gTrial, trialNorm) }
                }
            } else {
                for i in 0..<count {
                    let trial = trials.row(i)
                    let gTrial = g(trial)
                    let trialNorm = euclideanNorm(gTrial)
                    if trialNorm.isFinite && trialNorm < residual { return (trial, gTrial, trialNorm) }
                }
            }
            exponent += count
            size = batch == nil ? 1 : 8
        }
        return nil
    }

    /// Broyden's ("good") method from a given matrix B₀, for continuation, where the Jacobian at the
    /// previous point (already formed for its tangent) is close to the one at the predictor and forming
    /// a new one costs far more than evaluating G. B₀ is factored once; each iteration's secant update
    /// Bₖ₊₁ = Bₖ + (y − Bₖs)sᵀ/sᵀs is applied to B₀⁻¹ by Sherman–Morrison, in the form that keeps only
    /// the steps (Kelley, *Iterative Methods for Linear and Nonlinear Equations*, §7.3): superlinear
    /// where the chord method (B₀ every iteration) is linear. Full steps only, each of which must
    /// lower ‖G‖; `converged` is false as soon as one does not before the tolerance is met, and the
    /// caller falls back to ``solve(from:residual:jacobian:)``. One step more is taken after the
    /// tolerance is met, kept when it lowers ‖G‖.
    ///
    /// - Complexity: one O(n³) factorization, then per iteration one G, one O(n²) solve and O(k·n) for
    ///   the k updates so far.
    @usableFromInline
    func solveByBroyden(from start: [Double], residual g: ([Double]) -> [Double], matrix: Matrix) -> Solution {
        var x = start
        var gx = g(x)
        var norm = euclideanNorm(gx)
        var iterations = 0
        func converged() -> Bool { Self.accepts(residual: norm, at: x, tolerance: tolerance) }
        func solution(_ outcome: Outcome) -> Solution {
            Solution(state: x, residual: norm, outcome: converged() ? .converged : outcome, iterations: iterations, lastJacobian: nil)
        }
        guard let lu = try? LUFactorization(of: matrix), norm.isFinite, let first = try? lu.solve(gx.map { -$0 }) else { return solution(.stalled) }
        // steps[k] = x_{k+1} − x_k; the next one is built from B₀⁻¹G and the earlier steps.
        var steps = [first]
        while iterations < maximumIterations {
            // Once converged, one more step is taken if it lowers ‖G‖: a residual just under the
            // tolerance would leave ill-conditioned points (next to a Hopf point) less accurate than
            // Newton's quadratic last step does.
            let polishing = converged()
            iterations += 1
            let step = steps[steps.count - 1]
            let trial = zip(x, step).map { $0 + $1 }
            let gTrial = g(trial)
            let trialNorm = euclideanNorm(gTrial)
            guard trialNorm.isFinite, trialNorm < norm else { return solution(.stalled) }
            (x, gx, norm) = (trial, gTrial, trialNorm)
            if polishing { break }
            // z = −Bₖ₋₁⁻¹G by the earlier updates; the newest one scales it: sₖ = z·‖sₖ₋₁‖²/(‖sₖ₋₁‖² − sₖ₋₁ᵀz).
            guard var z = try? lu.solve(gx.map { -$0 }) else { return solution(.stalled) }
            for k in 0..<(steps.count - 1) {
                let scale = dot(steps[k], z) / dot(steps[k], steps[k])
                for i in z.indices { z[i] += scale * steps[k + 1][i] }
            }
            let (length, along) = (dot(step, step), dot(step, z))
            let denominator = length - along
            guard denominator.isFinite, abs(denominator) > 1e-12 * length else { return solution(.stalled) }
            steps.append(z.map { length * $0 / denominator })
        }
        return solution(.iterationLimit)
    }
}
