import ComplexModule

/// The Floquet multipliers of a cycle from its shooting blocks Mᵢ = ∂φ_{T/m}/∂x at the nodes: the
/// eigenvalues of the monodromy M_{m−1}⋯M₀, the trivial one (nearest 1) first, the others by decreasing
/// modulus. In two dimensions the nontrivial multiplier is det(M) = Π det(Mᵢ) (the trivial one is 1;
/// Liouville), which keeps its relative accuracy where the product's entries cannot: the stable
/// relaxation oscillations and canards of neuron models have multipliers of 1e-17 and 1e+17, beside
/// which the product's small eigenvalue is rounding.
///
/// - Complexity: m products of n × n matrices and one O(n³) eigendecomposition.
enum FloquetMultipliers {
    static func of(blocks: [Matrix]) -> [Complex<Double>]? {
        guard let n = blocks.first?.rows else { return nil }
        var monodromy = Matrix.identity(n)
        for block in blocks { monodromy = block * monodromy }
        guard monodromy.isFinite, let eigenvalues = try? EigenDecomposition.eigenvalues(of: monodromy) else { return nil }
        let trivial = eigenvalues.indices.min { (eigenvalues[$0] - Complex(1, 0)).length < (eigenvalues[$1] - Complex(1, 0)).length }!
        var others = eigenvalues.indices.filter { $0 != trivial }.map { eigenvalues[$0] }.sorted { $0.length > $1.length }
        if n == 2 {
            let determinant = blocks.reduce(1.0) { $0 * ($1[0, 0] * $1[1, 1] - $1[0, 1] * $1[1, 0]) }
            others = [Complex(determinant, 0)]
        }
        return [eigenvalues[trivial]] + others
    }
}
