/// Whether a system's `step` is the next state (a map) or the time derivative (a flow).
public enum TimeDomain: Sendable {
    /// x_{t+1} = F(x_t): fixed points solve F(x) = x; stable means every |λ| < 1.
    case discrete
    /// dx/dt = f(x): fixed points solve f(x) = 0; stable means every Re λ < 0.
    case continuous
}

/// What ``DiscreteMap`` and ``ContinuousFlow`` share: a state dimension, one generic `step`, and
/// derivative and batch entry points with generic defaults that a model may override for speed.
///
/// Do not conform to this protocol directly: conform to ``DiscreteMap`` or ``ContinuousFlow``; the
/// choice decides the fixed-point equation and the stability criterion.
///
/// Every customization point below has a dual-number or row-by-row default, reachable under a
/// second name (`dualNumberJacobian(at:)`, ...) so that a test can check an override against it.
public protocol DynamicalSystem {
    /// The number of state variables n.
    var dimension: Int { get }

    /// The rule: F(x) for a map, f(x) = dx/dt for a flow. Must return `dimension` values.
    ///
    /// Generic over the scalar so that the same code simulates (`Double`), runs in single precision
    /// (`Float`) and differentiates (`Dual`).
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
    /// Default: one pass of `step` on `Dual<1>`, O(cost of step).
    func jacobianVectorProduct(at x: [Double], direction v: [Double]) -> [Double]

    /// uᵀ·J(x), the gradient of u·step(x) with respect to x.
    ///
    /// Default: forms J(x) with dual numbers, O(n²·⌈n/8⌉); override it with an analytic product when
    /// the slow-point search is hot.
    func vectorJacobianProduct(at x: [Double], cotangent u: [Double]) -> [Double]

    /// `step` applied to every row of `states` (one state per row); the result has the same shape.
    ///
    /// Default: row by row in `Double`. Override with a batched (BLAS) evaluation for speed.
    func evaluate(_ states: Matrix) -> Matrix

    /// Row k of the result is uₖᵀ·J(xₖ), with xₖ row k of `states` and uₖ row k of `cotangents`.
    ///
    /// Default: ``vectorJacobianProduct(at:cotangent:)`` row by row.
    func vectorJacobianProducts(at states: Matrix, cotangents: Matrix) -> Matrix

    /// The same products when `values == evaluate(states)` is already known, which an override may
    /// reuse (a ReLU network reads its activation pattern off the values and saves a matrix product).
    /// This is the hot path of the slow-point search.
    ///
    /// Default: ignores `values` and calls ``vectorJacobianProducts(at:cotangents:)``.
    func vectorJacobianProducts(at states: Matrix, values: Matrix, cotangents: Matrix) -> Matrix

    /// ``evaluate(_:)`` on raw row-major buffers in single or double precision, writing into
    /// caller-owned memory: the allocation-free form the slow-point search runs on.
    ///
    /// - Parameters:
    ///   - states: `rows × dimension` values, one state per row.
    ///   - rows: the number of states.
    ///   - values: receives `rows × dimension` values.
    ///
    /// Default: converts to a `Double` ``Matrix`` and calls ``evaluate(_:)``.
    func evaluateBatch<S: BLASScalar>(_ states: UnsafeBufferPointer<S>, rows: Int, into values: UnsafeMutableBufferPointer<S>)

    /// ``vectorJacobianProducts(at:values:cotangents:)`` on raw row-major buffers in single or double
    /// precision, writing into caller-owned memory.
    ///
    /// Default: converts to `Double` matrices and calls ``vectorJacobianProducts(at:values:cotangents:)``.
    func vectorJacobianProductsBatch<S: BLASScalar>(
        states: UnsafeBufferPointer<S>, values: UnsafeBufferPointer<S>, cotangents: UnsafeBufferPointer<S>,
        rows: Int, into products: UnsafeMutableBufferPointer<S>)

    /// One step's worth of the slow-point search on a block of states: returns Σ G(x)² over all rows
    /// and dimensions, and writes row k of `gradient` as scale·(∂G/∂x)ᵀ·G at row k of `states`
    /// (G = F − id for a map, f for a flow).
    ///
    /// - Parameters:
    ///   - states: `rows × dimension` values, one state per row.
    ///   - rows: the number of states.
    ///   - scale: multiplies the gradient (the search passes 2/(n·P), the derivative of its mean).
    ///   - scratch: `2 × rows × dimension` values of working memory; contents on entry and exit are
    ///     unspecified.
    ///   - gradient: receives `rows × dimension` values.
    ///
    /// Default: ``composedSlowPointGradientBatch(_:rows:scale:scratch:into:)``, i.e.
    /// ``evaluateBatch(_:rows:into:)`` then ``vectorJacobianProductsBatch(states:values:cotangents:rows:into:)``
    /// with elementwise passes between. A model whose two kernels share work may fuse them here
    /// (``ReLUAffineLayer`` does).
    func slowPointGradientBatch<S: BLASScalar>(
        _ states: UnsafeBufferPointer<S>, rows: Int, scale: S,
        scratch: UnsafeMutableBufferPointer<S>, into gradient: UnsafeMutableBufferPointer<S>) -> Double
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
