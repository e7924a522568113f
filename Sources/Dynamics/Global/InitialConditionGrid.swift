/// The initial conditions of a basin computation: a regular grid over some coordinates, every
/// combination of the values given, the first axis fastest. A grid point's state is
/// `origin + Σₖ axes[k][iₖ]·directions[k]`.
///
/// ```swift
/// let square = try InitialConditionGrid.box([xs, ys])                    // both variables of a 2-D system
/// let slice = try InitialConditionGrid.slice(of: base, varying: [0, 2], over: [xs, zs])
/// let plane = try InitialConditionGrid.plane(origin: mean, directions: [pc1, pc2], coordinates: [as, bs])
/// ```
public struct InitialConditionGrid: Sendable {
    /// The values along each axis of the grid.
    public let axes: [[Double]]
    /// The state at coordinates 0 (zero for ``box(_:)``).
    public let origin: [Double]
    /// One direction in state space per axis (unit vectors for ``box(_:)`` and ``slice(of:varying:over:)``).
    public let directions: [[Double]]
    /// Grid points in all: the product of the axes' lengths.
    public let count: Int

    /// The number of values along each axis.
    public var shape: [Int] { axes.map(\.count) }
    /// The dimension of the states.
    public var dimension: Int { origin.count }

    init(axes: [[Double]], origin: [Double], directions: [[Double]]) throws(GlobalDynamicsError) {
        guard !axes.isEmpty, axes.count == directions.count else {
            throw .invalidArgument(InvalidArgument("axes", is: "\(axes.count) axes", allowed: "give at least one axis, and one direction per axis"))
        }
        var total = 1
        for (k, axis) in axes.enumerated() {
            guard !axis.isEmpty, axis.allSatisfy(\.isFinite) else {
                throw .invalidArgument(InvalidArgument("axes[\(k)]", is: axis.isEmpty ? "empty" : "not finite", allowed: "give at least one finite value"))
            }
            let (product, overflow) = total.multipliedReportingOverflow(by: axis.count)
            guard !overflow, product <= 1 << 32 else {
                throw .invalidArgument(InvalidArgument("the grid", is: "\(axes.map { "\($0.count)" }.joined(separator: " × ")) points", allowed: "at most 2³² points"))
            }
            total = product
        }
        for (k, direction) in directions.enumerated() where direction.count != origin.count || !direction.allSatisfy(\.isFinite) {
            throw .invalidArgument(InvalidArgument("directions[\(k)]", is: "\(direction.count) values", allowed: "give \(origin.count) finite values"))
        }
        guard origin.allSatisfy(\.isFinite) else { throw .invalidArgument(InvalidArgument("origin", is: origin, allowed: "must be finite")) }
        self.axes = axes
        self.origin = origin
        self.directions = directions
        count = total
    }

    /// Every combination of `axes`, one axis per state variable.
    ///
    /// - Throws: ``GlobalDynamicsError`` for an empty or non-finite axis.
    public static func box(_ axes: [[Double]]) throws(GlobalDynamicsError) -> InitialConditionGrid {
        let n = axes.count
        return try InitialConditionGrid(axes: axes, origin: [Double](repeating: 0, count: n), directions: (0..<n).map { unit($0, n) })
    }

    /// A slice of state space: `base` with the variables `variables` running over `axes` (two or three
    /// variables of a box, the others held).
    ///
    /// - Throws: ``GlobalDynamicsError`` for a variable out of range, repeated, or a bad axis.
    public static func slice(of base: [Double], varying variables: [Int], over axes: [[Double]]) throws(GlobalDynamicsError) -> InitialConditionGrid {
        guard variables.count == axes.count, Set(variables).count == variables.count, variables.allSatisfy({ (0..<base.count).contains($0) }) else {
            throw .invalidArgument(InvalidArgument("variables", is: variables, allowed: "give distinct variables in 0..<\(base.count), one per axis"))
        }
        var origin = base
        for v in variables { origin[v] = 0 }
        return try InitialConditionGrid(axes: axes, origin: origin, directions: variables.map { unit($0, base.count) })
    }

    /// A plane (or any flat) through state space: `origin + a·directions[0] + b·directions[1]`, with a
    /// and b running over `coordinates` (e.g. the PCA plane of a network's activity).
    ///
    /// - Throws: ``GlobalDynamicsError`` for mismatched lengths or non-finite values.
    public static func plane(origin: [Double], directions: [[Double]], coordinates: [[Double]]) throws(GlobalDynamicsError) -> InitialConditionGrid {
        try InitialConditionGrid(axes: coordinates, origin: origin, directions: directions)
    }

    /// The plane of the first two principal components through `pca`'s mean, covering where `states`
    /// project (each side widened by `margin` of its span): the basin picture of a network's activity.
    ///
    /// - Parameters:
    ///   - pca: a projector with at least two components.
    ///   - states: the states to cover, e.g. the recorded activity.
    ///   - resolution: grid points per side.
    ///   - margin: the widening of each side, as a fraction of its span; default 0.1.
    /// - Throws: ``GlobalDynamicsError`` for fewer than two components, no states or a resolution
    ///   below 2.
    /// - Complexity: O(states · dimension).
    public static func pcaPlane(_ pca: PCAProjector, covering states: [[Double]], resolution: Int, margin: Double = 0.1) throws(GlobalDynamicsError) -> InitialConditionGrid {
        try pcaGrid(pca, components: 2, covering: states, resolution: resolution, margin: margin)
    }

    /// The grid over the first `components` principal components through `pca`'s mean, covering where
    /// `states` project (each side widened by `margin` of its span): ``pcaPlane(_:covering:resolution:margin:)``
    /// with 2, a box of basins with 3.
    ///
    /// - Parameters:
    ///   - pca: a projector with at least `components` components.
    ///   - components: the grid's dimension, 1 or more.
    ///   - states: the states to cover.
    ///   - resolution: grid points per side (resolution^components in all).
    ///   - margin: the widening of each side, as a fraction of its span; default 0.1.
    /// - Throws: ``GlobalDynamicsError`` for too few components, no states or a resolution below 2.
    /// - Complexity: O(states · dimension · components).
    public static func pcaGrid(
        _ pca: PCAProjector, components: Int, covering states: [[Double]], resolution: Int, margin: Double = 0.1
    ) throws(GlobalDynamicsError) -> InitialConditionGrid {
        guard components >= 1, pca.components.rows >= components else {
            throw .invalidArgument(InvalidArgument("pca", is: "\(pca.components.rows) component(s)", allowed: "fit at least \(Swift.max(components, 1))"))
        }
        guard !states.isEmpty else { throw .invalidArgument(InvalidArgument("states", is: "empty", allowed: "give the states the grid should cover")) }
        guard (2...100_000).contains(resolution) else { throw .invalidArgument(InvalidArgument("resolution", is: resolution, allowed: "must be in 2...100000")) }
        guard margin >= 0 && margin.isFinite else { throw .invalidArgument(InvalidArgument("margin", is: margin, allowed: "must be ≥ 0 and finite")) }
        let projected = states.map { pca.transform($0) }
        let axes = (0..<components).map { k -> [Double] in
            let values = projected.map { $0[k] }
            let (low, high) = (values.min()!, values.max()!)
            let pad = Swift.max(margin * (high - low), 1e-9 * Swift.max(1, Swift.abs(low), Swift.abs(high)))
            return (0..<resolution).map { low - pad + (high - low + 2 * pad) * Double($0) / Double(resolution - 1) }
        }
        let directions = (0..<components).map { k in (0..<pca.components.columns).map { pca.components[k, $0] } }
        return try plane(origin: pca.mean, directions: directions, coordinates: axes)
    }

    static func unit(_ k: Int, _ n: Int) -> [Double] {
        var e = [Double](repeating: 0, count: n)
        e[k] = 1
        return e
    }

    /// The grid coordinates of point `index` (first axis fastest).
    public func coordinates(of index: Int) -> [Int] {
        var rest = index
        return axes.map { axis in
            defer { rest /= axis.count }
            return rest % axis.count
        }
    }

    /// Writes grid point `index`'s state into `x` (`dimension` values).
    ///
    /// - Complexity: O(axes · dimension).
    public func state(at index: Int, into x: inout [Double]) {
        for i in x.indices { x[i] = origin[i] }
        var rest = index
        for (k, axis) in axes.enumerated() {
            let value = axis[rest % axis.count]
            rest /= axis.count
            for (i, d) in directions[k].enumerated() where d != 0 { x[i] += value * d }
        }
    }
}
