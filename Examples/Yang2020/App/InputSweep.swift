import Dynamics
import Foundation
import Yang2020

/// The network's fixed points followed across stimulus coherence: seeds from the fixed points certified
/// at zero coherence and at both ends of the range, each continued to both ends
/// (``FixedPointContinuation``), branches that coincide kept once.
struct InputSweep {
    let network: RecurrentNetwork
    /// The fixation channel: 1 (stimulus period) or 0 (decision period).
    let fixation: Double
    let range: ClosedRange<Double>
    /// States to refine into seeds (the activity).
    let candidates: [[Double]]
    /// Fixed points already certified at coherence 0 with this fixation (the main analysis'), if any.
    let knownAtZero: [[Double]]

    struct Result {
        var fixation: Double
        var branches: [ContinuationBranch]
        /// Coherence intervals where no branch has a point.
        var uncovered: [ClosedRange<Double>]
        var seconds: Double
    }

    func run() -> Result {
        let clock = ContinuousClock()
        let started = clock.now
        let map = CoherenceMap(network: network, fixation: fixation)
        // Seeds: certified fixed points at −range, 0, +range (refined from every 20th candidate).
        var seeds: [(coherence: Double, state: [Double])] = knownAtZero.map { (0, $0) }
        var options = SlowPointOptions()
        options.refinement = .dense
        let sample = stride(from: 0, to: candidates.count, by: 20).map { candidates[$0] }
        for coherence in [range.lowerBound, 0, range.upperBound] where !sample.isEmpty {
            // The network's own map at u(c): the same fixed points, with its analytic kernels.
            let finder = SlowPointFinder(network.map(input: map.input(coherence: coherence)), options: options)
            guard let refined = try? finder.refine(sample) else { continue }
            for point in finder.deduplicate(refined) where point.isFixedPoint {
                if !seeds.contains(where: { $0.coherence == coherence && distance($0.state, point.state) <= 1e-6 }) {
                    seeds.append((coherence, point.state))
                }
            }
        }
        var branches: [ContinuationBranch] = []
        let continuation = FixedPointContinuation(map)
        for seed in seeds where !branches.contains(where: { passes($0, through: seed.state, at: seed.coherence) }) {
            var parts: [ContinuationBranch] = []
            for end in [range.lowerBound, range.upperBound] where end != seed.coherence {
                if let part = try? continuation.branch(from: seed.state, parameters: [seed.coherence], varying: 0, to: end) { parts.append(part) }
            }
            guard let joined = join(parts) else { continue }
            branches.append(joined)
        }
        let elapsed = clock.now - started
        return Result(
            fixation: fixation, branches: branches, uncovered: uncovered(branches),
            seconds: elapsed.inSeconds)
    }

    /// One branch from the parts continued downwards and upwards from one seed: the downward part
    /// reversed, then the upward part without its first point (the seed again).
    func join(_ parts: [ContinuationBranch]) -> ContinuationBranch? {
        guard var result = parts.first else { return nil }
        if parts.count == 2 {
            result.points = parts[0].points.reversed() + parts[1].points.dropFirst()
            result.bifurcations = parts[0].bifurcations.reversed() + parts[1].bifurcations
        }
        return result
    }

    /// Whether `branch` passes within 1e-6 of `state` at `coherence` (linear interpolation between its
    /// points, then exact: on a piecewise-affine map a nearby point of the branch is found by Newton).
    func passes(_ branch: ContinuationBranch, through state: [Double], at coherence: Double) -> Bool {
        for (a, b) in zip(branch.points, branch.points.dropFirst()) {
            let (low, high) = (Swift.min(a.parameter, b.parameter), Swift.max(a.parameter, b.parameter))
            guard coherence >= low && coherence <= high else { continue }
            let w = high == low ? 0 : (coherence - a.parameter) / (b.parameter - a.parameter)
            let interpolated = zip(a.state, b.state).map { $0 + w * ($1 - $0) }
            if distance(interpolated, state) <= 1e-6 { return true }
            if distance(interpolated, state) <= 0.05 * Swift.max(1, state.reduce(0) { $0 + $1 * $1 }.squareRoot()) {
                var options = SlowPointOptions()
                options.refinement = .dense
                let map = CoherenceMap(network: network, fixation: fixation).fixing(parameters: [coherence])
                if let refined = try? SlowPointFinder(map, options: options).refine([interpolated]), refined[0].isFixedPoint,
                   distance(refined[0].state, state) <= 1e-6 {
                    return true
                }
            }
        }
        return false
    }

    /// The parts of the range that no branch covers.
    func uncovered(_ branches: [ContinuationBranch]) -> [ClosedRange<Double>] {
        let spans = branches.compactMap { branch -> ClosedRange<Double>? in
            let values = branch.points.map(\.parameter)
            guard let low = values.min(), let high = values.max() else { return nil }
            return low...high
        }.sorted { $0.lowerBound < $1.lowerBound }
        var gaps: [ClosedRange<Double>] = []
        var covered = range.lowerBound
        for span in spans {
            if span.lowerBound > covered + 1e-9 { gaps.append(covered...span.lowerBound) }
            covered = Swift.max(covered, span.upperBound)
        }
        if covered < range.upperBound - 1e-9 { gaps.append(covered...range.upperBound) }
        return gaps
    }

    func distance(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }.squareRoot() }
}
