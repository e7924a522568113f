/// Any system seen as a map: analyses written for `DiscreteMap` (cycles, Lyapunov spectra per step)
/// applied to a system whose `timeDomain` is discrete but whose type is only `DynamicalSystem`.
/// The system's own Jacobian (analytic or dual-number) is used.
struct DiscreteView<Base: DynamicalSystem>: DiscreteMap {
    let base: Base
    var dimension: Int { base.dimension }
    func step<T: DynamicsScalar>(_ x: [T]) -> [T] { base.step(x) }
    func step<T: DynamicsScalar>(_ x: [T], into output: inout [T]) { base.step(x, into: &output) }
    func jacobian(at x: [Double]) -> Matrix { base.jacobian(at: x) }
}

/// Any system seen as a flow, with its vector field scaled by `direction` (−1 runs time backwards:
/// stable manifolds of a flow are unstable manifolds of the reversed flow).
struct ContinuousView<Base: DynamicalSystem>: ContinuousFlow {
    let base: Base
    var direction = 1.0
    var dimension: Int { base.dimension }
    func step<T: DynamicsScalar>(_ x: [T]) -> [T] {
        let f = base.step(x)
        return direction == 1 ? f : f.map { T(direction) * $0 }
    }
    func jacobian(at x: [Double]) -> Matrix {
        direction == 1 ? base.jacobian(at: x) : direction * base.jacobian(at: x)
    }
}
