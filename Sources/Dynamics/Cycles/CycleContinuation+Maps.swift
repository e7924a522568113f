import ComplexModule

// Period doubling for maps and flows; cycles of maps: a k-cycle is a fixed point of F^k, continued by the fixed-point continuation (one
// predictor–corrector, one set of event tests); a period doubling switches to the 2k-cycle.
extension CycleContinuation {
    /// Maps: the branch of 2-cycles born at a period-doubling point of a branch of fixed points.
    ///
    /// - Parameters:
    ///   - event: a `.periodDoubling` event of `branch`.
    ///   - branch: the fixed-point branch (for the parameters and the index varied).
    ///   - end: the parameter value to reach. A supercritical doubling sends the new branch to the side
    ///     where the old cycle is unstable; an `end` on the other side ends it at once (`.leftInterval`).
    /// - Returns: the branch of 2-cycles; its `.periodDoubling` events lead on to 4-cycles.
    /// - Throws: ``CycleError`` for a flow, another kind of event, or when the switch fails.
    /// - Complexity: as ``FixedPointContinuation``'s branches, on F^{2k} (each evaluation 2k steps).
    @inlinable
    public func branch(fromPeriodDoubling event: Bifurcation, on branch: ContinuationBranch, to end: Double) throws(CycleError) -> CycleBranch {
        guard Family.timeDomain == .discrete else {
            throw .invalidArguments(InvalidArgument("family", is: "a flow", allowed: "a map: a period doubling of a flow's equilibrium does not exist (a Hopf point starts cycles: branch(fromHopf:on:to:))"))
        }
        guard event.kind == .periodDoubling else { throw .invalidArguments(InvalidArgument("event", is: event.kind, allowed: "a .periodDoubling event of the branch")) }
        return try doubling(at: event.state, parameter: event.parameter, period: 1, parameters: branch.parameters, index: branch.parameterIndex, to: end)
    }

    /// The branch of cycles of twice the period born where a branch of cycles doubles its period;
    /// applied again to the new branch's events, it walks down a period-doubling cascade. Maps: 2k-cycles
    /// from k-cycles. Flows: cycles of period about 2T (see the engine's branch switching: the old cycle
    /// traversed twice, displaced along the Floquet eigenvector of −1 with opposite signs on the two laps).
    ///
    /// - Parameters:
    ///   - event: a `.periodDoubling` event of `branch`.
    ///   - branch: a branch of cycles of this family.
    ///   - end: the parameter value to reach.
    /// - Throws: ``CycleError`` for another kind of event, a branch of the other time domain, an odd
    ///   number of segments (flows), or when the switch fails.
    @inlinable
    public func branch(fromPeriodDoubling event: CycleBifurcation, on branch: CycleBranch, to end: Double) throws(CycleError) -> CycleBranch {
        guard event.kind == .periodDoubling else { throw .invalidArguments(InvalidArgument("event", is: event.kind, allowed: "a .periodDoubling event of the branch")) }
        guard Family.timeDomain == event.point.timeDomain else {
            throw .invalidArguments(InvalidArgument("branch", is: "cycles of a \(event.point.timeDomain == .discrete ? "map" : "flow")", allowed: "a branch of cycles of this family"))
        }
        if Family.timeDomain == .continuous {
            var nodes = event.point.nodes
            if nodes.count != options.segments { nodes = (0..<options.segments).map { event.point.nodes[$0 * event.point.nodes.count / options.segments] } }
            return try engine(parameters: branch.parameters, index: branch.parameterIndex)
                .branch(fromPeriodDoubling: nodes, period: event.point.period, at: event.parameter, to: end)
        }
        let period = event.point.nodes.count
        return try doubling(at: event.point.nodes[0], parameter: event.parameter, period: period, parameters: branch.parameters, index: branch.parameterIndex, to: end)
    }

    /// Maps: the branch of the k-cycle through `orbit` (k states, each the image of the one before,
    /// the first the image of the last), followed in parameter `index` toward `end`.
    ///
    /// - Throws: ``CycleError`` for a flow, bad arguments, or when no k-cycle is near `orbit[0]`.
    @inlinable
    public func branch(fromOrbit orbit: [[Double]], parameters: [Double], varying index: Int, to end: Double) throws(CycleError) -> CycleBranch {
        guard Family.timeDomain == .discrete else { throw .invalidArguments(InvalidArgument("family", is: "a flow", allowed: "a map (for flows: branch(from:parameters:varying:to:))")) }
        guard let first = orbit.first, (1...4096).contains(orbit.count) else { throw .invalidArguments(InvalidArgument("orbit", is: "\(orbit.count) states", allowed: "1 to 4096 states of one cycle")) }
        let iterated = IteratedMap(base: family, count: orbit.count)
        do {
            let branch = try FixedPointContinuation(iterated, options: mapOptions).branch(from: first, parameters: parameters, varying: index, to: end)
            return cycles(of: branch, period: orbit.count)
        } catch {
            switch error {
            case let .notNearFixedPoint(residual): throw .notConverged(residual: residual)
            default: throw .invalidArguments(InvalidArgument("orbit / parameters", is: "\(error)", allowed: "a cycle of this family and valid continuation arguments"))
            }
        }
    }

    /// The fixed-point continuation's settings for F^k from these options.
    @inlinable
    var mapOptions: ContinuationOptions {
        var settings = ContinuationOptions()
        settings.certificationTolerance = options.certificationTolerance
        settings.maximumPoints = options.maximumPoints
        return settings
    }

    /// The 2k-cycles leaving the k-cycle through `state` at its period doubling: F^{2k} has a pitchfork
    /// there, whose new branch leaves along the eigenvector v of D(F^k) for the multiplier −1; the
    /// predictor x* + ε·v is corrected on the hyperplane normal to (v, 0).
    @inlinable
    func doubling(at state: [Double], parameter: Double, period k: Int, parameters: [Double], index: Int, to end: Double) throws(CycleError) -> CycleBranch {
        if let problem = options.validationError { throw .invalidArguments(problem) }
        let n = family.dimension
        guard state.count == n, state.allSatisfy(\.isFinite), parameters.count == family.parameterCount, (0..<family.parameterCount).contains(index),
              parameter.isFinite, end.isFinite, end != parameter else {
            throw .invalidArguments(InvalidArgument("event / end", is: "parameter \(parameter), end \(end)", allowed: "an event of this family's branch and a finite end other than the event"))
        }
        guard k <= 2048 else { throw .invalidArguments(InvalidArgument("period", is: k, allowed: "cycles up to period 2048 (this one would double to \(2 * k))")) }
        var atEvent = parameters
        atEvent[index] = parameter
        let jacobian = IteratedMap(base: family, count: k).fixing(parameters: atEvent).jacobian(at: state)
        guard let eigen = try? EigenDecomposition(of: jacobian),
              let critical = eigen.eigenvalues.indices.min(by: { (eigen.eigenvalues[$0] + Complex(1, 0)).length < (eigen.eigenvalues[$1] + Complex(1, 0)).length }),
              (eigen.eigenvalues[critical] + Complex(1, 0)).length <= 1e-4 else {
            throw .invalidArguments(InvalidArgument("event", is: "a point without a multiplier −1", allowed: "a period-doubling point (a multiplier of the cycle at −1)"))
        }
        let vector = eigen.rightEigenvectors[critical].map(\.real)
        let norm = euclideanNorm(vector)
        guard norm > 0 else { throw .notConverged(residual: .nan) }
        let direction = vector.map { $0 / norm } + [0]
        let epsilon = options.startAmplitude * Swift.max(1, euclideanNorm(state))
        let doubled = FixedPointContinuation(IteratedMap(base: family, count: 2 * k), options: mapOptions)
        guard let branch = doubled.branch(leaving: state + [parameter], along: direction, step: epsilon, parameters: parameters, varying: index, to: end) else {
            throw .notConverged(residual: .nan)
        }
        return cycles(of: branch, period: 2 * k)
    }

    /// A branch of fixed points of F^k read as a branch of k-cycles (orbits from the family's step).
    @inlinable
    func cycles(of branch: ContinuationBranch, period k: Int) -> CycleBranch {
        let family = self.family
        return MapCycles.branch(branch, period: k) { state, parameters in
            var orbit = [state]
            for _ in 1..<Swift.max(k, 1) { orbit.append(family.step(orbit[orbit.count - 1], parameters: parameters)) }
            return orbit
        }
    }
}

/// Branches of fixed points of F^k as branches of k-cycles.
@usableFromInline
enum MapCycles {
    /// The orbit of each point (from `orbit(state, parameters)`), its extremes in the first variable,
    /// and the events with the cycle at each.
    @usableFromInline
    static func branch(_ branch: ContinuationBranch, period k: Int, orbit: ([Double], [Double]) -> [[Double]]) -> CycleBranch {
        func cycle(at state: [Double], parameter: Double, multipliers: [Complex<Double>], residual: Double, arclength: Double) -> CyclePoint {
            var p = branch.parameters
            p[branch.parameterIndex] = parameter
            let points = orbit(state, p)
            let first = points.map { $0[0] }
            return CyclePoint(parameter: parameter, period: Double(k), nodes: points, minimum: first.min()!, maximum: first.max()!,
                              multipliers: multipliers, residual: residual, arclength: arclength, timeDomain: .discrete)
        }
        let points = branch.points.map { cycle(at: $0.state, parameter: $0.parameter, multipliers: $0.eigenvalues, residual: $0.residual, arclength: $0.arclength) }
        let events = branch.bifurcations.map { event in
            CycleBifurcation(kind: event.kind, parameter: event.parameter,
                             point: cycle(at: event.state, parameter: event.parameter, multipliers: event.eigenvalues, residual: 0, arclength: event.arclength))
        }
        return CycleBranch(parameterIndex: branch.parameterIndex, parameters: branch.parameters, points: points, bifurcations: events, termination: branch.termination)
    }
}
