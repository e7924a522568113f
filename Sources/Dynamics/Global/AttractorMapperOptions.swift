/// Settings of an ``AttractorMapper``. The counts follow Datseris & Wagemakers (2022), "Effortless
/// estimation of basins of attraction", whose recurrence algorithm the mapper implements.
public struct AttractorMapperOptions: Sendable {
    /// Consecutive steps in cells this trajectory has already visited (and no attractor owns) that
    /// declare a new attractor; default 100. Raise it for attractors that fill many cells slowly.
    public var recurrencesToFind = 100
    /// Steps followed on a newly found attractor to collect its cells and states; default 1000.
    public var stepsToLocate = 1000
    /// Consecutive steps in cells already known to lead to one attractor that label the trajectory
    /// with it; default 10 (a cell straddling a basin boundary is then not trusted once).
    public var basinHitsToLabel = 10
    /// Consecutive steps in an attractor's own cells that label the trajectory; default 2.
    public var attractorHitsToLabel = 2
    /// Consecutive steps outside the box after which a trajectory is given up (label 0); default 20.
    /// A trajectory that leaves and comes back sooner is followed on (a Newton map throws points near
    /// a pole far out for a step or two).
    public var stepsOutsideToGiveUp = 20
    /// A state whose largest magnitude exceeds this, or that is not finite, has diverged (label 0);
    /// default 1e12.
    public var divergenceBound = 1e12
    /// Steps after which a trajectory that is still undecided gets label 0; default 100,000.
    public var maximumSteps = 100_000
    /// Flows only: the time between two samples of a trajectory; default 0.1. Choose it so that a
    /// trajectory moves about one cell per sample.
    public var timeStep = 0.1
    /// Flows only: RK4 steps per sample; default 4 (RungeKutta4 at timeStep / 4).
    public var substeps = 4
    /// Proximity mapping: a trajectory is labelled when it comes within this distance of one of the
    /// known attractors' states; set by ``AttractorMapper/init(_:attractors:radius:options:)``.
    public var radius = 1e-3
    /// Refine and classify every attractor found (fixed point, cycle of a map, other with its
    /// leading Lyapunov exponent); default true. Saddles reached exactly (from their stable
    /// manifolds) are recognised either way: they are never reported as attractors.
    public var identifiesAttractors = true
    /// Use both cores for grids and samples; default true. Labels and ids are the same either way.
    public var parallel = true
    /// The largest cell array or grid of labels allowed, in bytes; default 4 GiB.
    public var memoryLimit = 4 << 30
    /// Receives a line per finished tenth of a long grid (over 10⁶ initial conditions); default nil.
    public var progress: (@Sendable (String) -> Void)?

    /// Options with the defaults above.
    public init() {}

    /// The first option outside its valid range, as a thrown error.
    func validate() throws(GlobalDynamicsError) {
        func check(_ ok: Bool, _ name: String, _ value: Any, _ allowed: String) throws(GlobalDynamicsError) {
            if !ok { throw .invalidArgument(InvalidArgument("options." + name, is: value, allowed: allowed)) }
        }
        try check((1...10_000_000).contains(recurrencesToFind), "recurrencesToFind", recurrencesToFind, "must be in 1...10000000")
        try check((1...10_000_000).contains(stepsToLocate), "stepsToLocate", stepsToLocate, "must be in 1...10000000")
        try check((1...1_000_000).contains(basinHitsToLabel), "basinHitsToLabel", basinHitsToLabel, "must be in 1...1000000")
        try check((1...1_000_000).contains(attractorHitsToLabel), "attractorHitsToLabel", attractorHitsToLabel, "must be in 1...1000000")
        try check((0...1_000_000).contains(stepsOutsideToGiveUp), "stepsOutsideToGiveUp", stepsOutsideToGiveUp, "must be in 0...1000000")
        try check(divergenceBound > 0 && divergenceBound.isFinite, "divergenceBound", divergenceBound, "must be positive and finite")
        try check((1...1_000_000_000).contains(maximumSteps), "maximumSteps", maximumSteps, "must be in 1...1000000000")
        try check(timeStep > 0 && timeStep.isFinite, "timeStep", timeStep, "must be positive and finite")
        try check((1...10_000).contains(substeps), "substeps", substeps, "must be in 1...10000")
        try check(radius > 0 && radius.isFinite, "radius", radius, "must be positive and finite")
        try check(memoryLimit > 0, "memoryLimit", memoryLimit, "must be positive")
    }
}
