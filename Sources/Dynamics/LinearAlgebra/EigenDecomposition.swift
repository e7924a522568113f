import CLapack
import RealModule
import ComplexModule

/// The eigendecomposition of a general real square matrix (LAPACK `dgeev`).
///
/// Eigenvalues come sorted by modulus, descending (ties: larger real part first, then larger
/// imaginary part), and `rightEigenvectors[k]`, `leftEigenvectors[k]` belong to `eigenvalues[k]`:
/// A·v = λ·v and uᴴ·A = λ·uᴴ. Each eigenvector has unit Euclidean norm, as LAPACK returns it.
///
/// ```swift
/// let eig = try EigenDecomposition(of: Matrix([[0, -1], [1, 0]]))
/// eig.eigenvalues    // [i, -i] (modulus 1 each)
/// ```
///
/// - Complexity: O(n³).
public struct EigenDecomposition: Sendable {
    /// The eigenvalues, by modulus descending.
    public let eigenvalues: [Complex<Double>]
    /// `rightEigenvectors[k]` is v with A·v = λₖ·v.
    public let rightEigenvectors: [[Complex<Double>]]
    /// `leftEigenvectors[k]` is u with uᴴ·A = λₖ·uᴴ.
    public let leftEigenvectors: [[Complex<Double>]]

    /// Decomposes `matrix`.
    ///
    /// - Parameter matrix: a finite square matrix.
    /// - Throws: ``LinearAlgebraError`` if the matrix is empty, not square, holds NaN/∞, or LAPACK fails
    ///   to converge.
    /// - Complexity: O(n³).
    public init(of matrix: Matrix) throws(LinearAlgebraError) {
        try matrix.validateSquareFinite(for: "eigendecomposition")
        let n = matrix.rows
        var a = matrix.elements
        var wr = [Double](repeating: 0, count: n)
        var wi = [Double](repeating: 0, count: n)
        var vl = [Double](repeating: 0, count: n * n)
        var vr = [Double](repeating: 0, count: n * n)
        LAPACKSettings.configure()
        let info = LAPACKE_dgeev(
            LAPACK_ROW_MAJOR, CChar(UInt8(ascii: "V")), CChar(UInt8(ascii: "V")), Int32(n), &a, Int32(n),
            &wr, &wi, &vl, Int32(n), &vr, Int32(n))
        guard info == 0 else { throw .lapackFailure(routine: "dgeev", info: Int(info)) }

        // dgeev stores a complex pair (λ, λ̄) in columns j, j+1 as Re and Im parts of the first vector.
        func vectors(_ storage: [Double]) -> [[Complex<Double>]] {
            var result = [[Complex<Double>]]()
            result.reserveCapacity(n)
            var j = 0
            while j < n {
                if wi[j] == 0 {
                    result.append((0..<n).map { Complex(storage[$0 * n + j], 0) })
                    j += 1
                } else {
                    let v = (0..<n).map { Complex(storage[$0 * n + j], storage[$0 * n + j + 1]) }
                    result.append(v)
                    result.append(v.map(\.conjugate))
                    j += 2
                }
            }
            return result
        }
        let values = (0..<n).map { Complex(wr[$0], wi[$0]) }
        let right = vectors(vr)
        let left = vectors(vl)
        let order = Self.order(values)
        eigenvalues = order.map { values[$0] }
        rightEigenvectors = order.map { right[$0] }
        leftEigenvectors = order.map { left[$0] }
    }

    /// The eigenvalues alone, in the same order as ``eigenvalues``: `dgeev` without eigenvectors, about
    /// a third of the time of the whole decomposition (no back-transformation).
    ///
    /// - Parameter matrix: a finite square matrix.
    /// - Throws: as ``init(of:)``.
    /// - Complexity: O(n³).
    public static func eigenvalues(of matrix: Matrix) throws(LinearAlgebraError) -> [Complex<Double>] {
        try matrix.validateSquareFinite(for: "eigenvalues")
        let n = matrix.rows
        var a = matrix.elements
        var wr = [Double](repeating: 0, count: n)
        var wi = [Double](repeating: 0, count: n)
        var (unusedLeft, unusedRight) = ([0.0], [0.0])
        LAPACKSettings.configure()
        let info = LAPACKE_dgeev(
            LAPACK_ROW_MAJOR, CChar(UInt8(ascii: "N")), CChar(UInt8(ascii: "N")), Int32(n), &a, Int32(n),
            &wr, &wi, &unusedLeft, 1, &unusedRight, 1)
        guard info == 0 else { throw .lapackFailure(routine: "dgeev", info: Int(info)) }
        let values = (0..<n).map { Complex(wr[$0], wi[$0]) }
        return order(values).map { values[$0] }
    }

    /// Indices of `values` by modulus descending; ties: larger real part first, then larger imaginary.
    static func order(_ values: [Complex<Double>]) -> [Int] {
        values.indices.sorted { p, q in
            let (a, b) = (values[p], values[q])
            if a.length != b.length { return a.length > b.length }
            if a.real != b.real { return a.real > b.real }
            return a.imaginary > b.imaginary
        }
    }
}
