/// The capability of a parametric rule that is smooth except where some switching functions change
/// sign (a ReLU unit's pre-activation, a threshold): ``FixedPointContinuation`` reports a
/// ``BifurcationKind/borderCollision`` where a branch crosses one, and continues across it.
///
/// ```swift
/// extension ReluRNN: PiecewiseSmoothSystem {
///     func switchingFunctions(at h: [Double], parameters u: [Double]) -> [Double] {
///         preActivations(h, input: u)        // unit i switches where entry i changes sign
///     }
/// }
/// ```
public protocol PiecewiseSmoothSystem: ParametricSystem {
    /// Values whose signs select the smooth piece the rule is on at (x, p); the rule may switch only
    /// where one of them changes sign.
    func switchingFunctions(at x: [Double], parameters p: [Double]) -> [Double]
}
