import Foundation

/// Finds the attractors of a map or flow and the basin each initial condition belongs to.
///
/// Two ways to know the attractors:
/// - **Recurrences** (low-dimensional systems, attractors unknown): ``init(_:box:cellsPerDimension:options:)``
///   covers a box with cells. A trajectory is followed until it revisits cells of its own often enough
///   to be on an attractor (``AttractorMapperOptions/recurrencesToFind``), enters cells already known
///   to lead to one, or leaves the box for good (label 0). Each new attractor is identified: a fixed
///   point or cycle of a map is refined and certified by the corrector and the periodic-orbit finder, an
///   equilibrium of a flow by the corrector, anything else is `.other` with its leading Lyapunov
///   exponent. A saddle reached exactly (from its stable manifold) is never reported: the trajectory
///   is nudged off it and followed on.
/// - **Proximity** (any dimension, attractors known): ``init(_:attractors:radius:options:)`` labels a
///   trajectory with the first known attractor it comes within `radius` of.
///
/// ```swift
/// let mapper = try AttractorMapper(henon, box: [-3...3, -3...3], cellsPerDimension: 500)
/// let basins = try mapper.basins(grid: [xs, ys])
/// let fractions = try mapper.basinFractions(samples: 10_000, seed: 7)
/// ```
///
/// Ids are 1, 2, ... in a canonical order: recurrence attractors by their lowest cell, compared
/// variable by variable (first variable first); known attractors in the order given. Labels and ids
/// are the same for any thread count: a grid is mapped in rounds, every 16th waiting point in order
/// (writing what it learns), then the other waiting points in parallel against that frozen knowledge;
/// those that met something new wait for the next round.
///
/// The mapper keeps what it learns (cells known to lead to each attractor) from call to call, so
/// later calls are faster; a call that finds a new attractor may renumber the ids it returns.
///
/// - Complexity: per initial condition, the steps until it is labelled: a few tens once the
///   neighbourhood is known; memory 4 bytes a cell.
public final class AttractorMapper<System: DynamicalSystem>: @unchecked Sendable {
    /// The system mapped.
    public let system: System
    /// The settings.
    public let options: AttractorMapperOptions
    let sampler: OrbitSampler
    /// Recurrence mode: the cells and what they lead to; nil in proximity mode.
    var bookkeeping: RecurrenceBookkeeping?
    /// The attractors in the order found (recurrences) or given (proximity).
    var found: [MappedAttractor] = []
    /// Proximity mode: the known attractors' states.
    let known: [[[Double]]]
    let lock = NSLock()

    /// A recurrence mapper over `box` with `cellsPerDimension` cells along every variable.
    ///
    /// - Parameters:
    ///   - system: a map or flow with a bounded attractor in the box.
    ///   - box: one finite range per state variable.
    ///   - cellsPerDimension: cells along each variable, e.g. 500 for a planar map.
    ///   - options: see ``AttractorMapperOptions``.
    /// - Throws: ``GlobalDynamicsError`` for a bad box or count, or a cell array over the memory limit.
    @inlinable
    public convenience init(_ system: System, box: [ClosedRange<Double>], cellsPerDimension: Int, options: AttractorMapperOptions = .init()) throws(GlobalDynamicsError) {
        try self.init(system, box: box, cellsPerDimension: [Int](repeating: cellsPerDimension, count: box.count), options: options)
    }

    /// A recurrence mapper with a cell count per variable.
    ///
    /// - Throws: ``GlobalDynamicsError`` as above.
    @inlinable
    public convenience init(_ system: System, box: [ClosedRange<Double>], cellsPerDimension: [Int], options: AttractorMapperOptions = .init()) throws(GlobalDynamicsError) {
        try self.init(system, field: { system.step($0, into: &$1) }, box: box, cellsPerDimension: cellsPerDimension, options: options)
    }

    /// The recurrence mapper, with the system's rule as a closure made in the caller's module.
    @usableFromInline
    init(_ system: System, field: @escaping ([Double], inout [Double]) -> Void, box: [ClosedRange<Double>], cellsPerDimension: [Int], options: AttractorMapperOptions) throws(GlobalDynamicsError) {
        try options.validate()
        let grid = try CellGrid(box: box, cellsPerDimension: cellsPerDimension, dimension: system.dimension, memoryLimit: options.memoryLimit)
        self.system = system
        self.options = options
        sampler = OrbitSampler(field: field, discrete: System.timeDomain == .discrete, timeStep: options.timeStep, substeps: options.substeps)
        bookkeeping = RecurrenceBookkeeping(grid: grid)
        known = []
    }

    /// A proximity mapper for attractors already known (certified fixed points, cycles): a trajectory
    /// is labelled k when it comes within `radius` of a state of `attractors[k − 1]`, and 0 when it
    /// diverges or meets none of them within ``AttractorMapperOptions/maximumSteps``.
    ///
    /// - Parameters:
    ///   - attractors: each attractor as one or more states (a fixed point: one; a cycle: its points).
    ///   - radius: the capture distance (Euclidean), e.g. 1e-3; small enough that no other
    ///     attractor's basin reaches that close.
    /// - Throws: ``GlobalDynamicsError`` for no attractors, states of the wrong length or non-finite,
    ///   or a radius that is not positive.
    @inlinable
    public convenience init(_ system: System, attractors: [[[Double]]], radius: Double, options: AttractorMapperOptions = .init()) throws(GlobalDynamicsError) {
        try self.init(system, field: { system.step($0, into: &$1) }, attractors: attractors, radius: radius, options: options)
    }

    /// The proximity mapper, with the system's rule as a closure made in the caller's module.
    @usableFromInline
    init(_ system: System, field: @escaping ([Double], inout [Double]) -> Void, attractors: [[[Double]]], radius: Double, options: AttractorMapperOptions) throws(GlobalDynamicsError) {
        var options = options
        options.radius = radius
        try options.validate()
        guard !attractors.isEmpty, attractors.allSatisfy({ !$0.isEmpty }) else {
            throw .invalidArgument(InvalidArgument("attractors", is: "\(attractors.count) attractors", allowed: "give at least one attractor, each with at least one state"))
        }
        for (k, states) in attractors.enumerated() {
            for state in states where state.count != system.dimension || !state.allSatisfy(\.isFinite) {
                throw .invalidArgument(InvalidArgument("attractors[\(k)]", is: "a state of \(state.count) values", allowed: "give \(system.dimension) finite values per state"))
            }
        }
        self.system = system
        self.options = options
        sampler = OrbitSampler(field: field, discrete: System.timeDomain == .discrete, timeStep: options.timeStep, substeps: options.substeps)
        known = attractors
        found = attractors.enumerated().map { MappedAttractor(id: $0.offset + 1, kind: $0.element.count == 1 ? .fixedPoint : .other, states: $0.element) }
    }

    /// The attractors known so far, ids 1, 2, ... in canonical order.
    public var attractors: [MappedAttractor] {
        lock.lock()
        defer { lock.unlock() }
        return canonicalAttractors().attractors
    }

    /// The id of the attractor the trajectory of `state` reaches; 0 when it diverges, leaves the box
    /// for good or stays undecided.
    ///
    /// - Throws: ``GlobalDynamicsError`` for a state of the wrong length or not finite.
    public func label(from state: [Double]) throws(GlobalDynamicsError) -> Int {
        try checkState(state, name: "state")
        return try labels(count: 1) { _, x in x = state }[0]
    }

    /// The id of the attractor each of `states` reaches (0: diverges, leaves the box for good or stays
    /// undecided), followed in parallel as grid points are.
    ///
    /// - Throws: ``GlobalDynamicsError`` for a state of the wrong length or not finite (named by index).
    /// - Complexity: as ``basins(on:)`` for as many points.
    public func labels(of states: [[Double]]) throws(GlobalDynamicsError) -> [Int] {
        for (k, state) in states.enumerated() { try checkState(state, name: "states[\(k)]") }
        return try labels(count: states.count) { k, x in
            for i in x.indices { x[i] = states[k][i] }
        }
    }

    /// Basins on the grid of every combination of `axes`, one axis per state variable (first fastest).
    ///
    /// - Throws: ``GlobalDynamicsError`` for a bad grid or one over the memory limit.
    public func basins(grid axes: [[Double]]) throws(GlobalDynamicsError) -> Basins {
        try basins(on: InitialConditionGrid.box(axes))
    }

    /// Basins on any grid of initial conditions (a slice of a box, a plane through state space).
    ///
    /// - Throws: ``GlobalDynamicsError`` for a grid of the wrong dimension or over the memory limit.
    /// - Complexity: see the type; both cores when ``AttractorMapperOptions/parallel``.
    public func basins(on grid: InitialConditionGrid) throws(GlobalDynamicsError) -> Basins {
        guard grid.dimension == system.dimension else {
            throw .invalidArgument(InvalidArgument("grid", is: "states of \(grid.dimension) values", allowed: "the system has \(system.dimension) variables"))
        }
        guard grid.count <= options.memoryLimit / 8 else {
            throw .tooLarge(what: "labels for \(grid.count) grid points", bytes: grid.count * 8, limit: options.memoryLimit)
        }
        let labels = try labels(count: grid.count) { index, x in grid.state(at: index, into: &x) }
        return Basins(grid: grid, labels: labels, attractors: attractors)
    }

    /// Basins on a two-dimensional grid (a plane or a slice) by ``BorderTracing``: only the borders of
    /// blocks are followed, blocks with one label on their border are filled. The boundaries come out
    /// as on ``basins(on:)`` for a fraction of its work; a basin lying wholly inside a first block
    /// without touching its border is missed, so use this where basins are larger than the blocks.
    /// Label 0 is not a basin (diverged, left the box or undecided: a state in it may be next to one
    /// that converges), so blocks bordered by 0 are never filled but followed point by point.
    ///
    /// - Parameters:
    ///   - grid: a grid with two axes.
    ///   - block: the first blocks' side in grid steps; default 32 (see ``BorderTracing``).
    /// - Returns: the basins and how many grid points were followed.
    /// - Throws: ``GlobalDynamicsError`` for a grid that is not two-dimensional, of the wrong
    ///   dimension or over the memory limit, or a block below 1.
    /// - Complexity: about 2/block of the grid plus the boundaries' cells times log₂ block, followed
    ///   as in ``basins(on:)``.
    public func basins(on grid: InitialConditionGrid, tracingBordersFrom block: Int) throws(GlobalDynamicsError) -> (basins: Basins, followed: Int) {
        guard grid.shape.count == 2 else {
            throw .invalidArgument(InvalidArgument("grid", is: "a grid with \(grid.shape.count) axes", allowed: "border tracing needs a grid with two axes"))
        }
        guard block >= 1 else { throw .invalidArgument(InvalidArgument("block", is: block, allowed: "must be at least 1 (default 32)")) }
        guard grid.dimension == system.dimension else {
            throw .invalidArgument(InvalidArgument("grid", is: "states of \(grid.dimension) values", allowed: "the system has \(system.dimension) variables"))
        }
        guard grid.count <= options.memoryLimit / 8 else {
            throw .tooLarge(what: "labels for \(grid.count) grid points", bytes: grid.count * 8, limit: options.memoryLimit)
        }
        // Labels in the order attractors are found, stable from level to level; renumbered once.
        let (found, followed) = try BorderTracing.labels(width: grid.shape[0], height: grid.shape[1], block: block, fills: { $0 != 0 }) { (indices: [Int]) throws(GlobalDynamicsError) -> [Int] in
            try labels(count: indices.count, canonical: false) { k, x in grid.state(at: indices[k], into: &x) }
        }
        lock.lock()
        let renumber = canonicalAttractors().ids
        lock.unlock()
        let basins = Basins(grid: grid, labels: found.map { $0 == 0 ? 0 : renumber[$0 - 1] }, attractors: attractors)
        return (basins, followed)
    }

    /// The fraction of `samples` uniform random initial conditions in `box` (default: the mapper's box)
    /// that reach each attractor, with standard errors, sorted by id.
    ///
    /// - Parameters:
    ///   - samples: how many, at least 1.
    ///   - seed: the generator's seed; same seed, same samples, same fractions.
    ///   - box: where to sample; required for a proximity mapper, which has no box of its own.
    /// - Throws: ``GlobalDynamicsError`` for a bad count or box.
    public func basinFractions(samples: Int, seed: UInt64, box: [ClosedRange<Double>]? = nil) throws(GlobalDynamicsError) -> [BasinFraction] {
        guard (1...100_000_000).contains(samples) else { throw .invalidArgument(InvalidArgument("samples", is: samples, allowed: "must be in 1...100000000")) }
        let region: [ClosedRange<Double>]
        if let box {
            region = box
        } else if let grid = bookkeeping?.grid {
            region = zip(grid.lower, grid.upper).map { $0...$1 }
        } else {
            throw .invalidArgument(InvalidArgument("box", is: "nil", allowed: "a proximity mapper needs a box to sample from"))
        }
        _ = try CellGrid(box: region, cellsPerDimension: [Int](repeating: 1, count: region.count), dimension: system.dimension, memoryLimit: options.memoryLimit)
        var generator = SeededGenerator(seed: seed)
        let points = (0..<samples).map { _ in region.map { Double.random(in: $0, using: &generator) } }
        let labels = try labels(count: samples) { index, x in x = points[index] }
        var counts: [Int: Int] = [:]
        for label in labels { counts[label, default: 0] += 1 }
        return counts.keys.sorted().map { id in
            let f = Double(counts[id]!) / Double(samples)
            return BasinFraction(id: id, fraction: f, standardError: (f * (1 - f) / Double(samples)).squareRoot())
        }
    }

    func checkState(_ state: [Double], name: String) throws(GlobalDynamicsError) {
        guard state.count == system.dimension, state.allSatisfy(\.isFinite) else {
            throw .invalidArgument(InvalidArgument(name, is: state.count == system.dimension ? "not finite" : "\(state.count) values", allowed: "give \(system.dimension) finite values"))
        }
    }
}
