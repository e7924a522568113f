extension PhasePlane {
    /// Both nullclines: the zero sets of the field's two components, sampled on a
    /// `resolution` × `resolution` grid of cells, traced by marching squares (every branch, vertical
    /// and horizontal ones too, with correct connectivity), then each vertex moved onto the exact curve
    /// by Newton steps along the gradient of its component, g ← p − g(p)·∇g/|∇g|² (∇g exact, from
    /// dual numbers).
    ///
    /// - Parameters:
    ///   - resolution: cells per side, 1...10,000; default 200. Branches closer than a cell may merge.
    ///   - refinementSteps: Newton steps per vertex at most; default 8 (quadratic convergence takes a
    ///     vertex within 2e-3 to machine precision in 3 or 4). 0 keeps the interpolated vertices.
    /// - Returns: the x-nullcline (ẋ = 0, `variable` 0) and the y-nullcline (`variable` 1).
    /// - Complexity: (resolution + 1)² `step`s for the grid, one Jacobian per Newton step per vertex.
    /// - Precondition: arguments in their ranges (a constant of the calling code, so a mistake traps with
    ///   a message naming it, per the error policy for calls that cannot throw).
    @inlinable
    public func nullclines(resolution: Int = 200, refinementSteps: Int = 8) -> [Nullcline] {
        precondition((1...PhasePlane.largestResolution).contains(resolution),
                     InvalidArgument("nullclines(resolution:)", is: resolution, allowed: "it must be in 1...\(PhasePlane.largestResolution) (default 200)").description)
        precondition((0...1_000).contains(refinementSteps),
                     InvalidArgument("nullclines(refinementSteps:)", is: refinementSteps, allowed: "it must be in 0...1000 (default 8; 0 keeps the traced vertices)").description)
        let cells = resolution
        let xs = (0...cells).map { x.lowerBound + Double($0) / Double(cells) * (x.upperBound - x.lowerBound) }
        let ys = (0...cells).map { y.lowerBound + Double($0) / Double(cells) * (y.upperBound - y.lowerBound) }
        var components: [[Double]] = [[], []]
        components[0].reserveCapacity(xs.count * ys.count)
        components[1].reserveCapacity(xs.count * ys.count)
        for b in ys {
            for a in xs {
                let value = field(at: [a, b])
                components[0].append(value[0])
                components[1].append(value[1])
            }
        }
        return (0..<2).map { variable in
            let traced = MarchingSquares(xs: xs, ys: ys, values: components[variable]).polylines()
            var largest = 0.0
            let refined = traced.map { polyline in
                polyline.map { vertex in
                    let (point, residual) = projectOntoNullcline(vertex, variable: variable, steps: refinementSteps)
                    largest = Swift.max(largest, residual)
                    return point
                }
            }
            return Nullcline(variable: variable, segments: refined, largestResidual: largest)
        }
    }

    /// Newton steps p ← p − g(p)·∇g/|∇g|² on g = component `variable` of the field, from `start`;
    /// stops when |g| stops decreasing. Returns the best point and its |g|.
    @inlinable
    func projectOntoNullcline(_ start: [Double], variable: Int, steps: Int) -> ([Double], Double) {
        var p = start
        var g = field(at: p)[variable]
        for _ in 0..<steps where g != 0 {
            let row = slice.fixedPointResidualJacobian(at: p).row(variable)
            let squared = row[0] * row[0] + row[1] * row[1]
            guard squared > 0 && squared.isFinite else { break }
            let next = [p[0] - g * row[0] / squared, p[1] - g * row[1] / squared]
            let value = field(at: next)[variable]
            guard value.isFinite && Swift.abs(value) < Swift.abs(g) else { break }
            (p, g) = (next, value)
        }
        return (p, Swift.abs(g))
    }
}
