/// One-dimensional stable and unstable manifolds of a saddle of a map or flow, as polylines.
///
/// A manifold is grown from the saddle x* along its eigenvector v: a point at parameter τ is the
/// image of the linear approximation x* ± δ·v·μ^(τ − ⌊τ⌋) under ⌊τ⌋ steps of the map (μ the
/// eigenvalue's modulus; the second iterate for a negative eigenvalue, whose sides swap each step),
/// or the flow's trajectory from x* ± δ·v at time τ. Stable manifolds are unstable manifolds of the
/// inverse: the map inverted point by point by the corrector, the flow with time reversed. Points are
/// placed by the curvature rule of Krauskopf & Osinga (1998): the next point is accepted when it is
/// at most ``Options/maximumSpacing`` from the last and the angle it turns is at most
/// ``Options/maximumAngle``, else τ's increment is halved; so sharp folds get many points.
///
/// ```swift
/// let unstable: [[[Double]]] = try InvariantManifold.unstable(of: saddle, in: henon, length: 3)
/// ```
public enum InvariantManifold {
    /// Settings of the growth.
    public struct Options: Sendable {
        /// The distance from x* of the first point, relative to max(1, ‖x*‖); default 1e-6. The linear
        /// approximation is off by O(δ²), and the error across an unstable manifold shrinks as it grows.
        public var initialOffset = 1e-6
        /// The largest distance between neighbouring points, relative to the requested length; default 1/200.
        public var maximumSpacing = 1.0 / 200
        /// The largest turn between neighbouring segments, in radians; default 0.2.
        public var maximumAngle = 0.2
        /// The smallest increment of τ before a point is accepted whatever the rules say; default 1e-9.
        public var minimumIncrement = 1e-9
        /// The most steps of the map (or time of the flow) a point may be from the saddle's
        /// neighbourhood; default 1000.
        public var maximumParameter = 1000.0
        /// The most points per side; default 100,000.
        public var maximumPoints = 100_000
        /// Options with the defaults above.
        public init() {}
    }

    /// The unstable manifold of `saddle`: two polylines (the + and − sides of the eigenvector), each
    /// starting at the saddle and `length` long (or shorter where it leaves the finite numbers).
    ///
    /// - Parameters:
    ///   - saddle: a fixed point (equilibrium of a flow) with exactly one unstable eigenvalue, real.
    ///   - system: the map or flow.
    ///   - length: the arclength of each side, > 0.
    /// - Throws: ``GlobalDynamicsError/notASaddle(_:)`` when the unstable eigenspace is not one real
    ///   direction or the point is not a fixed point; ``GlobalDynamicsError/invalidArgument(_:)``.
    /// - Complexity: per point, ⌊τ⌋ steps of the map, or an integration of the flow over the increment.
    public static func unstable<System: DynamicalSystem>(of saddle: [Double], in system: System, length: Double, options: Options = .init()) throws(GlobalDynamicsError) -> [[[Double]]] {
        try grow(of: saddle, in: system, length: length, options: options, stable: false)
    }

    /// The stable manifold of `saddle`: two polylines, as for ``unstable(of:in:length:options:)``.
    /// For a map, each point is found by inverting the map with the corrector (the map must be
    /// invertible near the manifold).
    ///
    /// - Throws: as ``unstable(of:in:length:options:)``, for the stable eigenspace.
    public static func stable<System: DynamicalSystem>(of saddle: [Double], in system: System, length: Double, options: Options = .init()) throws(GlobalDynamicsError) -> [[[Double]]] {
        try grow(of: saddle, in: system, length: length, options: options, stable: true)
    }

    static func grow<System: DynamicalSystem>(of saddle: [Double], in system: System, length: Double, options: Options, stable: Bool) throws(GlobalDynamicsError) -> [[[Double]]] {
        guard saddle.count == system.dimension, saddle.allSatisfy(\.isFinite) else {
            throw .invalidArgument(InvalidArgument("saddle", is: "\(saddle.count) values", allowed: "give \(system.dimension) finite values"))
        }
        guard length > 0 && length.isFinite else { throw .invalidArgument(InvalidArgument("length", is: length, allowed: "must be positive and finite")) }
        let discrete = System.timeDomain == .discrete
        let g = discrete ? zip(system.step(saddle), saddle).map { $0 - $1 } : system.step(saddle)
        guard euclideanNorm(g) <= 1e-8 * Swift.max(1, euclideanNorm(saddle)) else {
            throw .notASaddle("the state given is not a fixed point (‖G‖ = \(euclideanNorm(g))); refine it first, e.g. with SlowPointFinder")
        }
        guard let stability = try? LinearStability(system, at: saddle) else { throw .notASaddle("the Jacobian at the saddle has no eigen-decomposition") }
        // The eigenvalues that grow under the map or flow whose manifold is grown: the unstable ones,
        // or the stable ones for the inverse.
        let selected = stability.eigenvalues.indices.filter { k in
            let growth = stability.growthRates[k]
            return stable ? growth < 0 : growth > 0
        }
        let side = stable ? "stable" : "unstable"
        guard selected.count == 1, let k = selected.first, stability.eigenvalues[k].imaginary == 0 else {
            throw .notASaddle("the \(side) eigenspace has \(selected.count) dimension(s)\(selected.count == 1 ? " and is complex" : ""); only one-dimensional real manifolds are grown")
        }
        let lambda = stability.eigenvalues[k].real
        var v = stability.rightEigenvectors[k].map(\.real)
        let norm = euclideanNorm(v)
        v = v.map { $0 / norm }
        let delta = options.initialOffset * Swift.max(1, euclideanNorm(saddle))
        return [1.0, -1.0].map { sign in
            let start = zip(saddle, v).map { $0 + sign * delta * $1 }
            let advance: ManifoldAdvance
            if discrete {
                advance = MapManifoldAdvance(system: system, saddle: saddle, start: v.map { sign * delta * $0 }, eigenvalue: lambda, inverse: stable)
            } else {
                advance = FlowManifoldAdvance(flow: ContinuousView(base: system, direction: stable ? -1 : 1))
            }
            return polyline(from: saddle, start: start, advance: advance, length: length, options: options)
        }
    }

    /// Places points along one side by the curvature rule.
    static func polyline(from saddle: [Double], start: [Double], advance: ManifoldAdvance, length: Double, options: Options) -> [[Double]] {
        var points = [saddle, start]
        var state = ManifoldPoint(parameter: 0, state: start, chain: [])
        var arclength = distance(saddle, start)
        var increment = 0.05
        let spacing = options.maximumSpacing * length
        while arclength < length && points.count < options.maximumPoints && state.parameter < options.maximumParameter {
            guard let candidate = advance.point(after: state, by: increment) else {
                if increment <= options.minimumIncrement { break }
                increment /= 2
                continue
            }
            let last = points[points.count - 1], before = points[points.count - 2]
            let step = distance(candidate.state, last)
            let turn = angle(zip(last, before).map { $0 - $1 }, zip(candidate.state, last).map { $0 - $1 })
            if (step > spacing || turn > options.maximumAngle) && increment > options.minimumIncrement {
                increment /= 2
                continue
            }
            points.append(candidate.state)
            arclength += step
            state = candidate
            if step < spacing / 4 && turn < options.maximumAngle / 4 { increment *= 1.5 }
        }
        return points
    }

    /// The angle between two vectors, 0 when either is zero.
    static func angle(_ a: [Double], _ b: [Double]) -> Double {
        let (na, nb) = (euclideanNorm(a), euclideanNorm(b))
        guard na > 0 && nb > 0 else { return 0 }
        let cosine = zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } / (na * nb)
        return Double.acos(Swift.max(-1, Swift.min(1, cosine)))
    }
}

/// A point of a manifold: its parameter τ, its state, and for an inverted map the chain of preimages
/// that produced it (the next point's corrector starts from it).
struct ManifoldPoint {
    var parameter: Double
    var state: [Double]
    var chain: [[Double]]
}

/// How a manifold advances from one point by an increment of τ.
protocol ManifoldAdvance {
    func point(after point: ManifoldPoint, by increment: Double) -> ManifoldPoint?
}

/// Maps: ⌊τ⌋ steps (or inverse steps) of the map from x* + δ·v·μ^(τ − ⌊τ⌋).
struct MapManifoldAdvance<System: DynamicalSystem>: ManifoldAdvance {
    let system: System
    let saddle: [Double]
    /// δ·v, the offset of τ = 0 from the saddle.
    let start: [Double]
    let eigenvalue: Double
    let inverse: Bool

    /// Steps per unit of τ: the second iterate when the eigenvalue is negative (sides swap each step).
    var stepsPerUnit: Int { eigenvalue < 0 ? 2 : 1 }
    /// The growth per unit of τ along the eigenvector, > 1.
    var growth: Double {
        let mu = Swift.abs(eigenvalue)
        let perStep = inverse ? 1 / mu : mu
        return stepsPerUnit == 2 ? perStep * perStep : perStep
    }

    func point(after point: ManifoldPoint, by increment: Double) -> ManifoldPoint? {
        let tau = point.parameter + increment
        let whole = Int(tau.rounded(.down))
        let seed = zip(saddle, start).map { $0 + $1 * Double.pow(growth, tau - Double(whole)) }
        var x = seed
        var chain: [[Double]] = []
        for step in 0..<(whole * stepsPerUnit) {
            if inverse {
                // F(x_new) = x, from the last chain's point at this step, or from x itself.
                let target = x
                let guess = step < point.chain.count ? point.chain[step] : x
                let solution = NewtonCorrector().solve(
                    from: guess, residual: { zip(system.step($0), target).map { $0 - $1 } }, jacobian: { system.jacobian(at: $0) })
                guard solution.converged else { return nil }
                x = solution.state
                chain.append(x)
            } else {
                x = system.step(x)
            }
            guard x.allSatisfy(\.isFinite) else { return nil }
        }
        return ManifoldPoint(parameter: tau, state: x, chain: chain)
    }
}

/// Flows: the trajectory itself, integrated from the last point by Dormand–Prince at 1e-12.
struct FlowManifoldAdvance<Flow: ContinuousFlow>: ManifoldAdvance {
    let flow: Flow

    func point(after point: ManifoldPoint, by increment: Double) -> ManifoldPoint? {
        let options = DormandPrinceOptions(absoluteTolerance: 1e-12, relativeTolerance: 1e-12, maxStep: Swift.max(increment / 4, 1e-6))
        guard let solution = try? flow.integrate(from: point.state, duration: increment, options: options),
              let end = solution.states.last, end.allSatisfy(\.isFinite)
        else { return nil }
        return ManifoldPoint(parameter: point.parameter + increment, state: end, chain: [])
    }
}
