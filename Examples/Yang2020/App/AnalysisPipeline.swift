import CommandSupport
import Dispatch
import Dynamics
import Foundation
import Yang2020

/// Everything the analysis produced, for the report, the figures and the files.
struct AnalysisResult {
    var network: RecurrentNetwork
    var trainingRecords: [EpochRecord]
    var activity: [Double]               // (steps, trials, hidden), C order
    var activityShape: [Int]
    var trialLabels: [Int]               // decision label (1 or 2) per trial
    var pca: PCAProjector
    var search: GradientSearchResult
    var kept: CandidateSet
    var afterLoss: Int
    var afterUnique: Int
    var fixedPoints: [(point: SlowPoint, stability: LinearStability)]
    var slowMinima: [(point: SlowPoint, stability: LinearStability)]
    var verdict: AttractorVerdict
    var stimulusSweep: InputSweep.Result?
    var decisionSweep: InputSweep.Result?
    var selection: [(fixedPoint: Int, linearization: InputLinearization)]
    var orbits: OrbitAnalysis
    var decisionBasins: DecisionBasins.Result?
    var timings: Report.Timings
}

/// Runs the Yang 2020 analysis end to end: train (or load), record activity, PCA, the tutorial's
/// slow-point protocol, then exact refinement and stability.
struct AnalysisPipeline {
    let settings: AnalysisSettings
    let log: (String) -> Void

    func run() throws -> AnalysisResult {
        let clock = ContinuousClock()
        let began = clock.now
        func seconds(since start: ContinuousClock.Instant) -> Double {
            let d = clock.now - start
            return d.inSeconds
        }

        // 1. The network.
        var network: RecurrentNetwork
        var records: [EpochRecord] = []
        let trainingStart = clock.now
        var rng = SeededGenerator(seed: settings.seed)
        if let directory = settings.weightsDirectory {
            do { network = try RecurrentNetwork(loadingFrom: directory) } catch { throw CommandError(error.description) }
            try checkInput(inputs: network.inputCount)
            if network.inputCount != DecisionMakingTask.inputCount && settings.candidatesFile == nil {
                throw CommandError("the network in \(directory) has \(network.inputCount) inputs, but the decision-making task's trials have \(DecisionMakingTask.inputCount) channels, so its activity cannot be recorded; pass --candidates FILE.npy with states of shape (N, \(network.hiddenCount)) to analyse it")
            }
            log("Loaded a network with \(network.hiddenCount) hidden units from \(directory)")
        } else {
            try checkInput(inputs: DecisionMakingTask.inputCount)
            network = RecurrentNetwork(hidden: settings.hidden, using: &rng)
            log("Training \(settings.training.epochs) epochs of \(settings.training.batchesPerEpoch) batches of \(settings.training.batchSize) trials (\(settings.hidden) hidden units, \(settings.training.precision) precision)")
            do { records = try Trainer.train(&network, task: settings.task, options: settings.training, using: &rng, progress: log) } catch {
                switch error {
                case let .diverged(epoch, batch, learningRate):
                    throw CommandError("training diverged at epoch \(epoch), batch \(batch) (the loss or the weights became NaN or infinite); lower --learning-rate (it is \(learningRate); the tutorial's is 0.001)")
                }
            }
        }
        let trainingSeconds = seconds(since: trainingStart)

        // 2. Activity of fresh trials (a stream of its own, so it does not depend on training length).
        // The task makes 3-channel trials: a loaded network with another input count has no task
        // activity, and is analysed on the candidates it is given.
        let h = network.hiddenCount
        let recordsActivity = network.inputCount == DecisionMakingTask.inputCount
        var trialRNG = SeededGenerator(seed: settings.seed ^ 0x7269_616C_7331_3030)
        let batch = settings.task.makeBatch(size: recordsActivity ? settings.trials : 0, using: &trialRNG)
        let activity = recordsActivity ? network.hiddenActivity(batch) : []
        let rows = (0..<(batch.steps * batch.size)).map { r in Array(activity[(r * h)..<((r + 1) * h)]) }
        let candidates: [[Double]]
        if let file = settings.candidatesFile {
            candidates = try loadCandidates(file, hidden: h)
            log("Using \(candidates.count) candidates from \(file)")
        } else {
            candidates = rows
        }

        // 3. PCA of the activity (of the candidates when there is no task activity).
        let pca: PCAProjector
        do { pca = try PCAProjector(fitting: recordsActivity ? rows : candidates, components: 2) } catch {
            throw CommandError("PCA of the \(recordsActivity ? "activity" : "candidates") failed: \(error)")
        }
        log(String(format: "PCA%@: explained variance ratio %.3f, %.3f", recordsActivity ? "" : " of the candidates", pca.explainedVarianceRatio[0], pca.explainedVarianceRatio[1]))

        // 4. The tutorial's slow-point protocol.
        let map = network.map(input: settings.input)
        var options = settings.slowPoints
        options.progress = nil
        if !settings.quiet { options.progress = { @Sendable line in print(line) } }
        let finder = SlowPointFinder(map, options: options)
        log("Optimizing \(candidates.count) candidates for slow points (\(options.numSteps) Adam steps at most, \(options.precision) precision)")
        let searchStart = clock.now
        let search: GradientSearchResult
        do { search = try finder.optimize(candidates) } catch { throw CommandError(error.description) }
        let afterLoss = search.candidates.filteringLoss(below: options.tolerance)
        let afterUnique = afterLoss.keepingUnique(tolerance: settings.uniqueTolerance)
        let kept = afterUnique.excludingOutliers(tolerance: settings.outlierTolerance)
        let searchSeconds = seconds(since: searchStart)
        log("Filters: \(search.states.count) optimized -> \(afterLoss.count) with loss < \(options.tolerance) -> \(afterUnique.count) unique -> \(kept.count) without outliers")

        // 5. Exact refinement of every optimized candidate, then stability at each distinct point.
        let refineStart = clock.now
        let refined: [SlowPoint]
        do { refined = try finder.refine(search.states) } catch { throw CommandError(error.description) }
        let distinct = finder.deduplicate(refined)
        func withStability(_ points: [SlowPoint]) throws -> [(point: SlowPoint, stability: LinearStability)] {
            Array(zip(points, try LinearStability.atEach(map, states: points.map(\.state), timeStep: settings.task.dt)))
        }
        let fixedPoints = try withStability(distinct.filter(\.isFixedPoint))
        let slowMinima = try withStability(distinct.filter { !$0.isFixedPoint })
        let verdict = AttractorVerdict(points: fixedPoints.map(\.point.state), stabilities: fixedPoints.map(\.stability))
        let refinementSeconds = seconds(since: refineStart)
        log("Refinement: \(fixedPoints.count) exact fixed point(s), \(slowMinima.count) slow point(s) that are not fixed points")

        // 6. Fixed points across stimulus coherence (and in the decision period), and the input
        // linearisation at each exact fixed point; only with the task's three inputs.
        // 7. Beyond fixed points: the leading Lyapunov exponent under fixation and under a stimulus,
        // and exact cycles of period 1 to 4 by activation-pattern search from the activity.
        // The two sweeps and the orbit analysis are independent: they run side by side on both cores,
        // the orbit analysis (the longest) first; each result is what it would be alone.
        var stimulusSweep: InputSweep.Result?, decisionSweep: InputSweep.Result?
        var selection: [(fixedPoint: Int, linearization: InputLinearization)] = []
        var sweeps: [InputSweep] = []
        if network.inputCount == DecisionMakingTask.inputCount {
            let zeroCoherence = settings.input == [1, 0.5, 0.5] ? fixedPoints.map(\.point.state) : []
            let states = search.states
            sweeps = [
                InputSweep(network: network, fixation: 1, range: -51.2...51.2, candidates: states, knownAtZero: zeroCoherence),
                InputSweep(network: network, fixation: 0, range: -51.2...51.2, candidates: states, knownAtZero: []),
            ]
        }
        let orbitStates = recordsActivity ? rows : candidates
        let (input, tasks, trained) = (settings.input, sweeps, network)
        var results = [InputSweep.Result?](repeating: nil, count: sweeps.count)
        let orbitOutcome = OrbitOutcome()
        results.withUnsafeMutableBufferPointer { slots in
            let output = SweepResults(slots)
            DispatchQueue.concurrentPerform(iterations: tasks.count + 1) { task in
                if task == 0 {
                    orbitOutcome.result = Result { try OrbitAnalysis.run(network: trained, input: input, activity: orbitStates) }
                } else {
                    output.buffer[task - 1] = tasks[task - 1].run()
                }
            }
        }
        if !sweeps.isEmpty {
            (stimulusSweep, decisionSweep) = (results[0], results[1])
            for sweep in [stimulusSweep!, decisionSweep!] {
                log(String(format: "Coherence sweep, fixation %.0f: %d branch(es), %d bifurcation(s), %.2f s%@", sweep.fixation, sweep.branches.count,
                           sweep.branches.reduce(0) { $0 + $1.bifurcations.count }, sweep.seconds,
                           sweep.uncovered.isEmpty ? "" : "; no fixed point on " + sweep.uncovered.map { String(format: "[%.1f, %.1f]", $0.lowerBound, $0.upperBound) }.joined(separator: ", ")))
            }
            let inputMap = InputDrivenMap(network: network)
            for (k, entry) in fixedPoints.enumerated() {
                if let linear = try? InputLinearization(inputMap, at: entry.point.state, parameters: settings.input) { selection.append((k, linear)) }
            }
        }
        let orbits: OrbitAnalysis
        do { orbits = try orbitOutcome.result!.get() } catch {
            throw CommandError("\(error)")
        }
        for exponent in orbits.exponents {
            if let perStep = exponent.perStep {
                log(String(format: "Leading Lyapunov exponent, %@: %.4f per step (%.3f per second), |h| = %.3g at the end", exponent.condition, perStep, perStep / (settings.task.dt / 1000), exponent.finalNorm))
            } else {
                log("Leading Lyapunov exponent, \(exponent.condition): none, the activity grows without bound (infinite at step \(exponent.divergedAtStep ?? 0))")
            }
        }
        log("Exact cycles from \(orbits.seeds) activity states: " + orbits.cycles.map { "period \($0.period): \($0.orbits.count) (\($0.regionsTried) regions)" }.joined(separator: ", ") + String(format: "; %.2f s", orbits.seconds))
        for entry in orbits.branches {
            let summary = Report.CycleBranchReport(entry)
            let range = summary.coherenceRange.isEmpty ? "no certified point" : String(format: "coherence %.2f to %.2f", summary.coherenceRange[0], summary.coherenceRange[1])
            let events = Dictionary(grouping: summary.events, by: \.kind).map { "\($0.value.count) \($0.key)" }.sorted().joined(separator: ", ")
            log("Cycle of period \(entry.period) followed across coherence from \(entry.coherence): \(range), \(summary.points) points (\(summary.terminations.joined(separator: ", "))); \(events.isEmpty ? "no event" : events); stable on \(summary.stableSpans.isEmpty ? "no part" : summary.stableSpans.map { String(format: "[%.2f, %.2f]", $0[0], $0[1]) }.joined(separator: ", "))")
        }

        // 8. Global: which choice each state makes when the decision period begins (basins on the
        // PCA plane), checked by simulation.
        var decisionBasins: DecisionBasins.Result?
        if recordsActivity && settings.basinResolution > 0 {
            var basins = DecisionBasins(network: network, pca: pca, activity: rows, resolution: settings.basinResolution)
            basins.tracingBlock = settings.basinBlock
            do { decisionBasins = try basins.run() } catch { throw CommandError("decision-period basins: \(error)") }
            let result = decisionBasins!
            log(String(format: "Decision-period basins, %d × %d on the PCA plane: %@, %d states followed%@; %d attractor(s); choice agreement with simulation %.2f %% of %d states; %.2f s",
                       settings.basinResolution, settings.basinResolution,
                       result.mode == .readoutAfterHorizon ? "by the readout after 50 steps (no stable fixed point)"
                           : result.readoutLabelled == 0 ? "by attractors" : "by attractors, \(result.readoutLabelled) states that reach none in 500 steps by the readout after 50",
                       result.followed, settings.basinBlock > 0 ? " (border tracing from blocks of \(settings.basinBlock))" : "", result.attractors.count, 100 * result.agreement, result.agreementSamples, result.seconds))
        }

        let labels = (0..<batch.size).map { batch.labels[(batch.steps - 1) * batch.size + $0] }
        return AnalysisResult(
            network: network, trainingRecords: records, activity: activity, activityShape: [batch.steps, batch.size, h],
            trialLabels: labels, pca: pca, search: search, kept: kept, afterLoss: afterLoss.count,
            afterUnique: afterUnique.count, fixedPoints: fixedPoints, slowMinima: slowMinima, verdict: verdict,
            stimulusSweep: stimulusSweep, decisionSweep: decisionSweep, selection: selection, orbits: orbits, decisionBasins: decisionBasins,
            timings: Report.Timings(
                trainingSeconds: trainingSeconds, epochSeconds: records.map(\.seconds), slowPointSearchSeconds: searchSeconds, refinementSeconds: refinementSeconds,
                sweepSeconds: (stimulusSweep?.seconds ?? 0) + (decisionSweep?.seconds ?? 0),
                orbitSeconds: orbits.seconds,
                decisionBasinsSeconds: decisionBasins?.seconds ?? 0,
                totalSeconds: seconds(since: began)))
    }

    /// The constant input must have one value per network input.
    func checkInput(inputs: Int) throws {
        guard settings.input.count == inputs else {
            throw CommandError("the network has \(inputs) inputs, but --input has \(settings.input.count) values")
        }
    }

    /// Candidate rows from a .npy of shape (N, hidden) or (T, B, hidden), flattened in C order.
    func loadCandidates(_ file: String, hidden: Int) throws -> [[Double]] {
        let array: NumPyArray
        do { array = try NumPyArray(contentsOf: file) } catch { throw CommandError("cannot load \(file): \(error)") }
        guard (array.shape.count == 2 || array.shape.count == 3), array.shape.last == hidden else {
            throw CommandError("\(file) has shape \(array.shape); candidates must be (N, \(hidden)) or (T, B, \(hidden)) for this network")
        }
        let count = array.values.count / hidden
        guard count > 0 else { throw CommandError("\(file) holds no candidate rows") }
        let rows = (0..<count).map { r in Array(array.values[(r * hidden)..<((r + 1) * hidden)]) }
        // One bad row does not spoil the rest: skip rows with NaN or ±∞ (or beyond float32 when the
        // search runs in single precision) and say how many.
        let limit = settings.slowPoints.precision == .single ? Double(Float.greatestFiniteMagnitude) : .infinity
        let usable = rows.filter { $0.allSatisfy { $0.isFinite && abs($0) <= limit } }
        guard !usable.isEmpty else {
            throw CommandError("\(file): every candidate row holds NaN or infinite values\(limit.isFinite ? " or values beyond float32's range (use --fp-precision double)" : "")")
        }
        if usable.count < rows.count {
            log("Skipping \(rows.count - usable.count) of \(rows.count) candidate rows with NaN or infinite values\(limit.isFinite ? " or values beyond float32's range" : "")")
        }
        return usable
    }
}

/// The orbit analysis' outcome, written by the one task that runs it.
final class OrbitOutcome: @unchecked Sendable {
    var result: Result<OrbitAnalysis, any Error>?
}

/// The sweep results, written at distinct indices by concurrent iterations.
struct SweepResults: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<InputSweep.Result?>
    init(_ buffer: UnsafeMutableBufferPointer<InputSweep.Result?>) { self.buffer = buffer }
}
