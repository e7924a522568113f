import RealModule

/// How tangled the boundaries of a grid of basins are: the basin entropy and boundary basin entropy
/// (Daza, Wagemakers, Georgeot, Guéry-Odelin & Sanjuán 2016) and the uncertainty exponent
/// (McDonald, Grebogi, Ott & Yorke 1985), all from the labels alone.
///
/// - Basin entropy S_b: the grid is cut into boxes of `boxSize` points per side; in each box, with
///   p_j the share of each label, S = −Σ p_j·log p_j; S_b is the mean over all boxes, S_bb the mean
///   over the boxes that hold more than one label. S_bb > log 2 proves a fractal boundary (the
///   "log 2 criterion"); a smooth boundary between two basins gives S_bb < log 2.
/// - Uncertainty exponent α: a grid point is ε-uncertain when a point ε away along some axis (ε a
///   whole number of grid steps) has another label; the uncertain fraction f(ε) scales as ε^α, and
///   α is the least-squares slope of log f against log ε for ε from 1 step to a sixteenth of the
///   shortest axis. α = 1 for a smooth boundary, less for a fractal one (α = D − D_boundary).
public struct BasinBoundaryMeasures: Sendable {
    /// S_b, in nats.
    public let basinEntropy: Double
    /// S_bb, in nats (0 when no box meets a boundary).
    public let boundaryBasinEntropy: Double
    /// α (nil when the grid is too small for two box sides, or no box meets a boundary).
    public let uncertaintyExponent: Double?
    /// Whether S_bb > log 2: a sufficient condition for a fractal boundary.
    public var hasFractalBoundary: Bool { boundaryBasinEntropy > Double.log(2) }

    /// The measures of `basins`.
    ///
    /// - Parameters:
    ///   - basins: labels on a grid of two or three axes.
    ///   - boxSize: grid points per box side for the entropies; default 5 (as Daza et al.).
    /// - Throws: ``GlobalDynamicsError/invalidArgument(_:)`` when the grid has an axis shorter than
    ///   `boxSize`, or not 1-3 axes.
    /// - Complexity: O(grid points · number of box sides).
    public init(_ basins: Basins, boxSize: Int = 5) throws(GlobalDynamicsError) {
        let shape = basins.grid.shape
        guard (1...3).contains(shape.count) else {
            throw .invalidArgument(InvalidArgument("basins", is: "a grid of \(shape.count) axes", allowed: "measures need 1 to 3 axes"))
        }
        guard boxSize >= 2, shape.allSatisfy({ $0 >= boxSize }) else {
            throw .invalidArgument(InvalidArgument("boxSize", is: boxSize, allowed: "must be at least 2 and at most the shortest axis (\(shape.min() ?? 0))"))
        }
        let (all, boundary) = Self.entropies(basins.labels, shape: shape, side: boxSize)
        basinEntropy = all
        boundaryBasinEntropy = boundary
        var points: [(Double, Double)] = []
        var offset = 1
        while offset <= Swift.max(1, shape.min()! / 16) {
            let fraction = Self.uncertainFraction(basins.labels, shape: shape, offset: offset)
            if fraction > 0 { points.append((Double.log(Double(offset)), Double.log(fraction))) }
            offset = Swift.max(offset + 1, Int((Double(offset) * 1.4).rounded()))
        }
        if points.count >= 2 {
            let mx = points.reduce(0) { $0 + $1.0 } / Double(points.count)
            let my = points.reduce(0) { $0 + $1.1 } / Double(points.count)
            let sxy = points.reduce(0) { $0 + ($1.0 - mx) * ($1.1 - my) }
            let sxx = points.reduce(0) { $0 + ($1.0 - mx) * ($1.0 - mx) }
            uncertaintyExponent = sxx > 0 ? sxy / sxx : nil
        } else {
            uncertaintyExponent = nil
        }
    }

    /// Calls `body` with the labels of each whole box of `side` points per axis.
    static func forEachBox(_ labels: [Int], shape: [Int], side: Int, _ body: ([Int]) -> Void) {
        let counts = shape.map { $0 / side }
        let boxes = counts.reduce(1, *)
        var members: [Int] = []
        for box in 0..<boxes {
            var rest = box
            let corner = counts.map { count -> Int in defer { rest /= count }; return (rest % count) * side }
            members.removeAll(keepingCapacity: true)
            let cells = Int(Double.pow(Double(side), shape.count))
            for offset in 0..<cells {
                var o = offset
                var index = 0
                var stride = 1
                for axis in shape.indices {
                    index += (corner[axis] + o % side) * stride
                    o /= side
                    stride *= shape[axis]
                }
                members.append(labels[index])
            }
            body(members)
        }
    }

    /// (mean entropy over all boxes, mean over boxes with more than one label).
    static func entropies(_ labels: [Int], shape: [Int], side: Int) -> (Double, Double) {
        var (total, boundaryTotal, boxes, boundaryBoxes) = (0.0, 0.0, 0, 0)
        forEachBox(labels, shape: shape, side: side) { members in
            var counts: [Int: Int] = [:]
            for label in members { counts[label, default: 0] += 1 }
            let entropy = counts.values.reduce(0.0) { sum, count in
                let p = Double(count) / Double(members.count)
                return sum - p * Double.log(p)
            }
            total += entropy
            boxes += 1
            if counts.count > 1 {
                boundaryTotal += entropy
                boundaryBoxes += 1
            }
        }
        return (total / Double(Swift.max(boxes, 1)), boundaryBoxes == 0 ? 0 : boundaryTotal / Double(boundaryBoxes))
    }

    /// The fraction of grid points (those with every neighbour `offset` steps away inside the grid)
    /// whose label differs from that of one of those neighbours.
    static func uncertainFraction(_ labels: [Int], shape: [Int], offset: Int) -> Double {
        var strides: [Int] = []
        var stride = 1
        for count in shape {
            strides.append(stride)
            stride *= count
        }
        var (points, uncertain) = (0, 0)
        for index in labels.indices {
            var inside = true
            var differs = false
            for axis in shape.indices {
                let coordinate = (index / strides[axis]) % shape[axis]
                guard coordinate >= offset && coordinate + offset < shape[axis] else { inside = false; break }
                let step = offset * strides[axis]
                if labels[index - step] != labels[index] || labels[index + step] != labels[index] { differs = true }
            }
            guard inside else { continue }
            points += 1
            if differs { uncertain += 1 }
        }
        return Double(uncertain) / Double(Swift.max(points, 1))
    }
}
