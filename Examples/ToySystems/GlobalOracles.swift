import Dynamics

/// A bistable map whose basin boundary is the line x + y = 0. In u = x + y, v = x − y it is
/// u' = 2·tanh(u), v' = v/2: the attractors are u = ±u*, v = 0 (u* = 2·tanh(u*) ≈ 1.9150), i.e. the
/// points ±(u*/2, u*/2); the origin is a saddle (multipliers 2 and 1/2) whose stable manifold is the
/// boundary. Basin fractions of a box are the areas on either side of the line, in closed form.
public struct RotatedBistableMap: DiscreteMap, Sendable {
    /// u*, the positive root of u = 2·tanh(u).
    public static let attractorCoordinate = 1.9150080481545375
    public init() {}
    public var dimension: Int { 2 }
    public func step<T: DynamicsScalar>(_ x: [T]) -> [T] {
        let u = T(2) * T.tanh(x[0] + x[1])
        let v = (x[0] - x[1]) / T(2)
        return [(u + v) / T(2), (u - v) / T(2)]
    }
}

/// (x, y) ↦ (2x, y/2 + x²): the origin is a saddle whose unstable manifold is the parabola
/// y = 2x²/7 and whose stable manifold is the line x = 0.
public struct ParabolicSaddleMap: DiscreteMap, Sendable {
    public init() {}
    public var dimension: Int { 2 }
    public func step<T: DynamicsScalar>(_ x: [T]) -> [T] { [T(2) * x[0], x[1] / T(2) + x[0] * x[0]] }
}

/// (x, y) ↦ (x/2, 2y + x²): the origin is a saddle whose stable manifold is the parabola
/// y = −4x²/7 (found by inverting the map) and whose unstable manifold is the line x = 0.
public struct ParabolicStableSaddleMap: DiscreteMap, Sendable {
    public init() {}
    public var dimension: Int { 2 }
    public func step<T: DynamicsScalar>(_ x: [T]) -> [T] { [x[0] / T(2), T(2) * x[1] + x[0] * x[0]] }
}

/// A planar saddle with a parabolic invariant curve. With `reversed` false, ẋ = x, ẏ = −y + x²: the
/// origin's unstable manifold is y = x²/3 and its stable manifold x = 0. With `reversed` true,
/// ẋ = −x, ẏ = y + x²: the stable manifold is y = −x²/3 and the unstable one x = 0.
public struct ParabolicSaddleFlow: ContinuousFlow, Sendable {
    public var reversed: Bool
    public init(reversed: Bool = false) { self.reversed = reversed }
    public var dimension: Int { 2 }
    public func step<T: DynamicsScalar>(_ x: [T]) -> [T] {
        reversed ? [-x[0], x[1] + x[0] * x[0]] : [x[0], -x[1] + x[0] * x[0]]
    }
}

/// The damped double well ẋ = y, ẏ = x − x³ − γ·y: stable equilibria (±1, 0), a saddle at the origin,
/// and basins that spiral into each other. Odd symmetry: (x, y) and (−x, −y) reach opposite wells.
public struct DampedDoubleWell: ContinuousFlow, Sendable {
    public var damping: Double
    public init(damping: Double = 0.5) { self.damping = damping }
    public var dimension: Int { 2 }
    public func step<T: DynamicsScalar>(_ x: [T]) -> [T] { [x[1], x[0] - x[0] * x[0] * x[0] - T(damping) * x[1]] }
}

/// Thomas' cyclically symmetric flow ẋ = sin y − b·x, ẏ = sin z − b·y, ż = sin x − b·z: multistable
/// at b = 0.3 (eight coexisting limit cycles related by its symmetries; two take most of [−3, 3]³).
/// Its `step` is `@inlinable`, so a mapper in another module runs it specialised.
public struct Thomas: ContinuousFlow, Sendable {
    public var b: Double
    public init(b: Double = 0.3) { self.b = b }
    public var dimension: Int { 3 }
    @inlinable
    public func step<T: DynamicsScalar>(_ x: [T]) -> [T] {
        [T.sin(x[1]) - T(b) * x[0], T.sin(x[2]) - T(b) * x[1], T.sin(x[0]) - T(b) * x[2]]
    }
}

/// Newton's method for z³ = 1 on the plane, z ↦ z − (z³ − 1)/(3z²) with z = x + iy: three attracting
/// fixed points (the cube roots of unity) whose basins share a fractal boundary. Points near the
/// pole at 0 are thrown far out and come back over many steps (set
/// ``AttractorMapperOptions/stepsOutsideToGiveUp`` accordingly).
public struct NewtonCubeRoots: DiscreteMap, Sendable {
    public init() {}
    public var dimension: Int { 2 }
    public func step<T: DynamicsScalar>(_ z: [T]) -> [T] {
        let (x, y) = (z[0], z[1])
        // z² and z³, then (2z³ + 1)/(3z²) = (2z³ + 1)·conj(z²)/(3|z²|²).
        let (a, b) = (x * x - y * y, T(2) * x * y)
        let (c, d) = (T(2) * (a * x - b * y) + T(1), T(2) * (a * y + b * x))
        let denominator = T(3) * (a * a + b * b)
        return [(c * a + d * b) / denominator, (d * a - c * b) / denominator]
    }
}
