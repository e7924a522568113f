/// The recurrence algorithm's memory: one code per cell of the box. 0: not visited; 1: visited by the
/// trajectory being followed now; 2k: known to lead to attractor k; 2k + 1: on attractor k (k ≥ 1,
/// in the order attractors are found).
struct RecurrenceBookkeeping: Sendable {
    let grid: CellGrid
    var codes: [Int32]
    /// Attractors found so far: their cells, in the order found (attractor k at k − 1).
    var attractorCells: [[Int]] = []

    init(grid: CellGrid) {
        self.grid = grid
        codes = [Int32](repeating: 0, count: grid.cellCount)
    }

    /// What one step of a trajectory saw.
    enum Observation {
        /// A cell nobody has labelled and this trajectory had not visited.
        case new
        /// A cell this trajectory has visited before (a recurrence).
        case revisited
        /// A cell known to lead to attractor k.
        case basin(Int)
        /// A cell on attractor k.
        case attractor(Int)
    }

    /// Reads a code as an observation (0 and 1 are resolved by the caller, who knows what this
    /// trajectory visited).
    @inline(__always)
    static func labelled(_ code: Int32) -> Observation? {
        guard code >= 2 else { return nil }
        return code & 1 == 0 ? .basin(Int(code >> 1)) : .attractor(Int(code >> 1))
    }
}

/// The decision rule of the recurrence algorithm, fed one observation per step.
struct RecurrenceCounter {
    let options: AttractorMapperOptions
    var recurrences = 0
    var basinOwner = 0, basinHits = 0
    var attractorOwner = 0, attractorHits = 0

    init(_ options: AttractorMapperOptions) { self.options = options }

    enum Decision: Equatable {
        case undecided
        case label(Int)
        case newAttractor
    }

    @inline(__always)
    mutating func observe(_ observation: RecurrenceBookkeeping.Observation) -> Decision {
        switch observation {
        case .new:
            (recurrences, basinHits, attractorHits) = (0, 0, 0)
        case .revisited:
            (basinHits, attractorHits) = (0, 0)
            recurrences += 1
            if recurrences >= options.recurrencesToFind { return .newAttractor }
        case let .basin(k):
            (recurrences, attractorHits) = (0, 0)
            basinHits = basinOwner == k ? basinHits + 1 : 1
            basinOwner = k
            if basinHits >= options.basinHitsToLabel { return .label(k) }
        case let .attractor(k):
            (recurrences, basinHits) = (0, 0)
            attractorHits = attractorOwner == k ? attractorHits + 1 : 1
            attractorOwner = k
            if attractorHits >= options.attractorHitsToLabel { return .label(k) }
        }
        return .undecided
    }

    /// Forget everything (after a perturbation off a saddle).
    mutating func reset() { self = RecurrenceCounter(options) }
}
