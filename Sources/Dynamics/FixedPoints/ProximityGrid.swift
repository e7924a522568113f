/// Grid hashing for "which points lie within a tolerance of each other" in any dimension.
///
/// Points are binned on the (up to) three coordinates of largest variance, in cells a hair wider than
/// the tolerance. Two points within the tolerance in Euclidean distance are within it on every
/// coordinate, so they sit in the same or adjacent cells: only the 27 neighbouring cells are searched,
/// and the answers are exactly those of the naive O(n²) scan. Time is O(n·d) plus the pairs found in
/// neighbouring cells.
///
/// With a relative tolerance (``Scale/relative``) two points a, b are close when
/// ‖a − b‖ ≤ tolerance·max(1, ‖a‖, ‖b‖): the rule for copies of one fixed point, whose accuracy
/// is relative to its size. Points are then also binned by the binary exponent e of max(1, ‖x‖)
/// (cells of tolerance·2^(e+1)); for tolerance < 1/4 a close pair lies in the same or adjacent
/// exponent bins, so three bins of 27 cells are searched and the answers stay exact.
@usableFromInline package struct ProximityGrid: Sendable {
    /// How a tolerance is measured.
    @usableFromInline package enum Scale: Sendable {
        /// ‖a − b‖ ≤ tolerance.
        case absolute
        /// ‖a − b‖ ≤ tolerance·max(1, ‖a‖, ‖b‖); the tolerance must be below 1/4.
        case relative
    }

    let points: [[Double]]
    let axes: [Int]
    let tolerance: Double
    let cellSize: Double
    /// Per point, the exponent bin of max(1, ‖x‖) (relative scale), else empty.
    let exponents: [Int]
    /// Per point, ‖x‖ (relative scale), else empty.
    let norms: [Double]
    var cells: [SIMD4<Int64>: [Int]] = [:]

    /// An empty grid over `points` for queries at `tolerance` (Euclidean), absolute or relative.
    ///
    /// - Complexity: O(n·d).
    @usableFromInline package init(points: [[Double]], tolerance: Double, scale: Scale = .absolute) {
        precondition(scale == .absolute || tolerance < 0.25, "ProximityGrid: a relative tolerance must be below 1/4, got \(tolerance)")
        self.points = points
        self.tolerance = tolerance
        if scale == .relative {
            norms = points.map(euclideanNorm)
            // ‖x‖ < 2^e with e ≥ 0; 1024 for norms up to the largest Double.
            exponents = norms.map { $0 <= 1 ? 0 : Swift.min(1024, $0.exponent + 1) }
        } else {
            (norms, exponents) = ([], [])
        }
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

    /// The cell of point `index` in exponent bin `bin` (always 0 on the absolute scale).
    func cell(of index: Int, bin: Int) -> SIMD4<Int64> {
        // Bin e's cells are tolerance·2^(e+1) wide: the coordinates are scaled by 2^-(e+1) first,
        // which neither overflows nor loses the exponent range.
        let binScale = exponents.isEmpty ? 1 : Double(sign: .plus, exponent: -(bin + 1), significand: 1)
        var key = SIMD4<Int64>(Int64(bin), 0, 0, 0)
        for (slot, axis) in axes.enumerated() {
            let scaled = (points[index][axis] * binScale / cellSize).rounded(.down)
            key[slot + 1] = Int64(Swift.max(-4e18, Swift.min(4e18, scaled)))
        }
        return key
    }

    func bin(of index: Int) -> Int { exponents.isEmpty ? 0 : exponents[index] }

    /// The tolerance for the pair (i, j): absolute, or scaled by max(1, ‖a‖, ‖b‖).
    func pairTolerance(_ i: Int, _ j: Int) -> Double {
        norms.isEmpty ? tolerance : tolerance * Swift.max(1, norms[i], norms[j])
    }

    /// Adds point `index` to the grid.
    ///
    /// - Complexity: O(1) amortized.
    @usableFromInline package mutating func insert(_ index: Int) {
        cells[cell(of: index, bin: bin(of: index)), default: []].append(index)
    }

    /// The inserted points `j` for which `accept(j, distance(i, j))` holds, searched in the cells around
    /// point `index`; stops at the first when `first` is set.
    func neighbors(of index: Int, first: Bool, where accept: (Int, Double) -> Bool) -> [Int] {
        var found: [Int] = []
        let range: ClosedRange<Int64> = -1...1
        let home = bin(of: index)
        for bin in exponents.isEmpty ? home...home : Swift.max(0, home - 1)...(home + 1) {
            let center = cell(of: index, bin: bin)
            for dx in range {
                for dy in axes.count > 1 ? range : 0...0 {
                    for dz in axes.count > 2 ? range : 0...0 {
                        guard let members = cells[center &+ SIMD4(0, dx, dy, dz)] else { continue }
                        for j in members where j != index && accept(j, distance(points[index], points[j])) {
                            found.append(j)
                            if first { return found }
                        }
                    }
                }
            }
        }
        return found
    }

    /// `kept[j]` is true iff no earlier point i < j lies within `tolerance` (≤): the tutorial's
    /// `keep_unique`, in which a dropped point still drops later ones.
    ///
    /// - Complexity: O(n·d) plus the close pairs.
    @usableFromInline package static func firstComeUnique(_ points: [[Double]], tolerance: Double) -> [Bool] {
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
    @usableFromInline package static func hasCloseNeighbor(_ points: [[Double]], tolerance: Double) -> [Bool] {
        var grid = ProximityGrid(points: points, tolerance: tolerance)
        for i in points.indices { grid.insert(i) }
        return points.indices.map { i in !grid.neighbors(of: i, first: true, where: { _, d in d < tolerance }).isEmpty }
    }

    /// Greedy clustering in order: each point joins the first representative within `tolerance` (≤,
    /// absolute or relative), or becomes a representative. Returns each representative with its members (itself included).
    ///
    /// - Complexity: O(n·d) plus the close pairs.
    @usableFromInline package static func firstOfClusters(_ points: [[Double]], tolerance: Double, scale: Scale = .absolute) -> [(representative: Int, members: [Int])] {
        var grid = ProximityGrid(points: points, tolerance: tolerance, scale: scale)
        var membersOf: [Int: [Int]] = [:]
        var order: [Int] = []
        for j in points.indices {
            // The earliest representative within reach, whatever order the cells are visited in.
            if let owner = grid.neighbors(of: j, first: false, where: { i, d in d <= grid.pairTolerance(i, j) }).min() {
                membersOf[owner, default: []].append(j)
            } else {
                grid.insert(j)
                membersOf[j] = [j]
                order.append(j)
            }
        }
        return order.map { ($0, membersOf[$0]!) }
    }

    /// Single-linkage groups: points joined by chains of pairs within `tolerance` (≤, absolute). Each
    /// group lists its members in increasing order; groups are ordered by their first member.
    ///
    /// - Complexity: O(n·d) plus the close pairs, with a near-linear union–find.
    @usableFromInline package static func connectedComponents(_ points: [[Double]], tolerance: Double) -> [[Int]] {
        var grid = ProximityGrid(points: points, tolerance: tolerance)
        for i in points.indices { grid.insert(i) }
        var parent = Array(points.indices)
        func root(_ i: Int) -> Int {
            var i = i
            while parent[i] != i {
                parent[i] = parent[parent[i]]
                i = parent[i]
            }
            return i
        }
        for i in points.indices {
            for j in grid.neighbors(of: i, first: false, where: { j, d in j > i && d <= tolerance }) {
                let (a, b) = (root(i), root(j))
                if a != b { parent[Swift.max(a, b)] = Swift.min(a, b) }
            }
        }
        var groups: [Int: [Int]] = [:]
        for i in points.indices { groups[root(i), default: []].append(i) }
        return groups.keys.sorted().map { groups[$0]! }
    }
}
