/// The type of a fixed point, in any dimension, from its eigenvalues and a tolerance ε.
///
/// Each eigenvalue's growth rate g is |λ| − 1 for a map and Re λ for a flow. A direction is stable
/// when g < −ε, unstable when g > ε, and marginal otherwise.
public struct StabilityClassification: Equatable, Sendable, CustomStringConvertible {
    /// The kinds of fixed point.
    public enum Kind: String, Sendable, Codable {
        /// All directions stable, all eigenvalues real.
        case stableNode = "stable node"
        /// All directions stable, some rotation (a complex pair).
        case stableFocus = "stable focus"
        /// All directions unstable, all eigenvalues real.
        case unstableNode = "unstable node"
        /// All directions unstable, some rotation.
        case unstableFocus = "unstable focus"
        /// Stable and unstable directions, none marginal; the index is `unstableDirections`.
        case saddle
        /// At least one marginal direction (|g| ≤ ε): linearisation alone does not decide stability.
        case marginal
    }

    /// The kind.
    public var kind: Kind
    /// Eigenvalues with g < −ε.
    public var stableDirections: Int
    /// Eigenvalues with g > ε (a saddle's index).
    public var unstableDirections: Int
    /// Eigenvalues with |g| ≤ ε.
    public var marginalDirections: Int
    /// Whether some eigenvalue has |Im λ| > ε (rotation).
    public var isOscillatory: Bool

    /// Classifies growth rates.
    ///
    /// - Parameters:
    ///   - growthRates: |λ| − 1 (maps) or Re λ (flows), one per eigenvalue.
    ///   - imaginaryParts: Im λ, one per eigenvalue.
    ///   - tolerance: ε ≥ 0 and finite (a NaN would call every direction marginal; it traps with a message).
    public init(growthRates: [Double], imaginaryParts: [Double], tolerance: Double) {
        precondition(tolerance >= 0 && tolerance.isFinite,
                     InvalidArgument("classification(tolerance:)", is: tolerance, allowed: "it must be ≥ 0 and finite (default 1e-3)").description)
        stableDirections = growthRates.filter { $0 < -tolerance }.count
        unstableDirections = growthRates.filter { $0 > tolerance }.count
        marginalDirections = growthRates.count - stableDirections - unstableDirections
        isOscillatory = imaginaryParts.contains { abs($0) > tolerance }
        if marginalDirections > 0 {
            kind = .marginal
        } else if unstableDirections == 0 {
            kind = isOscillatory ? .stableFocus : .stableNode
        } else if stableDirections == 0 {
            kind = isOscillatory ? .unstableFocus : .unstableNode
        } else {
            kind = .saddle
        }
    }

    /// e.g. "stable focus", "saddle (index 2)", "marginal (1 marginal, 63 stable, 0 unstable)".
    public var description: String {
        switch kind {
        case .saddle: return "saddle (index \(unstableDirections))"
        case .marginal: return "marginal (\(marginalDirections) marginal, \(stableDirections) stable, \(unstableDirections) unstable)"
        default: return kind.rawValue
        }
    }
}
