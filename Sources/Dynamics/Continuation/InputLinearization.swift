/// The linearisation of a parametric system at a fixed point in both the state and the parameters
/// (the inputs of a network): A = ∂F/∂x and B = ∂F/∂p, the one-step prediction
/// x* + A·(x − x*) + B·(p − p*), and the projection of B on the left eigenvectors of the slow modes, the
/// "selection vector" analysis of Mante, Sussillo et al. (2013): how strongly each input drives each
/// slow mode.
///
/// ```swift
/// let linear = try InputLinearization(network.inputMap, at: fixedPoint, parameters: [1, 0.5, 0.5])
/// linear.predict(state: h, parameters: [1, 0.55, 0.45])   // F(h; u) to first order
/// linear.selection(modes: 1)                              // [[ℓ₁ᴴ·b_k for each input k]]
/// ```
///
/// - Complexity: one chunked dual pass for [A | B] and one O(n³) eigendecomposition of A.
public struct InputLinearization: Sendable {
    /// The fixed point x*.
    public let state: [Double]
    /// The parameters p* it is a fixed point at.
    public let parameters: [Double]
    /// A = ∂F/∂x (∂f/∂x for a flow), n × n.
    public let stateJacobian: Matrix
    /// B = ∂F/∂p, n × m.
    public let inputJacobian: Matrix
    /// The stability of A (eigenvalues, left and right eigenvectors, the time domain).
    public let stability: LinearStability

    /// The linearisation of `system` at `state`, `parameters`.
    ///
    /// - Throws: ``LinearAlgebraError`` when the Jacobian is not finite or LAPACK fails.
    @inlinable
    public init<System: ParametricSystem>(_ system: System, at state: [Double], parameters: [Double]) throws(LinearAlgebraError) {
        let (n, m) = (system.dimension, system.parameterCount)
        let joint = system.jointJacobian(at: state, parameters: parameters)
        var a = Matrix(rows: n, columns: n), b = Matrix(rows: n, columns: m)
        for i in 0..<n {
            for j in 0..<n { a[i, j] = joint[i, j] }
            for k in 0..<m { b[i, k] = joint[i, n + k] }
        }
        try self.init(state: state, parameters: parameters, stateJacobian: a, inputJacobian: b, timeDomain: System.timeDomain)
    }

    /// The linearisation from its matrices.
    ///
    /// - Throws: ``LinearAlgebraError`` when A is not square and finite or LAPACK fails.
    public init(state: [Double], parameters: [Double], stateJacobian: Matrix, inputJacobian: Matrix, timeDomain: TimeDomain) throws(LinearAlgebraError) {
        self.state = state
        self.parameters = parameters
        self.stateJacobian = stateJacobian
        self.inputJacobian = inputJacobian
        stability = try LinearStability(jacobian: stateJacobian, timeDomain: timeDomain)
    }

    /// The first-order prediction of the rule at (x, p): F(x*; p*) + A·(x − x*) + B·(p − p*) with
    /// F(x*; p*) = x* for a map (f = 0 for a flow).
    ///
    /// - Complexity: O(n² + n·m).
    public func predict(state x: [Double], parameters p: [Double]) -> [Double] {
        precondition(x.count == state.count && p.count == parameters.count, "predict: \(x.count) states, \(p.count) parameters")
        let dx = zip(x, state).map { $0 - $1 }, dp = zip(p, parameters).map { $0 - $1 }
        let base = stability.timeDomain == .discrete ? state : [Double](repeating: 0, count: state.count)
        return zip(zip(base, stateJacobian * dx), inputJacobian * dp).map { $0.0 + $0.1 + $1 }
    }

    /// ℓᵢᴴ·B for the `modes` least stable eigenvalues (slowest first, by growth rate): row i holds the
    /// projection of each input's direction on the left eigenvector of mode i, normalised so that
    /// ℓᵢᴴ·vᵢ = 1 (vᵢ the unit right eigenvector). It is the input's drive of that mode's amplitude.
    ///
    /// - Complexity: O(modes · n · m).
    public func selection(modes: Int = 1) -> [[Complex<Double>]] {
        let rates = stability.growthRates
        let order = rates.indices.sorted { rates[$0] > rates[$1] || (rates[$0] == rates[$1] && $0 < $1) }
        return order.prefix(modes).map { k in
            let left = stability.leftEigenvectors[k], right = stability.rightEigenvectors[k]
            // ℓᴴ·v, to normalise the left vector against the right one.
            var overlap = Complex<Double>(0, 0)
            for (l, v) in zip(left, right) { overlap += l.conjugate * v }
            return (0..<inputJacobian.columns).map { column in
                var sum = Complex<Double>(0, 0)
                for i in 0..<state.count { sum += left[i].conjugate * Complex(inputJacobian[i, column], 0) }
                return overlap.length == 0 ? Complex(.nan, .nan) : sum / overlap
            }
        }
    }
}
