/// The linear stability of a system at a state: Jacobian, eigenvalues and eigenvectors, the right
/// stability criterion for the time domain, classification, time constants and the slow direction.
///
/// ```swift
/// let stability = try LinearStability(henon, at: point.state)
/// stability.isStable            // maps: every |λ| < 1; flows: every Re λ < 0
/// stability.classification      // e.g. "saddle (index 1)"
/// stability.timeConstants       // maps: −dt/ln|λ|; flows: −1/Re λ
/// ```
///
/// - Complexity: one Jacobian and one O(n³) eigendecomposition.
public struct LinearStability: Sendable {
    /// Map or flow: decides the criterion.
    public let timeDomain: TimeDomain
    /// The Jacobian at the state.
    public let jacobian: Matrix
    /// The eigenvalues of the Jacobian (not of J − I), sorted by modulus, descending.
    public let eigenvalues: [Complex<Double>]
    /// `rightEigenvectors[k]` belongs to `eigenvalues[k]`: J·v = λ·v, unit norm.
    public let rightEigenvectors: [[Complex<Double>]]
    /// `leftEigenvectors[k]` belongs to `eigenvalues[k]`: uᴴ·J = λ·uᴴ, unit norm.
    public let leftEigenvectors: [[Complex<Double>]]
    /// The time of one map step, for time constants; 1 by default (time in steps).
    public let timeStep: Double

    /// The stability of `system` at `state`.
    ///
    /// - Parameters:
    ///   - system: a map or a flow; its ``DynamicalSystem/jacobian(at:)`` is used (an override if any).
    ///   - state: the point, usually a fixed point.
    ///   - timeStep: duration of one map step, for ``timeConstants``; default 1 (answers in steps).
    ///     Ignored for flows.
    /// - Throws: ``LinearAlgebraError`` for a state of the wrong length or a bad time step, when the
    ///   Jacobian is not finite or when LAPACK fails.
    @inlinable
    public init<System: DynamicalSystem>(_ system: System, at state: [Double], timeStep: Double = 1) throws(LinearAlgebraError) {
        guard state.count == system.dimension else {
            throw .invalidArguments(InvalidArgument("LinearStability(at:)", is: "a state of \(state.count) values", allowed: "the system's dimension is \(system.dimension)"))
        }
        try self.init(jacobian: system.jacobian(at: state), timeDomain: System.timeDomain, timeStep: timeStep)
    }

    /// The stability of a linearisation given directly.
    ///
    /// - Throws: ``LinearAlgebraError`` for a non-square or non-finite Jacobian, or a LAPACK failure.
    public init(jacobian: Matrix, timeDomain: TimeDomain, timeStep: Double = 1) throws(LinearAlgebraError) {
        guard timeStep > 0 && timeStep.isFinite else {
            throw .invalidArguments(InvalidArgument("timeStep", is: timeStep, allowed: "it must be positive and finite (default 1: time constants in steps)"))
        }
        let eig = try EigenDecomposition(of: jacobian)
        self.timeDomain = timeDomain
        self.jacobian = jacobian
        self.timeStep = timeStep
        eigenvalues = eig.eigenvalues
        rightEigenvectors = eig.rightEigenvectors
        leftEigenvectors = eig.leftEigenvectors
    }

    /// Each eigenvalue's growth rate: |λ| − 1 for a map, Re λ for a flow (negative is stable).
    public var growthRates: [Double] {
        switch timeDomain {
        case .discrete: return eigenvalues.map { $0.length - 1 }
        case .continuous: return eigenvalues.map(\.real)
        }
    }

    /// Whether the state is linearly stable: every |λ| < 1 for a map, every Re λ < 0 for a flow.
    public var isStable: Bool { growthRates.allSatisfy { $0 < 0 } }

    /// The largest |λ| (maps) / the spectral radius of J.
    public var spectralRadius: Double { eigenvalues.first?.length ?? 0 }

    /// The type of the point with tolerance ε on the growth rates.
    ///
    /// - Parameter tolerance: ε; default 1e-3 (a map eigenvalue within 0.001 of the unit circle, or a
    ///   flow eigenvalue within 0.001 of the imaginary axis, counts as marginal).
    public func classification(tolerance: Double = 1e-3) -> StabilityClassification {
        StabilityClassification(growthRates: growthRates, imaginaryParts: eigenvalues.map(\.imaginary), tolerance: tolerance)
    }

    /// The type of the point with the default tolerance 1e-3.
    public var classification: StabilityClassification { classification() }

    /// One time constant per eigenvalue, in the order of ``eigenvalues``: −dt/ln|λ| for a map,
    /// −1/Re λ for a flow. Positive for decaying modes, negative for growing ones (the e-folding time
    /// of growth), ∞ for marginal ones, 0 for λ = 0 in a map.
    public var timeConstants: [Double] {
        switch timeDomain {
        case .discrete:
            return eigenvalues.map { lambda in
                let modulus = lambda.length
                if modulus == 0 { return 0 }
                if modulus == 1 { return .infinity }
                return -timeStep / Double.log(modulus)
            }
        case .continuous:
            return eigenvalues.map { $0.real == 0 ? .infinity : -1 / $0.real }
        }
    }

    /// The index of the least stable eigenvalue (largest growth rate; the first on ties).
    public var slowestIndex: Int {
        let rates = growthRates
        return rates.indices.max { rates[$0] < rates[$1] || (rates[$0] == rates[$1] && $0 > $1) } ?? 0
    }

    /// The least stable eigenvalue.
    public var slowEigenvalue: Complex<Double> { eigenvalues[slowestIndex] }

    /// The slow direction as a real unit vector: the right eigenvector of the least stable eigenvalue
    /// (its real part, renormalised, for a complex one), with its largest-magnitude entry positive.
    public var slowDirection: [Double] {
        var v = rightEigenvectors[slowestIndex].map(\.real)
        if v.allSatisfy({ $0 == 0 }) { v = rightEigenvectors[slowestIndex].map(\.imaginary) }
        let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
        let pivot = v.indices.max { abs(v[$0]) < abs(v[$1]) } ?? 0
        let sign: Double = v.isEmpty || v[pivot] >= 0 ? 1 : -1
        return v.map { sign * $0 / Swift.max(norm, .leastNormalMagnitude) }
    }
}
