import CommandSupport
import Dynamics
import DynamicsNN
import Foundation

/// The analysis of one cell under a constant input: candidates (loaded or sampled), `find(from:)`,
/// escapes told apart from fixed points, stability at every distinct point, the verdict, PCA.
struct CellAnalysis<Cell: ParametricSystem & Sendable, FixedMap: DynamicalSystem> {
    let cell: Cell
    let settings: AnalysisSettings
    let log: (String) -> Void
    /// The cell at a fixed input with its batched kernels and analytic Jacobian (``GRUMap``,
    /// ``LSTMMap``, ``RateRNNMap``), or an ONNX graph at the input (a map or a flow).
    let fixedMap: ([Double]) -> FixedMap
    /// Why a certified point is not a fixed point (a saturated gate), or nil.
    var escape: ([Double], [Double]) -> String? = { _, _ in nil }

    func run() throws -> CellAnalysisResult {
        let started = ContinuousClock().now
        guard settings.input.count == cell.parameterCount else {
            throw CommandError("--input has \(settings.input.count) values, the cell has \(cell.parameterCount) inputs")
        }
        return try analyse(fixedMap(settings.input), started: started)
    }

    /// The analysis of the cell at the input as the map `map`.
    func analyse<M: DynamicalSystem>(_ map: M, started: ContinuousClock.Instant) throws -> CellAnalysisResult {
        let clock = ContinuousClock()
        let n = map.dimension
        var skipped = 0
        let candidates: [[Double]]
        // A candidate shard of a file reads only its rows (their indices count the finite rows).
        var shardSlice: (rows: [[Double]], total: Int)?
        if let shard = settings.candidateShard, let path = settings.candidatesPath, let file = try? NumPyRowFile(contentsOf: path),
            file.shape.count == 2 || file.shape.count == 3, file.width == n {
            let finite = (0..<file.rowCount).filter(file.rowIsFinite)
            guard !finite.isEmpty else { throw CommandError("--candidates \(path) holds no row without NaN or infinite values") }
            shardSlice = (shard.range(of: finite.count).map { file.row(finite[$0]) }, finite.count)
            candidates = []
            skipped = file.rowCount - finite.count
        } else if let path = settings.candidatesPath {
            (candidates, skipped) = try loadCandidates(path, width: n)
            log("Using \(candidates.count) candidates from \(path)\(skipped > 0 ? " (\(skipped) rows with NaN or infinite values skipped)" : "")")
        } else {
            candidates = sample(map)
            guard !candidates.isEmpty else {
                throw CommandError("every state sampled by running the cell under --input \(settings.input.map { "\($0)" }.joined(separator: ",")) became NaN or infinite: the input drives the cell beyond floating point. Give a smaller --input, or states with --candidates")
            }
            log("Sampled \(candidates.count) candidate states by running the cell from random states")
        }
        var options = SlowPointOptions()
        options.warmStartSteps = settings.warmStartSteps
        // Recorded trajectories fall onto few attractors: certified ones lend their Jacobians.
        options.sharesCertifiedJacobians = settings.sharesCertifiedJacobians
        // The cells' maps have analytic Jacobians: a dense Newton step is then one O(n³) LU, cheaper
        // than a Krylov subspace up to n = 1024 (LSTM H = 256: 0.22 s against 0.47 s for 8 refinements).
        if n <= 1024 { options.refinement = .dense }
        if settings.showsProgress { options.progress = { print($0) } }
        var timer = PhaseTimer()
        let finder = SlowPointFinder(map, options: options)
        let points: [SlowPoint]
        do {
            if let shard = settings.candidateShard {
                // A shard refines its slice and stops: de-duplication, stability and the report are
                // the merge's, over every shard's candidates in order, as one run does them.
                let total = shardSlice?.total ?? candidates.count
                let range = shard.range(of: total)
                let slice = shardSlice?.rows ?? Array(candidates[range])
                var refined = range.isEmpty ? [] : try finder.refine(slice)
                for k in refined.indices {
                    refined[k].candidateIndex += range.lowerBound
                    refined[k].candidateIndices = [refined[k].candidateIndex]
                }
                log("shard \(shard.description): refined candidates \(range.lowerBound)..<\(range.upperBound) of \(total) in \(String(format: "%.2f", timer.lap())) s")
                return CellAnalysisResult(
                    candidates: [], fixedPoints: [], slowPoints: [], escapes: [], slowRegions: [],
                    verdict: AttractorVerdict(points: [], stabilities: []), pca: nil, seconds: PhaseTimer.seconds(clock.now - started),
                    findSeconds: 0, stabilitySeconds: 0, skippedRows: skipped, shardRefinement: refined,
                    shardCandidates: (total, FNV1a.digest(ofRows: slice)))
            }
            for (range, digest) in settings.mergedSliceDigests where FNV1a.digest(ofRows: candidates[range.clamped(to: candidates.indices)]) != digest {
                throw CommandError("the candidates \(range) differ from those the shard refined: the candidate file or the sampling changed since the shards ran")
            }
            if let merged = settings.mergedRefinement {
                guard merged.count == candidates.count, merged.map(\.candidateIndex) == Array(candidates.indices) else {
                    throw CommandError("the parts refined \(merged.count) candidates; these settings give \(candidates.count)")
                }
                points = finder.deduplicate(merged)
            } else if settings.warmStartSteps == 0 {
                // find() without a warm start is exactly refinement then de-duplication; written out
                // so that a merge of shards runs the same two steps.
                points = finder.deduplicate(try finder.refine(candidates))
            } else {
                points = try finder.find(from: candidates).points
            }
        } catch let error as CommandError {
            throw error
        } catch {
            throw CommandError("\(error)")
        }
        let findSeconds = timer.lap()
        var fixed: [AnalysedCellPoint] = [], slow: [AnalysedCellPoint] = [], escapes: [AnalysedCellPoint] = []
        let printLine: @Sendable (String) -> Void = { print($0) }
        let sink = settings.showsProgress ? printLine : nil
        let stabilities = try stability(map, at: points.map(\.state), progress: sink)
        for (point, (eigenvalues, stable)) in zip(points, stabilities) {
            var entry = AnalysedCellPoint(point: point, eigenvalues: eigenvalues, isStable: stable, escapeReason: nil)
            if point.isFixedPoint, let reason = escape(point.state, settings.input) {
                entry.escapeReason = reason
                escapes.append(entry)
            } else if point.isFixedPoint {
                fixed.append(entry)
            } else {
                slow.append(entry)
            }
        }
        log("find: \(fixed.count) certified fixed point(s), \(slow.count) slow point(s), \(escapes.count) escape(s) (saturated gates, not fixed points) in \(String(format: "%.2f", findSeconds)) s")
        // Regions are followed by iterating the map; a flow's slow points are listed without them.
        var regions: [SlowRegionSummary] = []
        if let discrete = map as? any DiscreteMap { regions = try SlowRegionSummary.regions(of: slow + escapes, candidates: candidates, under: discrete) }
        if !regions.isEmpty {
            let shown = regions.prefix(5).map { "\($0.slowPoints + $0.escapes) point(s), \($0.candidates) candidate(s), extent \(String(format: "%.3g", $0.extent))" }
            log("slow points and escapes lie in \(regions.count) region(s): " + shown.joined(separator: "; ") + (regions.count > 5 ? "; ..." : ""))
        }
        let verdict: AttractorVerdict
        if n <= 256 {
            let full = try fixed.map { try LinearStability(map, at: $0.point.state) }
            verdict = AttractorVerdict(points: fixed.map(\.point.state), stabilities: full)
        } else {
            // The cells' Jacobians are analytic: Krylov products with the matrix formed beat dual numbers.
            verdict = AttractorVerdict(
                points: fixed.map(\.point.state),
                spectra: try fixed.map { try LeadingSpectrum(jacobian: map.jacobian(at: $0.point.state), timeDomain: M.timeDomain) })
        }
        let stabilitySeconds = timer.lap()
        log("stability and verdict: \(String(format: "%.2f", stabilitySeconds)) s")
        let pca = n >= settings.pcaComponents && candidates.count >= 2 ? try? PCAProjector(fitting: candidates, components: settings.pcaComponents) : nil
        return CellAnalysisResult(
            candidates: candidates, fixedPoints: fixed, slowPoints: slow, escapes: escapes, slowRegions: regions, verdict: verdict, pca: pca,
            seconds: PhaseTimer.seconds(clock.now - started), findSeconds: findSeconds, stabilitySeconds: stabilitySeconds, skippedRows: skipped)
    }

    /// Eigenvalues and stability at each state: the whole spectrum up to 256 units, the six leading
    /// eigenvalues above.
    func stability<M: DynamicalSystem>(
        _ map: M, at states: [[Double]], progress sink: (@Sendable (String) -> Void)?
    ) throws -> [([Complex<Double>], Bool)] {
        do {
            if map.dimension <= 256 {
                return try LinearStability.atEach(map, states: states, progress: sink).map { ($0.eigenvalues, $0.isStable) }
            }
            // Each point on its own core (the seeded Krylov start makes the results the same either way).
            let progress = PhaseProgress("stability (leading spectra)", total: states.count, sink: sink)
            var results = [Result<([Complex<Double>], Bool), LinearAlgebraError>?](repeating: nil, count: states.count)
            results.withUnsafeMutableBufferPointer { slots in
                let output = UncheckedSendableBuffer(slots)
                forEachIndex(states.count, parallel: true) { index in
                    output.buffer[index] = Result { () throws(LinearAlgebraError) in
                        let spectrum = try LeadingSpectrum(jacobian: map.jacobian(at: states[index]), timeDomain: M.timeDomain)
                        return (spectrum.eigenvalues, spectrum.isStable)
                    }
                    progress.advance()
                }
            }
            return try results.map { try $0!.get() }
        } catch { throw CommandError("stability: \(error)") }
    }

    /// Candidate states: trajectories of the cell under the input from random states (uniform in
    /// [−1, 1]), recorded every 2 steps after 10 steps of burn-in, 10 per trajectory. A flow's step is
    /// one classical Runge–Kutta step of `settings.timeStep`.
    func sample<M: DynamicalSystem>(_ map: M) -> [[Double]] {
        var rng = SeededGenerator(seed: settings.seed)
        var states: [[Double]] = []
        let trajectories = (settings.samples + 9) / 10
        var workspace = RungeKutta4.Workspace<Double>(dimension: map.dimension)
        for _ in 0..<trajectories {
            var x = (0..<map.dimension).map { _ in Double.random(in: -1...1, using: &rng) }
            for t in 0..<30 {
                if M.timeDomain == .discrete {
                    x = map.step(x)
                } else {
                    RungeKutta4.step(&x, by: settings.timeStep, workspace: &workspace) { map.step($0, into: &$1) }
                }
                if t >= 10 && t % 2 == 1 && states.count < settings.samples { states.append(x) }
            }
        }
        return states.filter { $0.allSatisfy(\.isFinite) }
    }

    /// Rows of a .npy of shape (N, width) or (T, B, width); rows with NaN or ±∞ are skipped and counted.
    func loadCandidates(_ path: String, width: Int) throws -> ([[Double]], Int) {
        let array: NumPyArray
        do { array = try NumPyArray(contentsOf: path) } catch {
            // The reader's message names the path when it could not open the file; say it once.
            let message = "\(error)"
            throw CommandError(message.contains(path) ? "--candidates: \(message)" : "--candidates \(path): \(message)")
        }
        guard array.shape.count == 2 || array.shape.count == 3, array.shape.last == width else {
            throw CommandError("--candidates \(path) has shape \(array.shape); it must be (N, \(width)) or (T, B, \(width)) for this model")
        }
        // One pass: each finite row copied once, the others counted.
        var finite: [[Double]] = []
        let total = array.values.count / width
        finite.reserveCapacity(total)
        array.values.withUnsafeBufferPointer { values in
            for row in 0..<total {
                let slice = UnsafeBufferPointer(rebasing: values[(row * width)..<((row + 1) * width)])
                if slice.allSatisfy(\.isFinite) { finite.append(Array(slice)) }
            }
        }
        guard !finite.isEmpty else { throw CommandError("--candidates \(path) holds no row without NaN or infinite values") }
        return (finite, total - finite.count)
    }
}

/// A distinct point with its stability.
struct AnalysedCellPoint {
    var point: SlowPoint
    var eigenvalues: [Complex<Double>]
    var isStable: Bool
    var escapeReason: String?
}

/// What `dynamics analyze` found.
struct CellAnalysisResult {
    var candidates: [[Double]]
    var fixedPoints: [AnalysedCellPoint]
    var slowPoints: [AnalysedCellPoint]
    var escapes: [AnalysedCellPoint]
    /// The slow points and escapes grouped into regions, largest first.
    var slowRegions: [SlowRegionSummary]
    var verdict: AttractorVerdict
    var pca: PCAProjector?
    var seconds: Double
    /// The search and refinement (`find`), then stability at every distinct point and the verdict.
    var findSeconds: Double
    var stabilitySeconds: Double
    var skippedRows: Int
    /// A candidate shard's refined candidates (global indices), before de-duplication; nil otherwise.
    var shardRefinement: [SlowPoint]? = nil
    /// A candidate shard's count of all candidates and the digest of its slice's values.
    var shardCandidates: (total: Int, digest: String)? = nil
}

/// Wall-clock time of consecutive phases.
struct PhaseTimer {
    private let clock = ContinuousClock()
    private var last = ContinuousClock().now

    /// Seconds since the last lap (or since creation).
    mutating func lap() -> Double {
        let now = clock.now
        defer { last = now }
        return PhaseTimer.seconds(now - last)
    }

    /// A duration in seconds.
    static func seconds(_ duration: Duration) -> Double {
        duration.inSeconds
    }
}
