import Foundation

/// Progress of one long phase over a known number of items, reported as one line at most every
/// `interval` seconds from whichever thread finishes an item ("refinement: 412 of 1715 points, 38.2 s").
/// Silent when there is no sink, so callers need no branch.
///
/// - Complexity: one lock per item; a line costs a string and a call of the sink.
@usableFromInline
package final class PhaseProgress: @unchecked Sendable {
    private let lock = NSLock()
    private let label: String
    private let total: Int
    private let interval: Duration
    private let sink: (@Sendable (String) -> Void)?
    private let clock = ContinuousClock()
    private let started: ContinuousClock.Instant
    private var lastReport: ContinuousClock.Instant
    private var done = 0

    /// - Parameters:
    ///   - label: the phase's name, first in every line.
    ///   - total: the items of the phase.
    ///   - interval: seconds between two lines at least; default 5 (a line a screen can follow).
    ///   - sink: where the lines go; nil for none.
    @usableFromInline
    package init(_ label: String, total: Int, interval: Double = 5, sink: (@Sendable (String) -> Void)?) {
        self.label = label
        self.total = total
        self.interval = .milliseconds(Int(interval * 1000))
        self.sink = sink
        started = clock.now
        lastReport = started
    }

    /// Counts `count` finished items and reports when `interval` has passed since the last line.
    @usableFromInline
    package func advance(by count: Int = 1) {
        guard let sink else { return }
        lock.lock()
        done += count
        let now = clock.now
        guard now - lastReport >= interval && done < total else { return lock.unlock() }
        lastReport = now
        let line = "  \(label): \(done) of \(total), \(formatSeconds(now - started)) s"
        lock.unlock()
        sink(line)
    }
}
