extension AttractorMapper {
    /// Labels `count` initial conditions (written by `state`) with canonical attractor ids, or, with
    /// `canonical` false, with the ids in the order attractors were found (stable across calls, for
    /// callers that label in several calls and renumber once at the end).
    ///
    /// Recurrence mode runs coarse to fine so that what is learnt early covers the whole box: first
    /// every s-th point (s a power of 4 leaving at least 64 points), then the points on every s/4-th
    /// not yet done, and so on down to every point. Each level, in chunks of at most 16,384 points, is
    /// followed in parallel against a frozen copy of what is known, every trajectory collecting the
    /// unknown cells it crossed; then, in order, those cells become the basin of the attractor their
    /// trajectory reached, and the trajectories that met a recurrent set nobody owns are followed again,
    /// learning (locating and identifying the new attractor). The order depends on the count only, so
    /// the result does not depend on the thread count.
    func labels(count: Int, canonical: Bool = true, state: (Int, inout [Double]) -> Void) throws(GlobalDynamicsError) -> [Int] {
        lock.lock()
        defer { lock.unlock() }
        let n = system.dimension
        var labels = [Int](repeating: -1, count: count)
        if bookkeeping == nil, System.timeDomain == .discrete, let batched = system as? any BatchKernelSystem {
            return proximityLabels(batched, count: count, state: state)
        }
        if bookkeeping == nil {
            labels.withUnsafeMutableBufferPointer { slots in
                let output = UncheckedSendableBuffer(slots)
                forEachBlock(count) { range in
                    var x = [Double](repeating: 0, count: n)
                    var workspace = OrbitSampler.Workspace(dimension: n)
                    for index in range {
                        state(index, &x)
                        output.buffer[index] = runProximity(from: x, workspace: &workspace)
                    }
                }
            }
            return labels
        }
        var book = bookkeeping!
        var x = [Double](repeating: 0, count: n)
        var workspace = OrbitSampler.Workspace(dimension: n)
        let pool = VisitMarksPool(cellCount: book.grid.cellCount)
        var top = 1
        while top * 4 <= count / 64 { top *= 4 }
        var done = 0
        var reported = 0
        var stride = top
        while stride >= 1 {
            let coarser = stride == top ? 0 : 4 * stride
            let level = Swift.stride(from: 0, to: count, by: stride).filter { coarser == 0 || $0 % coarser != 0 }
            for first in Swift.stride(from: 0, to: level.count, by: 16_384) {
                let chunk = Array(level[first..<Swift.min(level.count, first + 16_384)])
                learn(chunk)
                done += chunk.count
                if count >= 1_000_000, let progress = options.progress, done * 10 / count > reported {
                    reported = done * 10 / count
                    progress("mapped \(done) of \(count) initial conditions")
                }
            }
            stride /= 4
        }
        /// Follows the points `chunk` (indices) as described above.
        func learn(_ chunk: [Int]) {
            let frozen = book
            var reached = [Int32](repeating: -1, count: chunk.count)
            var crossed = [[Int]](repeating: [], count: chunk.count)
            reached.withUnsafeMutableBufferPointer { reachedSlots in
                crossed.withUnsafeMutableBufferPointer { crossedSlots in
                    let (reachedOutput, crossedOutput) = (UncheckedSendableBuffer(reachedSlots), UncheckedSendableBuffer(crossedSlots))
                    forEachBlock(chunk.count, rows: 256, reportsProgress: false) { block in
                        var x = [Double](repeating: 0, count: n)
                        var workspace = OrbitSampler.Workspace(dimension: n)
                        var visited = pool.take()
                        for k in block {
                            state(chunk[k], &x)
                            reachedOutput.buffer[k] = Int32(runFrozen(from: x, book: frozen, visited: &visited, workspace: &workspace,
                                                                     crossed: &crossedOutput.buffer[k]) ?? -1)
                        }
                        pool.give(back: visited)
                    }
                }
            }
            // In index order: the cells each trajectory crossed join the basin it reached (the first
            // trajectory to claim a cell keeps it); unknown recurrent sets are learnt.
            for k in chunk.indices {
                let label = Int(reached[k])
                if label < 0 {
                    state(chunk[k], &x)
                    labels[chunk[k]] = runLearning(from: x, book: &book, workspace: &workspace)
                    continue
                }
                labels[chunk[k]] = label
                guard label > 0 else { continue }
                for cell in crossed[k] where book.codes[cell] == 0 { book.codes[cell] = Int32(2 * label) }
            }
        }
        bookkeeping = book
        guard canonical else { return labels }
        let renumber = canonicalAttractors().ids
        return labels.map { $0 == 0 ? 0 : renumber[$0 - 1] }
    }

    /// The label of one state, decided by attractors' own cells only (see `runFrozen`), canonical.
    func exactLabel(from state: [Double]) -> Int {
        lock.lock()
        defer { lock.unlock() }
        var workspace = OrbitSampler.Workspace(dimension: system.dimension)
        guard var book = bookkeeping else { return runProximity(from: state, workspace: &workspace) }
        var visited = VisitMarks(cellCount: book.grid.cellCount)
        var crossed: [Int] = []
        let label = runFrozen(from: state, book: book, visited: &visited, workspace: &workspace, trustsBasins: false, crossed: &crossed)
            ?? runLearning(from: state, book: &book, workspace: &workspace)
        bookkeeping = book
        return label == 0 ? 0 : canonicalAttractors().ids[label - 1]
    }

    /// Runs `body` over fixed blocks of at most `rows` of `0..<count` (default 4096), on both cores when
    /// the options allow; with `reportsProgress`, a line every tenth of a grid of a million or more.
    func forEachBlock(_ count: Int, rows: Int = 4096, reportsProgress: Bool = true, _ body: (Range<Int>) -> Void) {
        let blocks = BlockPartition(rows: count, maximumBlockRows: rows)
        let progressEvery = reportsProgress && count >= 1_000_000 ? Swift.max(1, blocks.count / 10) : Int.max
        let reporter = options.progress
        forEachIndex(blocks.count, parallel: options.parallel) { block in
            let (low, rows) = blocks.range(of: block)
            body(low..<(low + rows))
            if (block + 1) % progressEvery == 0 { reporter?("mapped block \(block + 1) of \(blocks.count)") }
        }
    }

    /// The attractors renumbered canonically, and per attractor in the order found its canonical id.
    func canonicalAttractors() -> (attractors: [MappedAttractor], ids: [Int]) {
        var order = Array(found.indices)
        if let book = bookkeeping {
            let keys = book.attractorCells.map { cells in cells.map { book.grid.coordinates(of: $0) }.min { $0.lexicographicallyPrecedes($1) }! }
            order.sort { keys[$0].lexicographicallyPrecedes(keys[$1]) }
        }
        var ids = [Int](repeating: 0, count: found.count)
        var attractors: [MappedAttractor] = []
        for (position, index) in order.enumerated() {
            ids[index] = position + 1
            var attractor = found[index]
            attractor.id = position + 1
            attractors.append(attractor)
        }
        return (attractors, ids)
    }

    /// Whether a state outside the box has diverged for good: not finite, or beyond the bound.
    @inline(__always)
    func hasDiverged(_ x: [Double]) -> Bool {
        for value in x where !(Swift.abs(value) <= options.divergenceBound) { return true }
        return false
    }

    /// One trajectory against the frozen bookkeeping: its label, or nil when it met a recurrent set no
    /// attractor owns (the caller then follows it again, learning).
    ///
    /// With `trustsBasins` false, cells known to lead somewhere count for nothing: the trajectory is
    /// followed until it reaches an attractor's own cells. Slower, but exact up to the attractors'
    /// cells, where a basin cell straddling a boundary would otherwise decide; boundary bisection
    /// uses it.
    func runFrozen(
        from start: [Double], book: RecurrenceBookkeeping, visited: inout VisitMarks, workspace: inout OrbitSampler.Workspace, trustsBasins: Bool = true,
        crossed: inout [Int]
    ) -> Int? {
        var x = start
        var counter = RecurrenceCounter(options)
        var outside = 0
        visited.startTrajectory()
        // Followed exactly, a trajectory lingering near a saddle is not taken for a new attractor
        // until it has lingered for ten location lengths.
        let patience = trustsBasins ? 0 : 10 * options.stepsToLocate
        for step in 0..<options.maximumSteps {
            if let cell = book.grid.cell(of: x) {
                outside = 0
                var code = book.codes[cell]
                if !trustsBasins && code & 1 == 0 { code = 0 }
                let observation: RecurrenceBookkeeping.Observation
                if let known = RecurrenceBookkeeping.labelled(code) {
                    observation = known
                } else if visited.mark(cell) {
                    observation = .new
                    if code == 0 { crossed.append(cell) }
                } else {
                    observation = .revisited
                }
                switch counter.observe(observation) {
                case let .label(k): return k
                case .newAttractor: if step >= patience { return nil }
                case .undecided: break
                }
            } else {
                outside += 1
                if outside > options.stepsOutsideToGiveUp || hasDiverged(x) { return 0 }
            }
            sampler.advance(&x, workspace: &workspace)
        }
        return 0
    }

    /// One trajectory that writes what it learns: cells it visits become the basin of the attractor it
    /// reaches; a new recurrent set is located, identified and registered.
    func runLearning(from start: [Double], book: inout RecurrenceBookkeeping, workspace: inout OrbitSampler.Workspace) -> Int {
        var x = start
        var counter = RecurrenceCounter(options)
        var visited: [Int] = []
        var outside = 0
        var nudges = 0
        func finish(_ label: Int) -> Int {
            for cell in visited where book.codes[cell] == 1 { book.codes[cell] = label == 0 ? 0 : Int32(2 * label) }
            return label
        }
        for _ in 0..<options.maximumSteps {
            if let cell = book.grid.cell(of: x) {
                outside = 0
                let code = book.codes[cell]
                let observation: RecurrenceBookkeeping.Observation
                if code == 0 {
                    book.codes[cell] = 1
                    visited.append(cell)
                    observation = .new
                } else {
                    observation = RecurrenceBookkeeping.labelled(code) ?? .revisited
                }
                switch counter.observe(observation) {
                case let .label(k): return finish(k)
                case .undecided: break
                case .newAttractor:
                    switch locate(from: &x, book: &book, workspace: &workspace) {
                    case let .attractor(k): return finish(k)
                    case .transient:
                        // It left the box while being located: a slow passage, not an attractor.
                        counter.reset()
                        continue
                    case .saddle: break
                    }
                    // A saddle, reached exactly from its stable manifold: nudge the state off it by a
                    // thousandth of a cell (deterministically) and follow on.
                    guard nudges < 3 else { return finish(0) }
                    nudges += 1
                    var generator = SeededGenerator(seed: UInt64(nudges))
                    for (i, width) in book.grid.cellWidths.enumerated() { x[i] += 1e-3 * width * generator.nextStandardNormal() }
                    counter.reset()
                    continue
                }
            } else {
                outside += 1
                if outside > options.stepsOutsideToGiveUp || hasDiverged(x) { return finish(0) }
            }
            sampler.advance(&x, workspace: &workspace)
        }
        return finish(0)
    }
}

extension CellGrid {
    /// The integer coordinates of a cell (first variable first).
    func coordinates(of cell: Int) -> [Int] { zip(strides, counts).map { (cell / $0) % $1 } }
}
