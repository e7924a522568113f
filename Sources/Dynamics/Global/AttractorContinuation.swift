/// Attractors and their basin fractions across a parameter, with ids that stay with the same
/// attractor from one value to the next.
///
/// At each value the family's attractors are mapped afresh by recurrences over `box` from `samples`
/// random initial conditions (the same seed at every value). Attractors at consecutive values are
/// matched greedily by the distance between their centroids, nearest pair first; an attractor left
/// unmatched has died (or, at the later value, is born). Where a fixed point dies or is born, the
/// fixed-point branch through it is continued across the interval and the first local bifurcation
/// on it (a fold, a period doubling, ...) is named beside the event.
///
/// ```swift
/// let sweep = try AttractorContinuation(family, box: [-2...2], cellsPerDimension: 400, parameters: [0],
///                                       varying: 0, values: stride(from: -0.9, through: 0.9, by: 0.1).map { $0 },
///                                       samples: 4_000, seed: 1)
/// for step in sweep.steps { print(step.parameter, step.fractions) }
/// ```
public struct AttractorContinuation: Sendable {
    /// One parameter value.
    public struct Step: Sendable {
        /// The varied parameter's value.
        public var parameter: Double
        /// Basin fraction by attractor id (0: diverged or left the box).
        public var fractions: [Int: Double]
        /// The attractors present, with their continued ids.
        public var attractors: [MappedAttractor]
    }

    /// An attractor appearing or disappearing between two values.
    public struct Event: Sendable {
        /// Born (present at `parameter`, not at the value before) or died (the reverse).
        public enum Kind: String, Sendable { case born, died }
        /// Which.
        public var kind: Kind
        /// The attractor's id.
        public var id: Int
        /// The first value at which it is present (born) or absent (died).
        public var parameter: Double
        /// The local bifurcation on the fixed-point branch through it within the interval, when the
        /// attractor is a fixed point and the branch shows one.
        public var bifurcation: Bifurcation?
    }

    /// One step per value, in the order given.
    public let steps: [Step]
    /// Births and deaths, in parameter order.
    public let events: [Event]

    /// Maps a parametric map's attractors at each of `values`.
    ///
    /// - Parameters:
    ///   - family: the map family.
    ///   - box, cellsPerDimension: the recurrence mapper's grid (see ``AttractorMapper``).
    ///   - parameters: every parameter's value; `parameters[varying]` is replaced by each value.
    ///   - varying: the index of the varied parameter.
    ///   - values: the values, in order (at least one).
    ///   - samples: random initial conditions per value.
    ///   - seed: their seed (the same samples at every value).
    ///   - options: the mapper's options.
    /// - Throws: ``GlobalDynamicsError`` for bad arguments.
    /// - Complexity: one recurrence mapping of `samples` points per value.
    public init<Family: ParametricMap>(
        _ family: Family, box: [ClosedRange<Double>], cellsPerDimension: Int, parameters: [Double], varying: Int,
        values: [Double], samples: Int, seed: UInt64, options: AttractorMapperOptions = .init()
    ) throws(GlobalDynamicsError) {
        try self.init(family, fixing: { family.fixing(parameters: $0) }, box: box, cellsPerDimension: cellsPerDimension, parameters: parameters,
                      varying: varying, values: values, samples: samples, seed: seed, options: options)
    }

    /// Maps a parametric flow's attractors at each of `values`; see the map form.
    ///
    /// - Throws: ``GlobalDynamicsError`` for bad arguments.
    public init<Family: ParametricFlow>(
        _ family: Family, box: [ClosedRange<Double>], cellsPerDimension: Int, parameters: [Double], varying: Int,
        values: [Double], samples: Int, seed: UInt64, options: AttractorMapperOptions = .init()
    ) throws(GlobalDynamicsError) {
        try self.init(family, fixing: { family.fixing(parameters: $0) }, box: box, cellsPerDimension: cellsPerDimension, parameters: parameters,
                      varying: varying, values: values, samples: samples, seed: seed, options: options)
    }

    init<Family: ParametricSystem, System: DynamicalSystem>(
        _ family: Family, fixing: ([Double]) -> System, box: [ClosedRange<Double>], cellsPerDimension: Int, parameters: [Double],
        varying: Int, values: [Double], samples: Int, seed: UInt64, options: AttractorMapperOptions
    ) throws(GlobalDynamicsError) {
        guard parameters.count == family.parameterCount, parameters.allSatisfy(\.isFinite) else {
            throw .invalidArgument(InvalidArgument("parameters", is: parameters, allowed: "give \(family.parameterCount) finite values"))
        }
        guard (0..<family.parameterCount).contains(varying) else {
            throw .invalidArgument(InvalidArgument("varying", is: varying, allowed: "must be in 0..<\(family.parameterCount)"))
        }
        guard !values.isEmpty, values.allSatisfy(\.isFinite) else {
            throw .invalidArgument(InvalidArgument("values", is: values.isEmpty ? "empty" : "not finite", allowed: "give at least one finite value"))
        }
        var steps: [Step] = []
        var events: [Event] = []
        var nextID = 1
        for value in values {
            var p = parameters
            p[varying] = value
            let mapper = try AttractorMapper(fixing(p), box: box, cellsPerDimension: cellsPerDimension, options: options)
            let fractions = try mapper.basinFractions(samples: samples, seed: seed)
            var attractors = mapper.attractors
            // Continue ids: match to the previous value's attractors, nearest centroids first.
            var renamed: [Int: Int] = [0: 0]
            let previous = steps.last?.attractors ?? []
            var pairs: [(Double, Int, Int)] = []
            for (i, a) in attractors.enumerated() {
                for (j, b) in previous.enumerated() { pairs.append((distance(Self.centroid(a.states), Self.centroid(b.states)), i, j)) }
            }
            pairs.sort { $0.0 < $1.0 }
            var (usedNew, usedOld) = (Set<Int>(), Set<Int>())
            for (_, i, j) in pairs where !usedNew.contains(i) && !usedOld.contains(j) {
                usedNew.insert(i)
                usedOld.insert(j)
                renamed[attractors[i].id] = previous[j].id
            }
            for i in attractors.indices where !usedNew.contains(i) {
                renamed[attractors[i].id] = nextID
                nextID += 1
                if !steps.isEmpty {
                    events.append(Event(kind: .born, id: nextID - 1, parameter: value,
                                        bifurcation: Self.bifurcation(family, attractor: attractors[i], parameters: p, varying: varying, toward: steps.last!.parameter)))
                }
            }
            if let last = steps.last {
                for j in previous.indices where !usedOld.contains(j) {
                    var before = parameters
                    before[varying] = last.parameter
                    events.append(Event(kind: .died, id: previous[j].id, parameter: value,
                                        bifurcation: Self.bifurcation(family, attractor: previous[j], parameters: before, varying: varying, toward: value)))
                }
            }
            for i in attractors.indices { attractors[i].id = renamed[attractors[i].id]! }
            attractors.sort { $0.id < $1.id }
            var byID: [Int: Double] = [:]
            for fraction in fractions { byID[renamed[fraction.id] ?? fraction.id, default: 0] += fraction.fraction }
            steps.append(Step(parameter: value, fractions: byID, attractors: attractors))
            nextID = Swift.max(nextID, (attractors.map(\.id).max() ?? 0) + 1)
        }
        self.steps = steps
        self.events = events
    }

    static func centroid(_ states: [[Double]]) -> [Double] {
        guard let first = states.first else { return [] }
        return first.indices.map { i in states.reduce(0) { $0 + $1[i] / Double(states.count) } }
    }

    /// The first bifurcation on the fixed-point branch through a fixed-point attractor, continued from
    /// `parameters` toward `end`; nil for other attractors or a branch without one.
    static func bifurcation<Family: ParametricSystem>(_ family: Family, attractor: MappedAttractor, parameters: [Double], varying: Int, toward end: Double) -> Bifurcation? {
        guard attractor.kind == .fixedPoint, let state = attractor.states.first else { return nil }
        let branch = try? FixedPointContinuation(family).branch(from: state, parameters: parameters, varying: varying, to: end)
        return branch?.bifurcations.first
    }
}
