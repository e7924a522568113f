import ComplexModule

// Branch switching at a period doubling of a flow's cycle.
extension CycleBranchEngine {
    /// The branch of cycles of period about 2T born where the cycle through `nodes` (period T, near
    /// the event) has a Floquet multiplier −1 at λ.
    ///
    /// The cycle is first corrected at λ. With w₀ the eigenvector of the monodromy matrix for −1 and
    /// wⱼ₊₁ = Bⱼwⱼ its images under the segments' blocks, the variational solution w(t) changes sign
    /// after one period; so the doubled cycle, m nodes over 2T (m even), starts from the old nodes
    /// x₀, x₂, …, x_{m−2} (first lap) and again (second lap), displaced by +ε·w on the first lap and
    /// −ε·w on the second. That direction is a null vector of the doubled shooting system at the old
    /// cycle traversed twice (a pitchfork there); the predictor is corrected on the hyperplane normal
    /// to it, and the branch followed from there.
    @usableFromInline
    func branch(fromPeriodDoubling nodes: [[Double]], period: Double, at lambda: Double, to end: Double) throws(CycleError) -> CycleBranch {
        guard m % 2 == 0 else {
            throw .invalidArguments(InvalidArgument("segments", is: m, allowed: "an even number of segments, so the doubled cycle's nodes fall on the old ones"))
        }
        guard nodes.count == m, nodes.allSatisfy({ $0.count == n && $0.allSatisfy(\.isFinite) }), period > 0 && period.isFinite, lambda.isFinite, end.isFinite, end != lambda else {
            throw .invalidArguments(InvalidArgument("event", is: "period \(period) at \(lambda)", allowed: "a period-doubling event of a branch of this family, and a finite end other than the event"))
        }
        let single = scaled(toPeriod: period)
        let start = nodes.flatMap { $0 } + [period, lambda]
        var fixParameter = [Double](repeating: 0, count: unknowns)
        fixParameter[unknowns - 1] = 1
        guard let atEvent = single.correct(start, tangent: fixParameter, previous: start) else { throw .notConverged(residual: .nan) }
        let blocks = try single.linearization(at: atEvent).blocks
        var monodromy = Matrix.identity(n)
        for block in blocks { monodromy = block * monodromy }
        guard let eigen = try? EigenDecomposition(of: monodromy),
              let critical = eigen.eigenvalues.indices.min(by: { (eigen.eigenvalues[$0] + Complex(1, 0)).length < (eigen.eigenvalues[$1] + Complex(1, 0)).length }),
              (eigen.eigenvalues[critical] + Complex(1, 0)).length <= 1e-4 else {
            throw .invalidArguments(InvalidArgument("event", is: "a cycle without a multiplier −1", allowed: "a period-doubling point of the branch"))
        }
        var w = [eigen.rightEigenvectors[critical].map(\.real)]
        for j in 0..<(m - 1) { w.append(blocks[j] * w[j]) }
        let doubled = scaled(toPeriod: 2 * period)
        var base: [Double] = [], direction: [Double] = []
        for i in 0..<m {
            let (j, sign) = 2 * i < m ? (2 * i, 1.0) : (2 * i - m, -1.0)
            base += node(atEvent, j)
            direction += w[j].map { sign * $0 }
        }
        base += [2 * period, lambda]
        direction += [0, 0]
        guard let tangent = doubled.normalized(direction) else { throw .notConverged(residual: .nan) }
        let epsilon = options.startAmplitude * Swift.max(1, euclideanNorm(node(atEvent, 0)))
        let predicted = zip(base, tangent).map { $0 + epsilon * $1 }
        guard let first = doubled.correct(predicted, tangent: tangent, previous: predicted) else { throw .notConverged(residual: .nan) }
        return try doubled.follow(from: first, tangent: tangent, start: lambda, end: end, startsAtVertex: true)
    }
}
