import ComplexModule

/// The codimension-two points that ``FixedPointContinuation/curve(of:on:alsoVarying:within:)`` detects
/// on a curve of folds, Hopf, period-doubling or Neimark–Sacker points.
public enum CodimensionTwoKind: String, Sendable, Codable, CaseIterable {
    /// Fold curve: the fold's quadratic coefficient vanishes; two fold curves meet in a cusp of the
    /// parameter plane, and a hysteresis region opens (flows and maps).
    case cusp
    /// Flows: a double zero eigenvalue with one eigenvector; fold and Hopf curves meet tangentially.
    case bogdanovTakens
    /// Hopf curve: the first Lyapunov coefficient vanishes (generalised Hopf); the Hopf point turns
    /// from super- to subcritical and a fold of cycles starts.
    case bautin
    /// Flows: a zero eigenvalue and a purely imaginary pair; fold and Hopf curves cross.
    case zeroHopf
    /// Flows: two purely imaginary pairs; two Hopf curves cross (tori can be born).
    case hopfHopf
    /// Maps: a double multiplier 1 (fold curve), or a Neimark–Sacker pair closing onto 1.
    case resonance1to1
    /// Maps: a double multiplier −1 (period-doubling curve), or a Neimark–Sacker pair closing onto −1.
    case resonance1to2
    /// Maps: a Neimark–Sacker pair at e^{±2πi/3}.
    case resonance1to3
    /// Maps: a Neimark–Sacker pair at ±i.
    case resonance1to4
    /// Maps: multipliers 1 and −1 at once; fold and period-doubling curves cross.
    case foldFlip
}

/// One certified point of a curve of codimension-one points in two parameters.
public struct CurvePoint: Sendable {
    /// All parameters of the family, the two varied ones at their values here.
    public var parameters: [Double]
    /// The fixed point.
    public var state: [Double]
    /// ‖defining equations‖₂ here (certified: ≤ tolerance · max(1, ‖(x, p)‖)).
    public var residual: Double
    /// Eigenvalues of ∂F/∂x (∂f/∂x for a flow), by modulus descending.
    public var eigenvalues: [Complex<Double>]
    /// Hopf curves: the frequency ω of the critical pair ±iω; Neimark–Sacker curves: the angle θ of the
    /// multipliers e^{±iθ}; nil elsewhere, and beyond a Bogdanov–Takens or 1:1 point, where the pair
    /// has turned real (a neutral saddle).
    public var frequency: Double?
    /// Signed arclength from the start (negative on the side followed second).
    public var arclength: Double
}

/// A codimension-two point located on a curve.
public struct CodimensionTwoPoint: Sendable {
    /// What meets here.
    public var kind: CodimensionTwoKind
    /// All parameters of the family at the point.
    public var parameters: [Double]
    /// The fixed point.
    public var state: [Double]
    /// Eigenvalues of ∂F/∂x (∂f/∂x) at the point, by modulus descending.
    public var eigenvalues: [Complex<Double>]
    /// Signed arclength along the curve.
    public var arclength: Double
}

/// A curve of folds, Hopf, period-doubling or Neimark–Sacker points followed in two parameters.
public struct BifurcationCurve: Sendable {
    /// The codimension-one bifurcation the curve is made of.
    public var kind: BifurcationKind
    /// The two varied parameters: the branch's, then the second.
    public var parameterIndices: [Int]
    /// The certified points, in order along the curve.
    public var points: [CurvePoint]
    /// The codimension-two points, in order along the curve.
    public var specialPoints: [CodimensionTwoPoint]
    /// How each end came about: one entry per direction followed, one in all for a closed curve.
    public var ends: [End]

    /// Why a curve ends where it does.
    public enum End: String, Sendable, Codable {
        /// A varied parameter left its range.
        case leftBox
        /// The curve came back to its start: a closed curve, followed once.
        case closed
        /// `maximumPoints` were computed in this direction.
        case pointLimit
        /// The corrector failed at the smallest step (the curve ends, or meets a singularity of its
        /// defining system).
        case correctorFailed
    }
}
