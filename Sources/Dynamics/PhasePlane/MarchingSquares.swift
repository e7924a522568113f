/// The zero set of a function sampled on a grid, as polylines with correct connectivity (marching
/// squares).
///
/// Each grid edge whose end values differ in sign (0 counts as positive) carries one crossing, placed
/// by linear interpolation; each cell joins its crossings in pairs, a saddle cell (four crossings) by
/// the sign of its centre value (the average of the corners); crossings shared by neighbouring cells
/// chain the pairs into polylines: open ones from the crossings with one neighbour, then closed ones.
/// Cells with a non-finite corner are skipped.
@usableFromInline
struct MarchingSquares {
    /// Values at (xs[i], ys[j]), `values[j * xs.count + i]`.
    let xs: [Double]
    let ys: [Double]
    let values: [Double]

    @usableFromInline
    init(xs: [Double], ys: [Double], values: [Double]) {
        self.xs = xs
        self.ys = ys
        self.values = values
    }

    /// The polylines of points [x, y].
    ///
    /// - Complexity: O(grid points).
    @usableFromInline
    func polylines() -> [[[Double]]] {
        let (nx, ny) = (xs.count, ys.count)
        func value(_ i: Int, _ j: Int) -> Double { values[j * nx + i] }
        // Edge ids: horizontal edge (i, j)–(i+1, j) is j·(nx−1) + i; vertical edge (i, j)–(i, j+1) is
        // H + i·(ny−1) + j.
        let horizontalCount = (nx - 1) * ny
        func horizontal(_ i: Int, _ j: Int) -> Int { j * (nx - 1) + i }
        func vertical(_ i: Int, _ j: Int) -> Int { horizontalCount + i * (ny - 1) + j }
        func point(of edge: Int) -> [Double] {
            let (a, b): ((Int, Int), (Int, Int))
            if edge < horizontalCount {
                let (j, i) = edge.quotientAndRemainder(dividingBy: nx - 1)
                (a, b) = ((i, j), (i + 1, j))
            } else {
                let (i, j) = (edge - horizontalCount).quotientAndRemainder(dividingBy: ny - 1)
                (a, b) = ((i, j), (i, j + 1))
            }
            let (va, vb) = (value(a.0, a.1), value(b.0, b.1))
            let t = va / (va - vb)
            return [xs[a.0] + t * (xs[b.0] - xs[a.0]), ys[a.1] + t * (ys[b.1] - ys[a.1])]
        }
        var neighbours: [Int: [Int]] = [:]
        func join(_ e: Int, _ f: Int) {
            neighbours[e, default: []].append(f)
            neighbours[f, default: []].append(e)
        }
        for j in 0..<(ny - 1) {
            for i in 0..<(nx - 1) {
                let corners = [value(i, j), value(i + 1, j), value(i + 1, j + 1), value(i, j + 1)]   // a b c d, counter-clockwise
                guard corners.allSatisfy(\.isFinite) else { continue }
                let positive = corners.map { $0 >= 0 }
                // Edges a–b, b–c, c–d, d–a.
                let edges = [horizontal(i, j), vertical(i + 1, j), horizontal(i, j + 1), vertical(i, j)]
                let crossed = (0..<4).filter { positive[$0] != positive[($0 + 1) % 4] }
                if crossed.count == 2 {
                    join(edges[crossed[0]], edges[crossed[1]])
                } else if crossed.count == 4 {
                    let centre = corners.reduce(0, +) / 4 >= 0
                    if centre == positive[0] {
                        // a and c joined through the centre: cut off b (edges a–b, b–c) and d (c–d, d–a).
                        join(edges[0], edges[1])
                        join(edges[2], edges[3])
                    } else {
                        // b and d joined: cut off a (d–a, a–b) and c (b–c, c–d).
                        join(edges[3], edges[0])
                        join(edges[1], edges[2])
                    }
                }
            }
        }
        var visited = Set<Int>()
        var result: [[[Double]]] = []
        func walk(from start: Int) -> [Int] {
            var chain = [start]
            visited.insert(start)
            var current = start
            while let next = neighbours[current]?.first(where: { !visited.contains($0) }) {
                chain.append(next)
                visited.insert(next)
                current = next
            }
            return chain
        }
        // Open polylines start at crossings with one neighbour (on the box's edge or a skipped cell).
        for edge in neighbours.keys.sorted() where neighbours[edge]!.count == 1 && !visited.contains(edge) {
            result.append(walk(from: edge).map(point(of:)))
        }
        for edge in neighbours.keys.sorted() where !visited.contains(edge) {
            var closed = walk(from: edge).map(point(of:))
            closed.append(closed[0])
            result.append(closed)
        }
        return result
    }
}
