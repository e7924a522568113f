// A new recurrent set: followed, identified, registered, and recognised when it was known already.
extension AttractorMapper {
    /// What following a new recurrent set showed.
    enum LocateOutcome {
        /// An attractor, registered (or recognised) with this id in the order found.
        case attractor(Int)
        /// A saddle, certified unstable.
        case saddle
        /// The trajectory left the box: it was lingering near a repeller, not on an attractor.
        case transient
    }

    /// Follows a trajectory on a new recurrent set for ``AttractorMapperOptions/stepsToLocate`` steps,
    /// identifies it and registers it.
    func locate(from x: inout [Double], book: inout RecurrenceBookkeeping, workspace: inout OrbitSampler.Workspace) -> LocateOutcome {
        var samples: [[Double]] = []
        var cells = Set<Int>()
        samples.reserveCapacity(options.stepsToLocate)
        func follow(_ steps: Int, keepingSamples: Bool) -> Bool {
            for _ in 0..<steps {
                let previous = x
                sampler.advance(&x, workspace: &workspace)
                guard book.grid.cell(of: x) != nil else { return false }
                if keepingSamples { samples.append(x) }
                insertCells(from: previous, to: x, into: &cells, grid: book.grid)
            }
            return true
        }
        guard follow(options.stepsToLocate, keepingSamples: true) else { return .transient }
        // Found again (a trajectory that crept up to a point on a cell boundary without entering its
        // cell, or met a cycle's cells out of step): most of its cells are a known attractor's. Known
        // before any identification, which is the expensive part.
        if let existing = majorityOwner(of: cells, book: book) { return .attractor(merge(cells, into: existing, book: &book)) }
        let identified: AttractorIdentification = options.identifiesAttractors
            ? AttractorIdentification.identify(samples, of: system, options: options, cellWidths: book.grid.cellWidths)
            : .attractor(MappedAttractor(id: 0, kind: .other, states: AttractorIdentification.thinned(samples)))
        guard case var .attractor(attractor) = identified else { return .saddle }
        if attractor.kind == .other {
            // A chaotic set fills far more cells than the located stretch visits: follow it ten times
            // longer (cheap, no identification) so that trajectories arriving on it meet its cells
            // at once.
            _ = follow(10 * options.stepsToLocate, keepingSamples: false)
        }
        if let existing = sameAsKnown(attractor) { return .attractor(merge(cells, into: existing, book: &book)) }
        let k = book.attractorCells.count + 1
        // A certified point or cycle also owns the cells of its exact states.
        for state in attractor.states { if let cell = book.grid.cell(of: state) { cells.insert(cell) } }
        for cell in cells { book.codes[cell] = Int32(2 * k + 1) }
        book.attractorCells.append(cells.sorted())
        attractor.id = k
        found.append(attractor)
        return .attractor(k)
    }

    /// The cells of `end`, and for a flow also those along the chord from `start` (sampled at half the
    /// narrowest cell), so that a cycle's cells form a tube rather than a dotted line: a trajectory on
    /// it then meets them on consecutive samples whatever its phase.
    func insertCells(from start: [Double], to end: [Double], into cells: inout Set<Int>, grid: CellGrid) {
        if let cell = grid.cell(of: end) { cells.insert(cell) }
        guard System.timeDomain == .continuous else { return }
        let narrowest = grid.cellWidths.min()!
        let pieces = Swift.min(1000, Int((distance(start, end) / (0.5 * narrowest)).rounded(.up)))
        guard pieces > 1 else { return }
        for k in 1..<pieces {
            let t = Double(k) / Double(pieces)
            if let cell = grid.cell(of: zip(start, end).map { $0 + t * ($1 - $0) }) { cells.insert(cell) }
        }
    }

    /// Adds `cells` to attractor `existing`'s own cells; returns its id.
    func merge(_ cells: Set<Int>, into existing: Int, book: inout RecurrenceBookkeeping) -> Int {
        let code = Int32(2 * existing + 1)
        for cell in cells where book.codes[cell] < 2 { book.codes[cell] = code }
        book.attractorCells[existing - 1] = Array(Set(book.attractorCells[existing - 1]).union(cells)).sorted()
        return existing
    }

    /// The attractor that owns more than half of `cells`, if any.
    func majorityOwner(of cells: Set<Int>, book: RecurrenceBookkeeping) -> Int? {
        var owners: [Int: Int] = [:]
        for cell in cells where book.codes[cell] >= 2 && book.codes[cell] & 1 == 1 { owners[Int(book.codes[cell] >> 1), default: 0] += 1 }
        guard let (owner, count) = owners.max(by: { $0.value < $1.value }), 2 * count > cells.count else { return nil }
        return owner
    }

    /// The known attractor a newly identified fixed point or cycle repeats, by the corrector's identity
    /// rule (the same certified state), if any.
    func sameAsKnown(_ attractor: MappedAttractor) -> Int? {
        let identity = SlowPointOptions()
        for (index, other) in found.enumerated() where other.kind == attractor.kind && other.kind != .other {
            if attractor.kind == .limitCycle {
                // One cycle certified twice starts at different phases: the same when the periods agree
                // and a state of one lies on the other (within the spacing of its samples).
                guard let p = attractor.period, let q = other.period, Swift.abs(p - q) <= 1e-6 * Swift.max(p, q) else { continue }
                let spacing = zip(other.states, other.states.dropFirst()).map { distance($0, $1) }.max() ?? 0
                if other.states.contains(where: { distance($0, attractor.states[0]) <= spacing + 1e-9 }) { return index + 1 }
                continue
            }
            if other.states.contains(where: { a in attractor.states.contains { identity.isSameFixedPoint(a, $0) } }) { return index + 1 }
        }
        return nil
    }
}
