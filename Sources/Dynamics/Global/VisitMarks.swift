import Foundation

/// Which cells the trajectory being followed has visited, for a trajectory that may not write to the
/// shared bookkeeping: one stamp per cell, the current trajectory's number marking its cells, so that
/// starting the next trajectory costs nothing.
struct VisitMarks {
    var stamps: [UInt32]
    var current: UInt32 = 0

    init(cellCount: Int) { stamps = [UInt32](repeating: 0, count: cellCount) }

    /// Forget the previous trajectory's cells (O(1), except once every 2³² trajectories).
    mutating func startTrajectory() {
        if current == .max {
            for i in stamps.indices { stamps[i] = 0 }
            current = 0
        }
        current += 1
    }

    /// Marks `cell`; true when this trajectory had not visited it.
    @inline(__always)
    mutating func mark(_ cell: Int) -> Bool {
        if stamps[cell] == current { return false }
        stamps[cell] = current
        return true
    }
}

/// Marks handed to parallel workers, one per worker at a time, allocated only as often as workers run
/// at once.
final class VisitMarksPool: @unchecked Sendable {
    let cellCount: Int
    var free: [VisitMarks] = []
    let lock = NSLock()

    init(cellCount: Int) { self.cellCount = cellCount }

    func take() -> VisitMarks {
        lock.lock()
        defer { lock.unlock() }
        return free.popLast() ?? VisitMarks(cellCount: cellCount)
    }

    func give(back marks: VisitMarks) {
        lock.lock()
        free.append(marks)
        lock.unlock()
    }
}
