extension LinearStability {
    /// The stability of `system` at each of `states`, the points spread over all cores: the same
    /// results, in the same order, as ``init(_:at:timeStep:)`` on each state in turn.
    ///
    /// - Parameters:
    ///   - system: a map or a flow; its ``DynamicalSystem/jacobian(at:)`` is used (an override if any).
    ///   - states: the points, usually fixed points and slow points.
    ///   - timeStep: duration of one map step, for time constants; default 1 (answers in steps).
    ///   - parallel: spread the points over all cores; default true (each point is independent).
    ///   - progress: receives a line at most every 5 s ("k of N"); default nil (silent).
    /// - Throws: the ``LinearAlgebraError`` of the first state, in order, that fails.
    /// - Complexity: one Jacobian and one O(n³) eigendecomposition per state.
    @inlinable
    public static func atEach<System: DynamicalSystem>(
        _ system: System, states: [[Double]], timeStep: Double = 1, parallel: Bool = true, progress sink: (@Sendable (String) -> Void)? = nil
    ) throws(LinearAlgebraError) -> [LinearStability] {
        let progress = PhaseProgress("stability (dense spectra)", total: states.count, sink: sink)
        var results = [Result<LinearStability, LinearAlgebraError>?](repeating: nil, count: states.count)
        results.withUnsafeMutableBufferPointer { slots in
            let output = UncheckedSendableBuffer(slots)
            forEachIndex(states.count, parallel: parallel) { index in
                output.buffer[index] = Result { () throws(LinearAlgebraError) in try LinearStability(system, at: states[index], timeStep: timeStep) }
                progress.advance()
            }
        }
        return try results.map { result throws(LinearAlgebraError) in try result!.get() }
    }
}
