/// The knobs of ``FixedPointContinuation``, with defaults that suit parameter ranges of order one and
/// scale with the range asked for.
public struct ContinuationOptions: Sendable {
    /// The first step along the branch, as a fraction of |to − start|; default 0.01.
    public var initialStep: Double = 0.01
    /// The largest step, as a fraction of |to − start|; default 0.05.
    public var maximumStep: Double = 0.05
    /// The smallest step before the corrector is declared failed, as a fraction of |to − start|;
    /// default 1e-9.
    public var minimumStep: Double = 1e-9
    /// Newton iterations of the corrector per point; default 12.
    public var correctorIterations: Int = 12
    /// Every point is certified: ‖G(x; p)‖ ≤ this · max(1, ‖x‖); default 1e-10 (as fixed points).
    public var certificationTolerance: Double = 1e-10
    /// Events are located to this arclength (relative to the step they fall in), by bisection;
    /// default 1e-13.
    public var locationTolerance: Double = 1e-13
    /// The most points on one branch; default 10,000.
    public var maximumPoints: Int = 10_000
    /// A complex eigenvalue is one with |Im λ| above this (relative to max(1, |λ|)); default 1e-9.
    public var complexTolerance: Double = 1e-9

    /// The defaults.
    public init() {}

    /// The first option out of range, as a message naming it; nil when all are valid.
    public var validationError: String? {
        func positive(_ v: Double) -> Bool { v > 0 && v.isFinite }
        if !positive(initialStep) { return "initialStep must be positive, got \(initialStep)" }
        if !positive(maximumStep) || maximumStep < initialStep { return "maximumStep must be at least initialStep, got \(maximumStep)" }
        if !positive(minimumStep) || minimumStep > initialStep { return "minimumStep must be positive and at most initialStep, got \(minimumStep)" }
        if correctorIterations < 1 || correctorIterations > 1000 { return "correctorIterations must be in 1...1000, got \(correctorIterations)" }
        if !positive(certificationTolerance) { return "certificationTolerance must be positive, got \(certificationTolerance)" }
        if !positive(locationTolerance) { return "locationTolerance must be positive, got \(locationTolerance)" }
        if maximumPoints < 2 || maximumPoints > 10_000_000 { return "maximumPoints must be in 2...10000000, got \(maximumPoints)" }
        if !(complexTolerance >= 0) { return "complexTolerance must be ≥ 0, got \(complexTolerance)" }
        return nil
    }
}
