/// The knobs of ``SlowPointFinder``, with the tutorial's values as defaults.
public struct SlowPointOptions: Sendable {
    // MARK: Gradient search (the BrainPy / Sussillo & Barak protocol)

    /// Adam's step size; default 1e-3 (the tutorial's).
    public var learningRate: Double = 1e-3
    /// Adam's first-moment decay; default 0.9.
    public var beta1: Double = 0.9
    /// Adam's second-moment decay; default 0.999.
    public var beta2: Double = 0.999
    /// Adam's denominator guard; default 1e-8.
    public var epsilon: Double = 1e-8
    /// Maximum number of Adam steps; default 10,000 (the tutorial's).
    public var numSteps: Int = 10_000
    /// Steps per chunk: progress is reported and the early stop checked once per chunk; default 200
    /// (BrainPy's `num_batch`).
    public var stepsPerChunk: Int = 200
    /// The tutorial's name of ``stepsPerChunk``.
    @available(*, deprecated, renamed: "stepsPerChunk")
    public var numBatch: Int {
        get { stepsPerChunk }
        set { stepsPerChunk = newValue }
    }
    /// Stop early when the objective at the end of a chunk is below this; default 1e-4.
    public var tolerance: Double = 1e-4
    /// The arithmetic of the gradient search; default `.double`. `.single` is what the BrainPy
    /// tutorial computes in (float32) and runs about twice as fast; refinement is always in double.
    public var precision: ComputePrecision = .double
    /// Candidates are optimized in independent blocks of at most this many rows, spread over the cores
    /// (the block count is rounded up to a multiple of 4, sizes equal to within a row); the partition
    /// does not depend on the thread count, so results do not either. Default 256 (a block's work
    /// buffers, about 450 KiB for 64 units in single precision, then fit in a 512 KiB L2 cache).
    public var blockRows: Int = 256

    // MARK: find(from:)

    /// Adam steps before dense refinement in ``SlowPointFinder/find(from:)``; default 200 (one chunk:
    /// enough to pull candidates off transients, refinement does the rest). The matrix-free path skips
    /// it: there each Adam step would cost a reverse-mode pass per candidate, more than Newton–Krylov
    /// needs to converge from the same start.
    public var warmStartSteps: Int = 200
    /// Newton / Levenberg-Marquardt iterations per point; default 100.
    public var maxIterations: Int = 100
    /// How Newton systems are solved; default ``RefinementMethod/automatic`` (dense up to
    /// ``RefinementMethod/matrixFreeThreshold`` units, matrix-free above).
    public var refinement: RefinementMethod = .automatic
    /// The largest Krylov subspace of a matrix-free Newton step (it grows eight directions per pass
    /// of `step` on `Dual<8>` until the step is accurate enough); default 160, enough for Jacobians
    /// whose spectrum clusters (a dense network's −1 + low-rank recurrent part); larger costs O(m²·n).
    public var krylovDimension: Int = 160
    /// Refinement (dense or matrix-free) shares the Jacobians of certified attractors with the candidates still
    /// waiting; default false. Candidates are then refined in rounds of 8 (in index order); after each
    /// round, every new certified point x* that is stable lends its ∂G(x*)⁻¹ to a batched chord
    /// iteration x ← x − ∂G(x*)⁻¹·G(x) over all waiting candidates (one gemm per iteration instead of
    /// one O(n³) factorization per candidate and iteration). A candidate whose residual falls to at
    /// most 0.65 of its previous value at every chord step and that is certified as the same
    /// point as x* (``isSameFixedPoint(_:_:)``) is reported as converged onto x* (its condition number is x*'s).
    /// Candidates that contract more slowly (by 0.9 or better at every step, 200 steps at most) are
    /// accepted only if 8 of them, evenly spaced, refined in full from their own starts, all land on x*
    /// too. Every other candidate gets full Newton / Levenberg-Marquardt from its own start. Sharing
    /// stops once a pass resolves fewer than 1 in 20 of the candidates it tried. Results do not depend
    /// on the thread count.
    ///
    /// The trade: a candidate that Newton alone would take to another point (a saddle, or a stable
    /// point few candidates reach) may be carried onto x* instead, so a point reached from only one or
    /// two candidates can be missed (measured over 240 random Hopfield networks with 40 random
    /// candidates each: none reached from 3 or more candidates; with a looser 0.8 accepted unchecked,
    /// one was). Worth it when many candidates fall onto few attractors, as recorded trajectories of a
    /// trained network do.
    public var sharesCertifiedJacobians: Bool = false
    /// A point is certified as an exact fixed point when ‖G(x)‖₂ ≤ this · max(1, ‖x‖₂); default 1e-10.
    public var certificationTolerance: Double = 1e-10
    /// Certified fixed points a and b are one point when ‖a − b‖₂ ≤ this · max(1, ‖a‖₂, ‖b‖₂);
    /// default 1e-6, in [0, 1/4). Relative, like the certificate: Newton's copies of a fixed point at
    /// ‖x*‖ ≈ 7e9 differ by about 1e-6 · ‖x*‖, so an absolute distance would count them as hundreds of
    /// points. See ``isSameFixedPoint(_:_:)``.
    public var deduplicationTolerance: Double = 1e-6
    /// Uncertified (slow) points closer than this are one point; default 0.03 (the tutorial's
    /// uniqueness distance): refinement stalls anywhere along a slow valley, so these are regions, not
    /// points.
    public var slowPointDeduplicationTolerance: Double = 0.03
    /// Run independent candidates on all cores; default true. Results are identical either way.
    public var parallel: Bool = true

    /// Receives one line per chunk of the gradient search (steps, seconds, objective); default nil
    /// (silent). Pass `{ print($0) }` for the tutorial's output.
    public var progress: (@Sendable (String) -> Void)?

    /// Options with the defaults above.
    public init() {}

    /// The first option outside its valid range, as a message that names it and the range; nil when
    /// every option is valid. The finder checks this before any work.
    ///
    /// - Complexity: O(1).
    public var validationError: String? {
        func positiveFinite(_ value: Double) -> Bool { value > 0 && value.isFinite }
        if !positiveFinite(learningRate) { return "learningRate must be positive and finite, got \(learningRate)" }
        if !(beta1 >= 0 && beta1 < 1) { return "beta1 must be in [0, 1), got \(beta1)" }
        if !(beta2 >= 0 && beta2 < 1) { return "beta2 must be in [0, 1), got \(beta2)" }
        if !positiveFinite(epsilon) { return "epsilon must be positive and finite, got \(epsilon)" }
        if numSteps < 0 || numSteps > Self.stepLimit { return "numSteps must be in 0...\(Self.stepLimit), got \(numSteps)" }
        if stepsPerChunk < 1 || stepsPerChunk > Self.stepLimit { return "stepsPerChunk must be in 1...\(Self.stepLimit), got \(stepsPerChunk)" }
        if !(tolerance >= 0) || tolerance.isNaN { return "tolerance must be ≥ 0, got \(tolerance)" }
        if blockRows < 1 { return "blockRows must be at least 1, got \(blockRows)" }
        if warmStartSteps < 0 || warmStartSteps > Self.stepLimit { return "warmStartSteps must be in 0...\(Self.stepLimit), got \(warmStartSteps)" }
        if maxIterations < 0 || maxIterations > 1_000_000 { return "maxIterations must be in 0...1000000, got \(maxIterations)" }
        if krylovDimension < 1 || krylovDimension > 4096 { return "krylovDimension must be in 1...4096, got \(krylovDimension)" }
        if !positiveFinite(certificationTolerance) { return "certificationTolerance must be positive and finite, got \(certificationTolerance)" }
        if !(deduplicationTolerance >= 0 && deduplicationTolerance < 0.25) { return "deduplicationTolerance must be in [0, 0.25) (relative to the points' size), got \(deduplicationTolerance)" }
        if !(slowPointDeduplicationTolerance >= 0) || !slowPointDeduplicationTolerance.isFinite {
            return "slowPointDeduplicationTolerance must be ≥ 0 and finite, got \(slowPointDeduplicationTolerance)"
        }
        return nil
    }

    /// Whether two certified fixed points are one: ‖a − b‖₂ ≤ `deduplicationTolerance` ·
    /// max(1, ‖a‖₂, ‖b‖₂), measured without overflow. The one rule for every merge of fixed points
    /// (de-duplication, shared-Jacobian refinement, reports).
    ///
    /// - Complexity: O(n).
    @inlinable
    public func isSameFixedPoint(_ a: [Double], _ b: [Double]) -> Bool {
        distance(a, b) <= deduplicationTolerance * Swift.max(1, euclideanNorm(a), euclideanNorm(b))
    }

    /// The largest step counts accepted (10⁷, a thousand times the tutorial's budget): the search keeps
    /// one objective value per step.
    public static let stepLimit = 10_000_000
}
