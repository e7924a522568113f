import Dynamics

/// Random matrices with known structure, the raw material of the analytic test systems.
public enum RandomMatrices {
    /// An n × n matrix of independent standard normal entries times `scale`.
    ///
    /// - Complexity: O(n·m).
    public static func gaussian(rows: Int, columns: Int, scale: Double = 1, using rng: inout some RandomNumberGenerator) -> Matrix {
        Matrix(rows: rows, columns: columns, elements: (0..<(rows * columns)).map { _ in scale * rng.nextStandardNormal() })
    }

    /// A random orthogonal n × n matrix: the orthogonal polar factor U·Vᵀ of a Gaussian matrix.
    ///
    /// - Complexity: O(n³).
    public static func orthogonal(_ n: Int, using rng: inout some RandomNumberGenerator) -> Matrix {
        let svd = try! SingularValueDecomposition(of: gaussian(rows: n, columns: n, using: &rng))
        return svd.u * svd.vt
    }

    /// A real matrix A = V·B·V⁻¹ whose eigenvalues are exactly `eigenvalues` (up to rounding).
    ///
    /// B is block diagonal: a real λ is a 1 × 1 block, a complex pair a ± ib (given as two consecutive
    /// conjugate entries) is the block [[a, −b], [b, a]]. V = Q₁·diag(s)·Q₂ with random orthogonal Qᵢ
    /// and s in [0.5, 2], so cond(V) ≤ 4 and V⁻¹ = Q₂ᵀ·diag(1/s)·Q₁ᵀ needs no solve.
    ///
    /// - Parameter eigenvalues: the spectrum; complex values must come in adjacent conjugate pairs.
    /// - Complexity: O(n³).
    public static func withSpectrum(_ eigenvalues: [Complex<Double>], using rng: inout some RandomNumberGenerator) -> Matrix {
        let n = eigenvalues.count
        var block = Matrix(rows: n, columns: n)
        var k = 0
        while k < n {
            let lambda = eigenvalues[k]
            if lambda.imaginary == 0 {
                block[k, k] = lambda.real
                k += 1
            } else {
                precondition(k + 1 < n && eigenvalues[k + 1] == lambda.conjugate, "withSpectrum: \(lambda) must be followed by its conjugate")
                block[k, k] = lambda.real
                block[k + 1, k + 1] = lambda.real
                block[k, k + 1] = -lambda.imaginary
                block[k + 1, k] = lambda.imaginary
                k += 2
            }
        }
        let q1 = orthogonal(n, using: &rng)
        let q2 = orthogonal(n, using: &rng)
        let s = (0..<n).map { _ in Double.random(in: 0.5...2, using: &rng) }
        let v = q1 * Matrix.diagonal(s) * q2
        let vInverse = q2.transposed * Matrix.diagonal(s.map { 1 / $0 }) * q1.transposed
        return v * block * vInverse
    }

    /// A random spectrum of n values strictly inside the disc of radius `radius`, with about a third of
    /// them in complex-conjugate pairs.
    ///
    /// - Complexity: O(n).
    public static func spectrum(count n: Int, radius: Double, using rng: inout some RandomNumberGenerator) -> [Complex<Double>] {
        var result: [Complex<Double>] = []
        while result.count < n {
            let r = radius * Double.random(in: 0.05...0.95, using: &rng)
            if n - result.count >= 2 && Double.random(in: 0..<1, using: &rng) < 0.33 {
                let angle = Double.random(in: 0.2...3.0, using: &rng)
                let lambda = Complex(r * Double.cos(angle), r * Double.sin(angle))
                result.append(lambda)
                result.append(lambda.conjugate)
            } else {
                result.append(Complex(Double.random(in: 0..<1, using: &rng) < 0.5 ? -r : r, 0))
            }
        }
        return result
    }
}
