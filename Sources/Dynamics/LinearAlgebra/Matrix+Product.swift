/// Matrix products on OpenBLAS.
extension Matrix {
    /// C = op(A)·op(B), written into `result` (whose shape must fit); no allocation.
    ///
    /// - Parameters:
    ///   - a: left factor.
    ///   - transposeA: use Aᵀ; default false.
    ///   - b: right factor.
    ///   - transposeB: use Bᵀ; default false.
    ///   - result: receives the product, overwritten.
    /// - Complexity: O(m·n·k).
    public static func multiply(
        _ a: Matrix, transposeA: Bool = false, _ b: Matrix, transposeB: Bool = false, into result: inout Matrix
    ) {
        let m = transposeA ? a.columns : a.rows
        let k = transposeA ? a.rows : a.columns
        let kb = transposeB ? b.columns : b.rows
        let n = transposeB ? b.rows : b.columns
        precondition(k == kb, "Matrix product: inner dimensions \(k) and \(kb) differ")
        precondition(result.rows == m && result.columns == n, "Matrix product: result is \(result.rows) x \(result.columns), expected \(m) x \(n)")
        if m == 0 || n == 0 { return }
        if k == 0 {
            for i in result.elements.indices { result.elements[i] = 0 }
            return
        }
        a.elements.withUnsafeBufferPointer { pa in
            b.elements.withUnsafeBufferPointer { pb in
                result.elements.withUnsafeMutableBufferPointer { pc in
                    Double.gemm(
                        transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: 1,
                        a: pa.baseAddress!, lda: a.columns, b: pb.baseAddress!, ldb: b.columns,
                        beta: 0, c: pc.baseAddress!, ldc: n)
                }
            }
        }
    }

    /// The product `lhs · rhs` (dgemm).
    ///
    /// - Complexity: O(m·n·k).
    public static func * (lhs: Matrix, rhs: Matrix) -> Matrix {
        var result = Matrix(rows: lhs.rows, columns: rhs.columns)
        multiply(lhs, rhs, into: &result)
        return result
    }

    /// The matrix-vector product `A · v`.
    ///
    /// - Complexity: O(rows · columns).
    public static func * (lhs: Matrix, rhs: [Double]) -> [Double] {
        precondition(lhs.columns == rhs.count, "Matrix · vector: \(lhs.columns) columns, vector of \(rhs.count)")
        let product = lhs * Matrix(rows: rhs.count, columns: 1, elements: rhs)
        return product.elements
    }

    /// The vector-matrix product `vᵀ · A`, as an array.
    ///
    /// - Complexity: O(rows · columns).
    public static func * (lhs: [Double], rhs: Matrix) -> [Double] {
        precondition(rhs.rows == lhs.count, "vector · Matrix: vector of \(lhs.count), \(rhs.rows) rows")
        let product = Matrix(rows: 1, columns: lhs.count, elements: lhs) * rhs
        return product.elements
    }
}

extension Matrix {
    /// Calls `body` with the elements in precision S: the storage itself for `Double`, a converted
    /// copy otherwise. For batch kernels that are generic over the precision.
    ///
    /// - Complexity: O(1) for `Double`; O(rows · columns) and one allocation for other types.
    @inlinable
    public func withElements<S: BLASScalar, R>(as: S.Type, _ body: (UnsafePointer<S>) -> R) -> R {
        if S.self == Double.self {
            return elements.withUnsafeBufferPointer { body(UnsafeRawPointer($0.baseAddress!).assumingMemoryBound(to: S.self)) }
        }
        let converted = elements.map { S($0) }
        return converted.withUnsafeBufferPointer { body($0.baseAddress!) }
    }
}
