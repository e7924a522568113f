/// Grid hashing for "which points lie within a tolerance of each other" in any dimension.
///
/// Points are binned on the (up to) three coordinates of largest variance, in cells a hair wider than
/// the tolerance. Two points within the tolerance in Euclidean distance are within it on every
/// coordinate, so they sit in the same or adjacent cells: only the 27 neighbouring cells are searched,
/// and the answers are exactly those of the naive O(n²) scan. Time is O(n·d) plus the pairs found in
/// neighbouring cells.
public struct ProximityGrid: Sendable {
    let points: [[Double]]
    let axes: [Int]
    let cellSize: Double
    var cells: [SIMD3<Int64>: [Int]] = [:]

    /// An empty grid over `points` for queries at `tolerance` (Euclidean).
    ///
    /// - Complexity: O(n·d).
    public init(points: [[Double]], tolerance: Double) {
        self.points = points
        let d = points.first?.count ?? 0
        var variance = [Double](repeating: 0, count: d)
        if points.count > 1 {
            for axis in 0..<d {
                let mean = points.reduce(0) { $0 + $1[axis] } / Double(points.count)
                variance[axis] = points.reduce(0) { $0 + ($1[axis] - mean) * ($1[axis] - mean) }
            }
        }
        axes = Array((0..<d).sorted { variance[$0] > variance[$1] }.prefix(3))
        // Wider than the tolerance by a relative 1e-9 so that rounding in x/cellSize cannot put two
        // points at distance exactly `tolerance` two cells apart; any positive size works for 0.
        cellSize = tolerance > 0 ? tolerance * (1 + 1e-9) : 1
    }

    func cell(of index: Int) -> SIMD3<Int64> {
        var key = SIMD3<Int64>(0, 0, 0)
        for (slot, axis) in axes.enumerated() {
            let scaled = (points[index][axis] / cellSize).rounded(.down)
            key[slot] = Int64(Swift.max(-4e18, Swift.min(4e18, scaled)))
        }
        return key
    }

    /// Adds point `index` to the grid.
    ///
    /// - Complexity: O(1) amortized.
    public mutating func insert(_ index: Int) {
        cells[cell(of: index), default: []].append(index)
    }

    /// The inserted points `j` for which `accept(j, distance(i, j))` holds, searched in the cells around
    /// point `index`; stops at the first when `first` is set.
    func neighbors(of index: Int, first: Bool, where accept: (Int, Double) -> Bool) -> [Int] {
        let center = cell(of: index)
        var found: [Int] = []
        let range: ClosedRange<Int64> = -1...1
        for dx in range {
            for dy in axes.count > 1 ? range : 0...0 {
                for dz in axes.count > 2 ? range : 0...0 {
                    guard let members = cells[center &+ SIMD3(dx, dy, dz)] else { continue }
                    for j in members where j != index && accept(j, distance(index, j)) {
                        found.append(j)
                        if first { return found }
                    }
                }
            }
        }
        return found
    }

    func distance(_ i: Int, _ j: Int) -> Double {
        var sum = 0.0
        let (a, b) = (points[i], points[j])
        for k in a.indices { sum += (a[k] - b[k]) * (a[k] - b[k]) }
        return sum.squareRoot()
    }

    /// `kept[j]` is true iff no earlier point i < j lies within `tolerance` (≤): the tutorial's
    /// `keep_unique`, in which a dropped point still drops later ones.
    ///
    /// - Complexity: O(n·d) plus the close pairs.
    public static func firstComeUnique(_ points: [[Double]], tolerance: Double) -> [Bool] {
        var grid = ProximityGrid(points: points, tolerance: tolerance)
        var kept = [Bool](repeating: true, count: points.count)
        for j in points.indices {
            kept[j] = grid.neighbors(of: j, first: true, where: { _, d in d <= tolerance }).isEmpty
            grid.insert(j)
        }
        return kept
    }

    /// `hasNeighbor[i]` is true iff some other point lies strictly closer than `tolerance`.
    ///
    /// - Complexity: O(n·d) plus the close pairs.
    public static func hasCloseNeighbor(_ points: [[Double]], tolerance: Double) -> [Bool] {
        var grid = ProximityGrid(points: points, tolerance: tolerance)
        for i in points.indices { grid.insert(i) }
        return points.indices.map { i in !grid.neighbors(of: i, first: true, where: { _, d in d < tolerance }).isEmpty }
    }

    /// Greedy clustering in order: each point joins the first representative within `tolerance` (≤),
    /// or becomes a representative. Returns each representative with its members (itself included).
    ///
    /// - Complexity: O(n·d) plus the close pairs.
    public static func firstOfClusters(_ points: [[Double]], tolerance: Double) -> [(representative: Int, members: [Int])] {
        var grid = ProximityGrid(points: points, tolerance: tolerance)
        var membersOf: [Int: [Int]] = [:]
        var order: [Int] = []
        for j in points.indices {
            if let owner = grid.neighbors(of: j, first: true, where: { _, d in d <= tolerance }).first {
                membersOf[owner, default: []].append(j)
            } else {
                grid.insert(j)
                membersOf[j] = [j]
                order.append(j)
            }
        }
        return order.map { ($0, membersOf[$0]!) }
    }
}
