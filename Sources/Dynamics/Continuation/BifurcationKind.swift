/// The kinds of codimension-one bifurcation that ``FixedPointContinuation`` detects along a branch.
public enum BifurcationKind: String, Sendable, Codable, CaseIterable {
    /// Limit point: the branch turns back in the parameter (an eigenvalue of ∂G/∂x crosses 0; for a
    /// map, a multiplier crosses +1 with the branch folding).
    case fold
    /// Another branch crosses this one (transcritical, pitchfork): the augmented Jacobian
    /// [∂G/∂x ∂G/∂p; tᵀ] is singular.
    case branchPoint
    /// Flows: a complex pair of eigenvalues crosses the imaginary axis.
    case hopf
    /// Maps: a multiplier crosses −1.
    case periodDoubling
    /// Maps: a complex pair of multipliers crosses the unit circle.
    case neimarkSacker
    /// A piecewise-smooth rule switches (a ReLU unit turns on or off): the Jacobian jumps. Reported for
    /// systems that conform to ``PiecewiseSmoothSystem``.
    case borderCollision
}
