@testable import Dynamics
import Foundation
import XCTest

/// Long phases report "k of N" lines from any thread, none after the last item, nothing without a sink.
final class PhaseProgressTests: XCTestCase {
    final class Lines: @unchecked Sendable {
        let lock = NSLock()
        var lines: [String] = []
        func append(_ line: String) { lock.lock(); lines.append(line); lock.unlock() }
    }

    func testEveryItemButTheLastIsReportedWithoutAnInterval() {
        let collected = Lines()
        let progress = PhaseProgress("refinement", total: 3, interval: 0, sink: { collected.append($0) })
        for _ in 0..<3 { progress.advance() }
        XCTAssertEqual(collected.lines.map { $0.components(separatedBy: ",")[0] }, ["  refinement: 1 of 3", "  refinement: 2 of 3"])
    }

    func testConcurrentItemsAreAllCounted() {
        let collected = Lines()
        let progress = PhaseProgress("stability", total: 1_001, interval: 0, sink: { collected.append($0) })
        DispatchQueue.concurrentPerform(iterations: 1_000) { _ in progress.advance() }
        XCTAssertEqual(collected.lines.count, 1_000)
        XCTAssertTrue(collected.lines.contains { $0.hasPrefix("  stability: 1000 of 1001") })
    }

    func testALongIntervalReportsNothingInAShortPhase() {
        let collected = Lines()
        let progress = PhaseProgress("search", total: 10, sink: { collected.append($0) })
        for _ in 0..<9 { progress.advance() }
        XCTAssertTrue(collected.lines.isEmpty)
    }
}
