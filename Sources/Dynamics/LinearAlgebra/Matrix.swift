/// A dense real matrix in row-major order: element (i, j) is `elements[i * columns + j]`.
///
/// `Matrix` is the currency of the toolkit: Jacobians (`J[i, j] = ∂F_i/∂x_j`), batches of states (one
/// state per row) and decompositions. Products, decompositions and solves go through OpenBLAS and
/// LAPACK.
///
/// ```swift
/// var A = Matrix(rows: 2, columns: 2)
/// A[0, 1] = 3
/// let B = Matrix([[1, 2], [3, 4]])
/// let C = A * B
/// ```
public struct Matrix: Equatable, Sendable, CustomStringConvertible {
    /// Number of rows.
    public let rows: Int
    /// Number of columns.
    public let columns: Int
    /// The elements in row-major order, `count == rows * columns`: writable in place (element writes and
    /// `withUnsafeMutableBufferPointer` mutate the storage without a copy), but a mutation that changes
    /// the count stops with a message, so the shape cannot fall out of step with the elements.
    @inlinable
    public var elements: [Double] {
        get { storage }
        _modify {
            yield &storage
            precondition(storage.count == rows * columns, "Matrix: \(storage.count) elements after a mutation of a \(rows) x \(columns) matrix")
        }
        set {
            precondition(newValue.count == rows * columns, "Matrix: \(newValue.count) elements assigned to a \(rows) x \(columns) matrix")
            storage = newValue
        }
    }
    /// The elements; `count == rows * columns` always.
    @usableFromInline var storage: [Double]

    /// A `rows × columns` matrix filled with `value`.
    ///
    /// - Parameters:
    ///   - rows: number of rows, ≥ 0.
    ///   - columns: number of columns, ≥ 0.
    ///   - value: the fill value; default 0, the usual start for accumulation.
    /// - Complexity: O(rows · columns).
    public init(rows: Int, columns: Int, repeating value: Double = 0) {
        precondition(rows >= 0 && columns >= 0, "Matrix: negative shape \(rows) x \(columns)")
        self.rows = rows
        self.columns = columns
        self.storage = Array(repeating: value, count: rows * columns)
    }

    /// A matrix over existing row-major elements.
    ///
    /// - Complexity: O(1) (the array is shared until mutated).
    public init(rows: Int, columns: Int, elements: [Double]) {
        precondition(
            rows >= 0 && columns >= 0 && elements.count == rows * columns,
            "Matrix: \(elements.count) elements do not fill \(rows) x \(columns)")
        self.rows = rows
        self.columns = columns
        self.storage = elements
    }

    /// A matrix from an array of rows, which must all have the same length.
    ///
    /// - Complexity: O(rows · columns).
    public init(_ rowArrays: [[Double]]) {
        let columns = rowArrays.first?.count ?? 0
        for (i, row) in rowArrays.enumerated() {
            precondition(row.count == columns, "Matrix: row \(i) has \(row.count) entries, row 0 has \(columns)")
        }
        self.init(rows: rowArrays.count, columns: columns, elements: rowArrays.flatMap { $0 })
    }

    /// The `n × n` identity.
    ///
    /// - Complexity: O(n²).
    public static func identity(_ n: Int) -> Matrix {
        var result = Matrix(rows: n, columns: n)
        for i in 0..<n { result[i, i] = 1 }
        return result
    }

    /// A square matrix with `diagonal` on its diagonal.
    ///
    /// - Complexity: O(n²).
    public static func diagonal(_ diagonal: [Double]) -> Matrix {
        var result = Matrix(rows: diagonal.count, columns: diagonal.count)
        for (i, d) in diagonal.enumerated() { result[i, i] = d }
        return result
    }

    /// Element (i, j). Always inlined: the bounds check is one branch, and an out-of-line call per
    /// element cost more than the arithmetic in loops that fill Jacobians.
    @inlinable
    public subscript(i: Int, j: Int) -> Double {
        @inline(__always) get {
            precondition(i >= 0 && i < rows && j >= 0 && j < columns, "Matrix: index (\(i), \(j)) outside \(rows) x \(columns)")
            return storage[i * columns + j]
        }
        @inline(__always) set {
            precondition(i >= 0 && i < rows && j >= 0 && j < columns, "Matrix: index (\(i), \(j)) outside \(rows) x \(columns)")
            storage[i * columns + j] = newValue
        }
    }

    /// Whether the matrix is square.
    public var isSquare: Bool { rows == columns }

    /// Row `i` as an array.
    ///
    /// - Complexity: O(columns).
    public func row(_ i: Int) -> [Double] {
        precondition(i >= 0 && i < rows, "Matrix: row \(i) outside 0..<\(rows)")
        return Array(elements[(i * columns)..<((i + 1) * columns)])
    }

    /// Column `j` as an array.
    ///
    /// - Complexity: O(rows).
    public func column(_ j: Int) -> [Double] {
        precondition(j >= 0 && j < columns, "Matrix: column \(j) outside 0..<\(columns)")
        return (0..<rows).map { elements[$0 * columns + j] }
    }

    /// The rows as arrays.
    ///
    /// - Complexity: O(rows · columns).
    public var rowArrays: [[Double]] { (0..<rows).map(row) }

    /// The transpose.
    ///
    /// - Complexity: O(rows · columns).
    public var transposed: Matrix {
        var result = Matrix(rows: columns, columns: rows)
        for i in 0..<rows {
            for j in 0..<columns { result.storage[j * rows + i] = storage[i * columns + j] }
        }
        return result
    }

    /// ‖A‖₁, the largest column sum of |aᵢⱼ| (0 for an empty matrix). Four columns at a time in
    /// vector accumulators, walking down the rows: contiguous loads and no stores in the inner loop.
    ///
    /// - Complexity: O(rows · columns).
    public var norm1: Double {
        let (m, n) = (rows, columns)
        return elements.withUnsafeBufferPointer { buffer in
            guard let a = buffer.baseAddress else { return 0 }
            var largest = 0.0
            var j = 0
            while j + 4 <= n {
                var sums = SIMD4<Double>()
                for i in 0..<m {
                    let v = UnsafeRawPointer(a + i * n + j).loadUnaligned(as: SIMD4<Double>.self)
                    sums += v.replacing(with: -v, where: v .< 0)
                }
                largest = Swift.max(largest, sums.max())
                j += 4
            }
            while j < n {
                var sum = 0.0
                for i in 0..<m { sum += abs(a[i * n + j]) }
                largest = Swift.max(largest, sum)
                j += 1
            }
            return largest
        }
    }

    /// Whether every element is finite (no NaN, no ±∞).
    ///
    /// - Complexity: O(rows · columns).
    public var isFinite: Bool {
        elements.withUnsafeBufferPointer { buffer in
            // x·0 is 0 for finite x and NaN for ±∞ and NaN: sum it eight lanes at a time, without a
            // branch per element (this guards every factorization, so it runs in refinement's loop).
            var lanes = SIMD8<Double>()
            var k = 0
            while k + 8 <= buffer.count {
                lanes += UnsafeRawPointer(buffer.baseAddress! + k).loadUnaligned(as: SIMD8<Double>.self) * 0
                k += 8
            }
            var total = lanes.sum()
            while k < buffer.count {
                total += buffer[k] * 0
                k += 1
            }
            return total == 0
        }
    }

    /// The rows, one per line.
    public var description: String {
        rowArrays.map { $0.map { "\($0)" }.joined(separator: " ") }.joined(separator: "\n")
    }
}

extension Matrix {
    /// Elementwise sum.
    public static func + (lhs: Matrix, rhs: Matrix) -> Matrix {
        precondition(lhs.rows == rhs.rows && lhs.columns == rhs.columns, "Matrix +: shapes \(lhs.rows) x \(lhs.columns) and \(rhs.rows) x \(rhs.columns) differ")
        return Matrix(rows: lhs.rows, columns: lhs.columns, elements: zip(lhs.elements, rhs.elements).map { $0 + $1 })
    }

    /// Elementwise difference.
    public static func - (lhs: Matrix, rhs: Matrix) -> Matrix {
        precondition(lhs.rows == rhs.rows && lhs.columns == rhs.columns, "Matrix -: shapes \(lhs.rows) x \(lhs.columns) and \(rhs.rows) x \(rhs.columns) differ")
        return Matrix(rows: lhs.rows, columns: lhs.columns, elements: zip(lhs.elements, rhs.elements).map { $0 - $1 })
    }

    /// Scalar multiple.
    public static func * (scalar: Double, matrix: Matrix) -> Matrix {
        Matrix(rows: matrix.rows, columns: matrix.columns, elements: matrix.elements.map { scalar * $0 })
    }
}
