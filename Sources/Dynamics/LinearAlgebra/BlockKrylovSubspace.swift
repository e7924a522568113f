import ComplexModule

/// A block Krylov subspace of a linear operator A on ℝⁿ, built a block at a time by block Arnoldi:
/// an orthonormal basis q₀, q₁, … (rows) and the small matrix H of the relation
/// A·qⱼ = Σᵢ Hᵢⱼ·qᵢ for every applied basis vector j.
///
/// A is only ever applied to a block of up to eight vectors at once, which a model evaluates in one
/// pass of `step` on `Dual<8>` (``DynamicalSystem/jacobianProducts(at:directions:workspace:)``):
/// the subspace grows eight dimensions per pass. On it, least-squares problems min ‖A·δ + g‖ (Newton
/// steps, GMRES-like) and eigenvalue problems (Rayleigh–Ritz) reduce to the small H, solved by LAPACK.
///
/// Orthogonalisation is block classical Gram–Schmidt applied twice ("twice is enough"), then modified
/// Gram–Schmidt within the block; a vector whose remainder is below 1e-12 of its norm is dropped
/// (deflation), its coefficients kept in H.
///
/// ```swift
/// var krylov = BlockKrylovSubspace(dimension: n, capacity: 64)
/// krylov.appendOrthonormalized(startBlock)                 // b × n
/// while krylov.extend({ block in operator(block) }) {}     // block ↦ A·block, row by row
/// let ritz = try krylov.ritzPairs()
/// ```
///
/// - Complexity: per block of b vectors on a basis of m, one application of A and O(b·m·n) for the
///   orthogonalisation (two gemms).
@usableFromInline package struct BlockKrylovSubspace: Sendable {
    /// n.
    @usableFromInline package let dimension: Int
    /// The largest number of basis vectors whose images are taken (min(capacity asked, n)).
    @usableFromInline package let capacity: Int
    /// Basis rows, `basisCount × n` row-major.
    @usableFromInline package private(set) var basis: [Double] = []
    /// The number of basis vectors.
    @usableFromInline package private(set) var basisCount = 0
    /// The number of basis vectors whose image under A is in H (the first `appliedCount` rows).
    @usableFromInline package private(set) var appliedCount = 0
    /// H, `(capacity + 8) × capacity` row-major: column j holds the coefficients of A·qⱼ.
    @usableFromInline var hessenberg: [Double]

    /// An empty subspace of ℝⁿ holding at most `capacity` applied vectors.
    ///
    /// - Complexity: O(capacity²) for H.
    @usableFromInline package init(dimension: Int, capacity: Int) {
        self.dimension = dimension
        self.capacity = Swift.max(1, Swift.min(capacity, dimension))
        hessenberg = [Double](repeating: 0, count: (self.capacity + 8) * self.capacity)
        basis.reserveCapacity((self.capacity + 8) * dimension)
    }

    /// H[i, j]: the coefficient of basis vector i in A·qⱼ.
    @usableFromInline package internal(set) subscript(i: Int, j: Int) -> Double {
        get { hessenberg[i * capacity + j] }
        set { hessenberg[i * capacity + j] = newValue }
    }

    /// Whether another block can be applied.
    @usableFromInline package var canExtend: Bool { appliedCount < basisCount && appliedCount < capacity }

    /// Adds the rows of `block` (b × n) to the basis, orthonormalised against it; returns the
    /// coefficients of each row in the basis (one array per row, `basisCount` entries after the call).
    ///
    /// - Complexity: O(b·m·n).
    @discardableResult
    @usableFromInline package mutating func appendOrthonormalized(_ block: Matrix) -> [[Double]] {
        let n = dimension
        var rows = block.elements
        let b = block.rows
        var coefficients = [[Double]](repeating: [], count: b)
        let m = basisCount
        if m > 0 {
            var total = [Double](repeating: 0, count: b * m)
            var pass = [Double](repeating: 0, count: b * m)
            for _ in 0..<2 {
                basis.withUnsafeBufferPointer { q in
                    rows.withUnsafeMutableBufferPointer { w in
                        pass.withUnsafeMutableBufferPointer { c in
                            // C = W·Qᵀ, then W ← W − C·Q.
                            Double.gemm(transposeA: false, transposeB: true, m: b, n: m, k: n, alpha: 1, a: w.baseAddress!, lda: n,
                                        b: q.baseAddress!, ldb: n, beta: 0, c: c.baseAddress!, ldc: m)
                            Double.gemm(transposeA: false, transposeB: false, m: b, n: n, k: m, alpha: -1, a: c.baseAddress!, lda: m,
                                        b: q.baseAddress!, ldb: n, beta: 1, c: w.baseAddress!, ldc: n)
                        }
                    }
                }
                for k in 0..<(b * m) { total[k] += pass[k] }
            }
            for r in 0..<b { coefficients[r] = Array(total[(r * m)..<((r + 1) * m)]) }
        }
        for r in 0..<b {
            let original = block.elements[(r * n)..<((r + 1) * n)].reduce(0) { $0 + $1 * $1 }.squareRoot()
            var row = Array(rows[(r * n)..<((r + 1) * n)])
            // Within the block: against the vectors this call has added so far.
            for added in m..<basisCount {
                let q = basis[(added * n)..<((added + 1) * n)]
                var dot = 0.0
                for (x, y) in zip(row, q) { dot += x * y }
                for (j, y) in zip(0..<n, q) { row[j] -= dot * y }
                if coefficients[r].count <= added { coefficients[r].append(contentsOf: repeatElement(0, count: added + 1 - coefficients[r].count)) }
                coefficients[r][added] += dot
            }
            let norm = row.reduce(0) { $0 + $1 * $1 }.squareRoot()
            if norm > 1e-12 * Swift.max(original, .leastNormalMagnitude) && basisCount < capacity + 8 && norm > 0 {
                basis.append(contentsOf: row.map { $0 / norm })
                basisCount += 1
                coefficients[r].append(contentsOf: repeatElement(0, count: basisCount - coefficients[r].count))
                coefficients[r][basisCount - 1] = norm
            }
        }
        for r in 0..<b where coefficients[r].count < basisCount {
            coefficients[r].append(contentsOf: repeatElement(0, count: basisCount - coefficients[r].count))
        }
        return coefficients
    }

    /// Applies A to the next unapplied block of basis vectors (at most eight) with `apply`, which maps
    /// b × n directions to their b × n images, and extends the basis by the images' new directions.
    ///
    /// - Returns: false when nothing was left to apply.
    /// - Complexity: one call of `apply` plus O(b·m·n).
    @usableFromInline package mutating func extend(_ apply: (Matrix) -> Matrix) -> Bool {
        guard canExtend else { return false }
        let n = dimension
        let width = Swift.min(8, basisCount - appliedCount, capacity - appliedCount)
        let block = Matrix(rows: width, columns: n, elements: Array(basis[(appliedCount * n)..<((appliedCount + width) * n)]))
        let images = apply(block)
        precondition(images.rows == width && images.columns == n, "BlockKrylovSubspace: the operator returned \(images.rows) x \(images.columns) for \(width) x \(n)")
        let coefficients = appendOrthonormalized(images)
        for (c, column) in coefficients.enumerated() {
            for (i, value) in column.enumerated() { self[i, appliedCount + c] = value }
        }
        appliedCount += width
        return true
    }

    /// min over y of ‖H·y − rhs‖² + λ‖y‖² on the applied vectors, where `rhs` holds coefficients in the
    /// basis (a vector in the span of the basis), by the SVD of H; singular values below 1e-13 of the
    /// largest are dropped, so λ = 0 gives the minimum-norm least-squares solution.
    ///
    /// - Returns: y (one coefficient per applied vector), the residual norm ‖H·y − rhs‖, and σ_max/σ_min
    ///   of H (∞ when a singular value was dropped); nil before any block was applied.
    /// - Complexity: O(m³).
    @usableFromInline package func leastSquares(_ rhs: [Double], damping lambda: Double) -> (coefficients: [Double], residual: Double, condition: Double)? {
        let (rows, columns) = (basisCount, appliedCount)
        guard columns > 0 else { return nil }
        var h = Matrix(rows: rows, columns: columns)
        for i in 0..<rows { for j in 0..<columns { h[i, j] = self[i, j] } }
        guard let svd = try? SingularValueDecomposition(of: h) else { return nil }
        let largest = svd.singularValues.first ?? 0
        var y = [Double](repeating: 0, count: columns)
        var dropped = false
        for (k, sigma) in svd.singularValues.enumerated() {
            guard sigma > 1e-13 * largest, sigma > 0 else { dropped = true; continue }
            var projection = 0.0
            for i in 0..<rows { projection += svd.u[i, k] * (i < rhs.count ? rhs[i] : 0) }
            let factor = sigma / (sigma * sigma + lambda) * projection
            for j in 0..<columns { y[j] += factor * svd.vt[k, j] }
        }
        var residual = 0.0
        for i in 0..<rows {
            var value = -(i < rhs.count ? rhs[i] : 0)
            for j in 0..<columns { value += self[i, j] * y[j] }
            residual += value * value
        }
        let smallest = svd.singularValues.last ?? 0
        let condition = dropped || smallest == 0 ? Double.infinity : largest / smallest
        return (y, residual.squareRoot(), condition)
    }

    /// Σⱼ yⱼ·qⱼ over the first y.count basis vectors.
    ///
    /// - Complexity: O(m·n).
    @usableFromInline package func combination(_ y: [Double]) -> [Double] {
        let n = dimension
        var result = [Double](repeating: 0, count: n)
        for (j, coefficient) in y.enumerated() where coefficient != 0 {
            for i in 0..<n { result[i] += coefficient * basis[j * n + i] }
        }
        return result
    }

    /// The Ritz pairs of A on the applied vectors: eigenvalues θ of the square part of H, Ritz vectors
    /// Q·s (unit norm), and their residual norms ‖A·Q·s − θ·Q·s‖, read off the rows of H below the
    /// square part.
    ///
    /// - Throws: ``LinearAlgebraError`` if the small eigenproblem fails.
    /// - Complexity: O(m³) for the small eigenproblem.
    @usableFromInline package func ritzPairs() throws(LinearAlgebraError) -> [(value: Complex<Double>, coefficients: [Complex<Double>], residual: Double)] {
        let m = appliedCount
        var square = Matrix(rows: m, columns: m)
        for i in 0..<m { for j in 0..<m { square[i, j] = self[i, j] } }
        let eig = try EigenDecomposition(of: square)
        return zip(eig.eigenvalues, eig.rightEigenvectors).map { value, s in
            var residual = 0.0
            for i in m..<basisCount {
                var sum = Complex<Double>(0, 0)
                for j in 0..<m { sum += Complex(self[i, j], 0) * s[j] }
                residual += sum.lengthSquared
            }
            return (value, s, residual.squareRoot())
        }
    }

    /// Σⱼ sⱼ·qⱼ for complex coefficients: the real and imaginary parts.
    ///
    /// - Complexity: O(m·n).
    @usableFromInline package func complexCombination(_ s: [Complex<Double>]) -> (real: [Double], imaginary: [Double]) {
        (combination(s.map(\.real)), combination(s.map(\.imaginary)))
    }

    /// ‖H‖_F² on the applied vectors, an upper bound of σ_max²: the scale of the Levenberg–Marquardt
    /// damping.
    ///
    /// - Complexity: O(m²).
    @usableFromInline package func largestSingularValueSquared() -> Double {
        var sum = 0.0
        for i in 0..<basisCount { for j in 0..<appliedCount { sum += self[i, j] * self[i, j] } }
        return sum
    }
}
