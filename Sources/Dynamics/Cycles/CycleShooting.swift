import ComplexModule

/// The multiple-shooting system of ``CycleFinder`` over shots given as a closure, solved by the shared
/// ``NewtonCorrector``: only the shots call the user's flow, so this part is compiled once.
@usableFromInline
struct CycleShooting {
    /// φ_duration(x), with ∂φ/∂x when asked.
    @usableFromInline typealias Shot = (_ x: [Double], _ duration: Double, _ jacobian: Bool) throws(CycleError) -> (end: [Double], jacobian: Matrix?)

    let options: CycleFinderOptions
    let n: Int
    let field: ([Double]) -> [Double]
    let shot: Shot

    @usableFromInline
    init(options: CycleFinderOptions, dimension: Int, field: @escaping ([Double]) -> [Double], shot: @escaping Shot) {
        self.options = options
        n = dimension
        self.field = field
        self.shot = shot
    }

    /// The unknowns z = (x₀, …, x_{m−1}, T): node i at z[i·n ..< (i+1)·n], T last.
    func nodes(of z: [Double], segments m: Int) -> [[Double]] { (0..<m).map { Array(z[($0 * n)..<(($0 + 1) * n)]) } }

    /// Newton from nodes taken along `orbit`, or flowed from its one state (see
    /// ``CycleFinder/find(along:period:)``).
    @usableFromInline
    func solve(along orbit: [[Double]], period: Double) throws(CycleError) -> FlowCycle {
        let m = options.segments
        var z: [Double] = []
        z.reserveCapacity(m * n + 1)
        var x = orbit[0]
        for i in 0..<m {
            if orbit.count > 1 {
                z += orbit[i * orbit.count / m]
            } else {
                z += x
                if i < m - 1 { x = try shot(x, period / Double(m), false).end }
            }
        }
        z.append(period)
        let anchor = orbit[0]
        let direction = field(anchor)
        guard direction.allSatisfy(\.isFinite) else { throw .diverged(time: 0) }
        // Shots that diverge inside the corrector's trials make the residual NaN: the trial is refused.
        func residual(_ z: [Double]) -> [Double] {
            (try? equations(z, anchor: anchor, direction: direction, jacobian: false).residual) ?? [Double](repeating: .nan, count: m * n + 1)
        }
        func jacobian(_ z: [Double]) -> Matrix {
            (try? equations(z, anchor: anchor, direction: direction, jacobian: true).jacobian) ?? Matrix(rows: m * n + 1, columns: m * n + 1)
        }
        var corrector = NewtonCorrector()
        corrector.tolerance = options.certificationTolerance
        corrector.maximumIterations = options.maximumIterations
        let solution = corrector.solve(from: z, residual: residual, jacobian: jacobian)
        guard solution.converged else { throw .notConverged(residual: solution.residual) }
        let solved = solution.state
        let nodes = self.nodes(of: solved, segments: m)
        let speed = euclideanNorm(field(nodes[0]))
        guard speed > 1e-8 * Swift.max(1, euclideanNorm(nodes[0])) else { throw .equilibrium(state: nodes[0]) }
        let final = try equations(solved, anchor: anchor, direction: direction, jacobian: true)
        guard let multipliers = FloquetMultipliers.of(blocks: final.blocks) else { throw .notConverged(residual: solution.residual) }
        var states: [[Double]] = []
        x = nodes[0]
        let period = solved[m * n]
        for node in 0..<m {
            states.append(x)
            // Ten points a segment: enough for amplitudes and figures of smooth cycles.
            for _ in 0..<9 { x = try shot(x, period / Double(m) / 9, false).end; states.append(x) }
            x = nodes[(node + 1) % m]
        }
        return FlowCycle(period: period, nodes: nodes, states: states, multipliers: multipliers, residual: solution.residual)
    }

    /// The residual (m·n periodicity equations, then the phase condition) and, when asked, the bordered
    /// Jacobian with its diagonal blocks Mᵢ.
    func equations(_ z: [Double], anchor: [Double], direction: [Double], jacobian wanted: Bool) throws(CycleError)
        -> (residual: [Double], jacobian: Matrix?, blocks: [Matrix]) {
        try Self.multipleShooting(z, dimension: n, segments: options.segments, extra: 0, anchor: anchor, direction: direction, jacobian: wanted,
                                  shot: { node, duration, wanted throws(CycleError) in try shot(node, duration, wanted) }, velocity: field)
    }

    /// The multiple-shooting equations on z = (x₀, …, x_{m−1}, T, p₁, …, p_extra), written once for
    /// finding cycles (no extra unknown) and continuing them (the parameter): φ_{T/m}(xᵢ; p) − x_{i+1 mod m}
    /// = 0 and the phase condition direction·(x₀ − anchor) = 0. When asked, their (m·n + 1) × (m·n + 1 +
    /// extra) Jacobian: the blocks ∂φ/∂x with −I beside them, the column f(φ)/m for T, and the shots'
    /// extra columns ∂φ/∂p; and the blocks themselves (for the Floquet multipliers).
    ///
    /// - Parameters:
    ///   - shot: φ over a duration from a node and, when asked, its Jacobian with at least n rows and
    ///     n + extra columns ([∂φ/∂x | ∂φ/∂p]).
    ///   - velocity: the field at a shot's end (for the column of T).
    static func multipleShooting(
        _ z: [Double], dimension n: Int, segments m: Int, extra: Int, anchor: [Double], direction: [Double], jacobian wanted: Bool,
        shot: (_ node: [Double], _ duration: Double, _ jacobian: Bool) throws(CycleError) -> (end: [Double], jacobian: Matrix?),
        velocity: ([Double]) -> [Double]
    ) throws(CycleError) -> (residual: [Double], jacobian: Matrix?, blocks: [Matrix]) {
        let period = z[m * n]
        guard period > 0 && period.isFinite && z[(m * n)...].allSatisfy(\.isFinite) else { throw .diverged(time: 0) }
        let duration = period / Double(m)
        var residual = [Double](repeating: 0, count: m * n + 1)
        var matrix = wanted ? Matrix(rows: m * n + 1, columns: m * n + 1 + extra) : nil
        var blocks: [Matrix] = []
        for i in 0..<m {
            let (end, joint) = try shot(Array(z[(i * n)..<((i + 1) * n)]), duration, wanted)
            let next = (i + 1) % m
            for k in 0..<n { residual[i * n + k] = end[k] - z[next * n + k] }
            guard wanted, let joint else { continue }
            var block = Matrix(rows: n, columns: n)
            let f = velocity(end)
            for r in 0..<n {
                for c in 0..<n {
                    block[r, c] = joint[r, c]
                    matrix![i * n + r, i * n + c] += joint[r, c]
                }
                matrix![i * n + r, next * n + r] -= 1
                matrix![i * n + r, m * n] = f[r] / Double(m)
                for e in 0..<extra { matrix![i * n + r, m * n + 1 + e] = joint[r, n + e] }
            }
            blocks.append(block)
        }
        for k in 0..<n {
            residual[m * n] += direction[k] * (z[k] - anchor[k])
            if wanted { matrix![m * n, k] = direction[k] }
        }
        return (residual, matrix, blocks)
    }

    /// Attempted steps one shot may take before it is refused as diverged. A corrector's trial far from
    /// any cycle can make a model stiff enough to need millions of steps (Morris–Lecar's rates at
    /// V = −1100 mV); shots along cycles take hundreds to a few thousand.
    @usableFromInline static let stepLimit = 100_000

    /// One shot without derivatives: `x` flowed for `duration` by Dormand–Prince on values, from the
    /// same trial step as every shot.
    @inlinable
    static func shoot<System: ContinuousFlow, Pair: EmbeddedRungeKuttaPair>(
        _ system: System, _ integrator: inout EmbeddedRungeKuttaStepper<Double, Pair>, from x: [Double], duration: Double
    ) throws(CycleError) -> [Double] {
        integrator.stepSize = Swift.max(duration / 64, 1e-12)
        integrator.maxSteps = stepLimit
        integrator.load(state: x)
        do { try integrator.advance(system, by: duration, from: 0) } catch { throw .diverged(time: error.time) }
        return integrator.y
    }

    /// One shot with derivatives: `x` flowed for `duration` by Dormand–Prince on `Dual<W>`, with the
    /// n × `columns` Jacobian in ⌈columns/W⌉ passes: columns below n are ∂φ/∂x, the others the
    /// derivatives along whatever tangent lanes the pass's field gives its parameters
    /// (`field(first, width)` integrates columns first ..< first + width). Every shot starts from the
    /// same trial step, so that the residual is a function of the unknowns alone.
    @inlinable
    static func shootWithJacobian<Field: DormandPrinceField, Pair: EmbeddedRungeKuttaPair, let W: Int>(
        _ integrator: inout EmbeddedRungeKuttaStepper<Dual<W>, Pair>, from x: [Double], duration: Double, columns: Int,
        field: (_ first: Int, _ width: Int) -> Field
    ) throws(CycleError) -> (end: [Double], jacobian: Matrix?) where Field.Scalar == Dual<W> {
        let n = integrator.dimension
        // Rows of the directions: unit vectors for the state columns, zeros for the parameters'.
        var directions = [Double](repeating: 0, count: columns * n)
        for i in 0..<n { directions[i * n + i] = 1 }
        var matrix = Matrix(rows: n, columns: columns)
        var end: [Double] = []
        var first = 0
        while first < columns {
            let width = Swift.min(W, columns - first)
            integrator.load(state: x, directions: directions, first: first, width: width)
            integrator.stepSize = Swift.max(duration / 64, 1e-12)
            integrator.maxSteps = stepLimit
            do { try integrator.advance(by: duration, from: 0, field: field(first, width)) } catch { throw .diverged(time: error.time) }
            for c in 0..<width { for i in 0..<n { matrix[i, first + c] = integrator.y[i].partials[c] } }
            if first == 0 { end = integrator.y.map(\.value) }
            first += W
        }
        return (end, matrix)
    }
}
