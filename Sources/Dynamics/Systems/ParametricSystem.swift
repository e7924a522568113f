/// What ``ParametricMap`` and ``ParametricFlow`` share: a rule with parameters (inputs, gains, rates)
/// that are arguments of `step` rather than constants inside it, so that derivatives with respect to
/// them are exact and fixed points can be followed as they change.
///
/// Do not conform to this protocol directly: conform to ``ParametricMap`` or ``ParametricFlow``.
///
/// ```swift
/// struct Logistic: ParametricMap {
///     var dimension: Int { 1 }
///     var parameterCount: Int { 1 }
///     func step<T: DynamicsScalar>(_ x: [T], parameters p: [T]) -> [T] { [p[0] * x[0] * (1 - x[0])] }
/// }
/// let map = Logistic().fixing(parameters: [2.8])     // a DiscreteMap
/// ```
public protocol ParametricSystem {
    /// The number of state variables n.
    var dimension: Int { get }

    /// The number of parameters m.
    var parameterCount: Int { get }

    /// The rule at parameters `p`: F(x; p) for a map, f(x; p) for a flow. Must return `dimension`
    /// values. Generic over the scalar so that states and parameters can both be differentiated.
    func step<T: DynamicsScalar>(_ x: [T], parameters p: [T]) -> [T]

    /// Map or flow; supplied by ``ParametricMap`` and ``ParametricFlow``.
    static var timeDomain: TimeDomain { get }

    /// [∂F/∂x | ∂F/∂p] at `x`, `parameters`: n × (n + m).
    ///
    /// Default: ``dualNumberJointJacobian(at:parameters:)``, ⌈(n + m)/8⌉ passes of `step` on `Dual<8>`;
    /// override it with an analytic Jacobian where continuation is hot.
    func jointJacobian(at x: [Double], parameters: [Double]) -> Matrix
}

/// A discrete-time system x_{t+1} = F(x_t; p) with parameters p.
public protocol ParametricMap: ParametricSystem {}

extension ParametricMap {
    /// Maps are discrete.
    @inlinable public static var timeDomain: TimeDomain { .discrete }

    /// The map at fixed parameters: a ``DiscreteMap`` that every analysis accepts.
    ///
    /// - Parameter parameters: `parameterCount` values.
    /// - Complexity: O(m).
    @inlinable
    public func fixing(parameters: [Double]) -> FixedParameterMap<Self> {
        precondition(parameters.count == parameterCount, "fixing(parameters:): \(parameters.count) values, the system has \(parameterCount) parameters")
        return FixedParameterMap(base: self, parameters: parameters)
    }
}

/// A continuous-time system dx/dt = f(x; p) with parameters p.
public protocol ParametricFlow: ParametricSystem {}

extension ParametricFlow {
    /// Flows are continuous.
    @inlinable public static var timeDomain: TimeDomain { .continuous }

    /// The flow at fixed parameters: a ``ContinuousFlow`` that every analysis accepts.
    ///
    /// - Parameter parameters: `parameterCount` values.
    /// - Complexity: O(m).
    @inlinable
    public func fixing(parameters: [Double]) -> FixedParameterFlow<Self> {
        precondition(parameters.count == parameterCount, "fixing(parameters:): \(parameters.count) values, the system has \(parameterCount) parameters")
        return FixedParameterFlow(base: self, parameters: parameters)
    }
}

/// A ``ParametricMap`` at fixed parameters.
public struct FixedParameterMap<Base: ParametricMap>: DiscreteMap {
    /// The parametric map.
    public let base: Base
    /// The parameters it is fixed at.
    public let parameters: [Double]

    /// The map `base` at `parameters`.
    @inlinable
    public init(base: Base, parameters: [Double]) {
        self.base = base
        self.parameters = parameters
    }

    /// n.
    @inlinable public var dimension: Int { base.dimension }

    /// F(x; p) with p constant.
    @inlinable
    public func step<T: DynamicsScalar>(_ x: [T]) -> [T] { base.step(x, parameters: parameters.converted(to: T.self)) }
}

/// A ``ParametricFlow`` at fixed parameters. (Any ``ParametricSystem`` is accepted, so that code
/// generic over families, which checks ``ParametricSystem/timeDomain`` first, can form it.)
public struct FixedParameterFlow<Base: ParametricSystem>: ContinuousFlow {
    /// The parametric flow.
    public let base: Base
    /// The parameters it is fixed at.
    public let parameters: [Double]

    /// The flow `base` at `parameters`.
    @inlinable
    public init(base: Base, parameters: [Double]) {
        self.base = base
        self.parameters = parameters
    }

    /// n.
    @inlinable public var dimension: Int { base.dimension }

    /// f(x; p) with p constant.
    @inlinable
    public func step<T: DynamicsScalar>(_ x: [T]) -> [T] { base.step(x, parameters: parameters.converted(to: T.self)) }
}

extension Array where Element == Double {
    /// The values in scalar type `T`: the array itself, with no copy, when `T` is `Double` (the hot
    /// case: a map or flow iterated in plain numbers), a converted copy otherwise.
    @inlinable @inline(__always)
    func converted<T: DynamicsScalar>(to: T.Type) -> [T] {
        if T.self == Double.self { return unsafeBitCast(self, to: [T].self) }
        return map { T($0) }
    }
}

extension FixedParameterMap: Sendable where Base: Sendable {}
extension FixedParameterFlow: Sendable where Base: Sendable {}
