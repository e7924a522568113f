/// F^k of a parametric map, itself a parametric map: a k-cycle of F is a fixed point of it, so cycles of
/// maps are continued by the fixed-point continuation (derivatives by the chain rule on the same dual
/// numbers, events by its tests: a period doubling of the k-cycle is one of F^k).
@usableFromInline
struct IteratedMap<Base: ParametricSystem>: ParametricMap {
    @usableFromInline let base: Base
    @usableFromInline let count: Int

    @inlinable init(base: Base, count: Int) {
        self.base = base
        self.count = count
    }

    @inlinable var dimension: Int { base.dimension }
    @inlinable var parameterCount: Int { base.parameterCount }

    @inlinable func step<T: DynamicsScalar>(_ x: [T], parameters p: [T]) -> [T] {
        var y = x
        for _ in 0..<count { y = base.step(y, parameters: p) }
        return y
    }
}

/// A piecewise-smooth map's iterate is piecewise-smooth: it switches where the map does at any of
/// the k states it passes through, so continuation reports border collisions of cycles too.
extension IteratedMap: PiecewiseSmoothSystem where Base: PiecewiseSmoothSystem {
    /// The base map's switching functions at x, F(x), …, F^{k−1}(x), one after another.
    @inlinable
    func switchingFunctions(at x: [Double], parameters p: [Double]) -> [Double] {
        var (state, values) = (x, [Double]())
        for _ in 0..<count {
            values += base.switchingFunctions(at: state, parameters: p)
            state = base.step(state, parameters: p)
        }
        return values
    }
}
