extension DiscreteMap {
    /// Iterates the map: x₀, F(x₀), F(F(x₀)), ...
    ///
    /// ```swift
    /// let orbit = henon.trajectory(from: [0, 0], steps: 1_000)   // 1001 rows, orbit[0] == [0, 0]
    /// ```
    ///
    /// - Parameters:
    ///   - x0: the initial state, `dimension` values.
    ///   - steps: how many times to apply F, ≥ 0.
    /// - Returns: `steps + 1` rows, one per time step; row t is x_t, row 0 the initial state.
    /// - Complexity: steps · (cost of `step`).
    @inlinable
    public func trajectory(from x0: [Double], steps: Int) -> [[Double]] {
        precondition(x0.count == dimension, "trajectory: the initial state has \(x0.count) values, dimension is \(dimension)")
        precondition(steps >= 0 && steps < Int.max / 64, "trajectory: steps must be in 0..<\(Int.max / 64) (one state is kept per step), got \(steps)")
        var states = [x0]
        states.reserveCapacity(Swift.min(steps, 1 << 20) + 1)
        var x = x0
        for _ in 0..<steps {
            x = step(x)
            states.append(x)
        }
        return states
    }
}
