/// Whether a system's `step` is the next state (a map) or the time derivative (a flow).
public enum TimeDomain: Sendable {
    /// x_{t+1} = F(x_t): fixed points solve F(x) = x; stable means every |λ| < 1.
    case discrete
    /// dx/dt = f(x): fixed points solve f(x) = 0; stable means every Re λ < 0.
    case continuous
}

/// What ``DiscreteMap`` and ``ContinuousFlow`` share: a state dimension, one generic `step`, and
/// three derivative entry points with generic defaults that a model may override for speed.
///
/// Do not conform to this protocol directly: conform to ``DiscreteMap`` or ``ContinuousFlow``; the
/// choice decides the fixed-point equation and the stability criterion.
///
/// The protocol is deliberately small. Each default is reachable under a second name
/// (``dualNumberJacobian(at:)``, ``dualNumberJacobianVectorProduct(at:direction:)``,
/// ``reverseModeVectorJacobianProduct(at:cotangent:)``) so that a test can check an override against
/// it, and no default calls another requirement, so forgetting an override never recurses. Batched
/// and algorithm-specific kernels are separate capability protocols with required members
/// (``BatchKernelSystem``, ``SlowPointGradientKernel``), detected once per analysis call.
public protocol DynamicalSystem {
    /// The number of state variables n.
    var dimension: Int { get }

    /// The rule: F(x) for a map, f(x) = dx/dt for a flow. Must return `dimension` values.
    ///
    /// Generic over the scalar so that the same code simulates (`Double`), runs in single precision
    /// (`Float`) and differentiates (``Dual`` forward, ``TapeScalar`` reverse).
    func step<T: DynamicsScalar>(_ x: [T]) -> [T]

    /// `step` written into caller-owned storage: `output` has `dimension` elements on entry and
    /// receives step(x). Overriding it lets the dual-number Jacobian run without allocating.
    ///
    /// Default: `output = step(x)` (one allocation per call).
    func step<T: DynamicsScalar>(_ x: [T], into output: inout [T])

    /// Map or flow; supplied by ``DiscreteMap`` and ``ContinuousFlow``.
    static var timeDomain: TimeDomain { get }

    /// The Jacobian of `step` at `x`: `J[i, j] = ∂step_i/∂x_j`.
    ///
    /// Default: ``dualNumberJacobian(at:)`` (exact, ⌈n/8⌉ passes of `step` on `Dual<8>`).
    func jacobian(at x: [Double]) -> Matrix

    /// J(x)·v, the derivative of `step` at `x` along `v`.
    ///
    /// Default: ``dualNumberJacobianVectorProduct(at:direction:)``, one pass of `step` on `Dual<1>`,
    /// O(cost of step).
    func jacobianVectorProduct(at x: [Double], direction v: [Double]) -> [Double]

    /// uᵀ·J(x), the gradient of u·step(x) with respect to x.
    ///
    /// Default: ``reverseModeVectorJacobianProduct(at:cotangent:)``, one recorded pass of `step` on
    /// ``TapeScalar`` and one backward sweep, a small multiple of the cost of `step` whatever n.
    func vectorJacobianProduct(at x: [Double], cotangent u: [Double]) -> [Double]
}

/// A discrete-time system x_{t+1} = F(x_t).
///
/// ```swift
/// struct Henon: DiscreteMap {
///     var a = 1.4, b = 0.3
///     var dimension: Int { 2 }
///     func step<T: DynamicsScalar>(_ x: [T]) -> [T] {
///         [1 - T(a) * x[0] * x[0] + x[1], T(b) * x[0]]
///     }
/// }
/// ```
public protocol DiscreteMap: DynamicalSystem {}

extension DiscreteMap {
    /// Maps are discrete.
    @inlinable public static var timeDomain: TimeDomain { .discrete }
}

/// A continuous-time system dx/dt = f(x); `step` returns f(x), the time derivative.
///
/// ```swift
/// struct Decay: ContinuousFlow {
///     var dimension: Int { 1 }
///     func step<T: DynamicsScalar>(_ x: [T]) -> [T] { [-x[0]] }
/// }
/// ```
public protocol ContinuousFlow: DynamicalSystem {}

extension ContinuousFlow {
    /// Flows are continuous.
    @inlinable public static var timeDomain: TimeDomain { .continuous }
}
