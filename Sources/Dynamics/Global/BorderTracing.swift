/// Labels a two-dimensional grid by tracing borders (the Mariani–Silver method): only the borders of
/// blocks are labelled, a block whose whole border carries one label is filled with it, and a block
/// whose border carries several is cut in four and its cuts labelled in turn, down to single cells.
///
/// A basin boundary that passes through a block crosses its border, so boundaries are resolved to the
/// grid's own spacing while the work grows with their length rather than with the area: a 500 × 500
/// plane cut by one smooth boundary is labelled from about a tenth of its points. What it cannot see is
/// a region lying wholly inside a block without touching its border (an island smaller than the first
/// blocks, a riddled or fractal basin): there, label every point instead, or start from smaller blocks.
public enum BorderTracing {
    /// The labels of a `width` × `height` grid (first axis fastest: index = j·width + i).
    ///
    /// - Parameters:
    ///   - width: points along the first axis, at least 1.
    ///   - height: points along the second axis, at least 1.
    ///   - block: the side of the first blocks, in grid steps; default 32. Smaller finds smaller
    ///     islands and labels more points; 1 labels every point.
    ///   - fills: whether a block bordered by one label may be filled with it; default every label.
    ///     A label that is not a region (unknown, undecided) should not be: its blocks are cut down to
    ///     single points instead.
    ///   - label: labels a batch of grid indices (called once per level with every point that level
    ///     needs, so it may run them in parallel); returns one label per index, in order.
    /// - Returns: a label per grid point and how many points `label` was asked for.
    /// - Precondition: width, height and block at least 1, and one label per index from `label` (a
    ///   programming error: traps with a message).
    /// - Complexity: about (width·height)/block·2 + (boundary length in cells)·log₂(block)·c points
    ///   labelled, in ⌈log₂ block⌉ + 1 calls; O(width·height) memory.
    public static func labels<Failure: Error>(
        width: Int, height: Int, block: Int = 32, fills: (Int) -> Bool = { _ in true }, label: ([Int]) throws(Failure) -> [Int]
    ) throws(Failure) -> (labels: [Int], evaluated: Int) {
        precondition(width >= 1 && height >= 1, "BorderTracing.labels: the grid needs at least one point a side (got \(width) × \(height))")
        precondition(block >= 1, "BorderTracing.labels: block must be at least 1 (got \(block))")
        var labels = [Int](repeating: 0, count: width * height)
        var known = [Bool](repeating: false, count: width * height)
        var evaluated = 0
        // Blocks as inclusive index ranges [x0, x1] × [y0, y1]; neighbours share their borders.
        var pending: [(x0: Int, x1: Int, y0: Int, y1: Int)] = []
        for y0 in Swift.stride(from: 0, to: Swift.max(height - 1, 1), by: block) {
            for x0 in Swift.stride(from: 0, to: Swift.max(width - 1, 1), by: block) {
                pending.append((x0, Swift.min(x0 + block, width - 1), y0, Swift.min(y0 + block, height - 1)))
            }
        }
        while !pending.isEmpty {
            // The level's unlabelled border points, each once (marked known as they are asked for).
            var wanted: [Int] = []
            func want(_ i: Int, _ j: Int) {
                let index = j * width + i
                guard !known[index] else { return }
                known[index] = true
                wanted.append(index)
            }
            for b in pending {
                for i in b.x0...b.x1 { want(i, b.y0); want(i, b.y1) }
                for j in b.y0...b.y1 { want(b.x0, j); want(b.x1, j) }
            }
            if !wanted.isEmpty {
                let found = try label(wanted)
                precondition(found.count == wanted.count, "BorderTracing.labels: label returned \(found.count) labels for \(wanted.count) indices")
                for (index, value) in zip(wanted, found) { labels[index] = value }
                evaluated += wanted.count
            }
            var next: [(x0: Int, x1: Int, y0: Int, y1: Int)] = []
            for b in pending {
                // Interior points: (x0, x1) × (y0, y1) exclusive; none when a side is one step or less.
                guard b.x1 - b.x0 >= 2 && b.y1 - b.y0 >= 2 else { continue }
                let first = labels[b.y0 * width + b.x0]
                var uniform = true
                for i in b.x0...b.x1 where labels[b.y0 * width + i] != first || labels[b.y1 * width + i] != first { uniform = false; break }
                if uniform { for j in b.y0...b.y1 where labels[j * width + b.x0] != first || labels[j * width + b.x1] != first { uniform = false; break } }
                if uniform && fills(first) {
                    for j in (b.y0 + 1)..<b.y1 { for i in (b.x0 + 1)..<b.x1 { (labels[j * width + i], known[j * width + i]) = (first, true) } }
                    continue
                }
                // Cut in four along the middles.
                let (xm, ym) = ((b.x0 + b.x1) / 2, (b.y0 + b.y1) / 2)
                next += [(b.x0, xm, b.y0, ym), (xm, b.x1, b.y0, ym), (b.x0, xm, ym, b.y1), (xm, b.x1, ym, b.y1)]
            }
            pending = next
        }
        return (labels, evaluated)
    }
}
