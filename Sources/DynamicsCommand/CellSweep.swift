import Dynamics
import Foundation

/// `--sweep-input INDEX:FROM:TO`: input INDEX (0-based) varied from FROM to TO, the other inputs held.
struct SweepRange: Sendable, Equatable {
    var index: Int
    var from: Double
    var to: Double

    /// Parses `INDEX:FROM:TO`; nil unless INDEX is a non-negative integer, FROM and TO finite numbers
    /// and FROM ≠ TO.
    init?(_ text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 3, let index = Int(parts[0]), index >= 0, let from = Double(parts[1]), let to = Double(parts[2]),
              from.isFinite, to.isFinite, from != to else { return nil }
        (self.index, self.from, self.to) = (index, from, to)
    }
}

/// Each certified fixed point of the analysis continued in one input (``FixedPointContinuation``) from
/// its value in `--input` to both ends of the range; branches that pass through an earlier branch's
/// seed are not followed again.
struct CellSweep<Cell: ParametricSystem> {
    let cell: Cell
    let input: [Double]
    let range: SweepRange
    let log: (String) -> Void

    /// The branches through `seeds` (certified fixed points at `input`).
    func run(from seeds: [[Double]]) -> CellSweepResult {
        var timer = PhaseTimer()
        let continuation = FixedPointContinuation(cell)
        let start = input[range.index]
        var branches: [ContinuationBranch] = []
        for (k, seed) in seeds.enumerated() where !branches.contains(where: { passes($0, through: seed, at: start) }) {
            var parts: [ContinuationBranch] = []
            for end in [range.from, range.to] where end != start {
                guard let part = try? continuation.branch(from: seed, parameters: input, varying: range.index, to: end) else { continue }
                parts.append(part)
                // A branch cut short is said on stderr, even with --quiet: the report alone would not show it.
                if part.termination == .correctorFailed || part.termination == .pointLimit {
                    let reached = part.points.last?.parameter ?? start
                    let why = part.termination == .pointLimit ? "the point limit was reached" : "the corrector failed (gates saturated, or a singular point)"
                    FileHandle.standardError.write(Data("note: the branch from fixed point \(k + 1) stopped at input \(reached), short of \(end): \(why)\n".utf8))
                }
            }
            guard var joined = parts.first else { continue }
            if parts.count == 2 {
                joined.points = parts[0].points.reversed() + parts[1].points.dropFirst()
                joined.bifurcations = parts[0].bifurcations.reversed() + parts[1].bifurcations
                // The report keeps one reason: the end that fell short, if one did.
                joined.termination = parts[1].termination == .reachedEnd ? parts[0].termination : parts[1].termination
            }
            branches.append(joined)
            log("sweep: branch \(branches.count) from fixed point \(k + 1): \(joined.points.count) points, \(joined.bifurcations.count) bifurcation(s)")
        }
        return CellSweepResult(range: range, branches: branches, seconds: timer.lap())
    }

    /// Whether `branch` passes within 1e-6 of `state` at parameter value `value` (between two of its
    /// points, linearly interpolated).
    func passes(_ branch: ContinuationBranch, through state: [Double], at value: Double) -> Bool {
        for (a, b) in zip(branch.points, branch.points.dropFirst()) {
            let (low, high) = (Swift.min(a.parameter, b.parameter), Swift.max(a.parameter, b.parameter))
            guard value >= low && value <= high else { continue }
            let w = high == low ? 0 : (value - a.parameter) / (b.parameter - a.parameter)
            let interpolated = zip(a.state, b.state).map { $0 + w * ($1 - $0) }
            if zip(interpolated, state).reduce(0.0, { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }).squareRoot() <= 1e-6 { return true }
        }
        return false
    }
}

/// What `--sweep-input` found.
struct CellSweepResult {
    var range: SweepRange
    var branches: [ContinuationBranch]
    var seconds: Double
}
