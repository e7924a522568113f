/// Principal component analysis fitted by a LAPACK SVD of the centred data.
///
/// ```swift
/// let pca = try PCAProjector(fitting: activity, components: 2)
/// pca.explainedVarianceRatio        // e.g. [0.71, 0.12]
/// let z = pca.transform(activity[0]) // coordinates in (PC1, PC2)
/// ```
///
/// Conventions: variances use n − 1 (as scikit-learn); components are unit rows; sign: each
/// component's entry of largest magnitude is positive (the first such entry on ties), so the same data
/// always give the same axes.
public struct PCAProjector: Sendable {
    /// The mean of the fitted rows.
    public let mean: [Double]
    /// The principal axes, one unit row each (k × d), by explained variance, descending.
    public let components: Matrix
    /// The variance along each component (divisor n − 1).
    public let explainedVariance: [Double]
    /// Each component's share of the total variance of the data.
    public let explainedVarianceRatio: [Double]

    /// Fits `components` axes to `data`.
    ///
    /// - Parameters:
    ///   - data: n rows of d values each, n ≥ 2.
    ///   - components: k, 1 ≤ k ≤ min(n, d).
    /// - Throws: ``PCAError`` for too few rows, a bad k, ragged or non-finite rows, or when the SVD
    ///   fails (`.decomposition`, carrying LAPACK's error).
    /// - Complexity: O(n·d·min(n, d)).
    public init(fitting data: [[Double]], components k: Int) throws(PCAError) {
        guard data.count >= 2 else { throw .tooFewRows(data.count) }
        let d = data[0].count
        for (row, values) in data.enumerated() {
            guard values.count == d else { throw .raggedRow(row: row, count: values.count, expected: d) }
            guard values.allSatisfy(\.isFinite) else { throw .nonFinite(row: row) }
        }
        guard k >= 1 && k <= Swift.min(data.count, d) else { throw .badComponentCount(k, rows: data.count, columns: d) }
        let n = data.count
        // A running mean cannot overflow for finite data (a sum of rows near 1.7e308 would).
        var mean = [Double](repeating: 0, count: d)
        for (i, row) in data.enumerated() { for j in 0..<d { mean[j] += (row[j] - mean[j]) / Double(i + 1) } }
        var centered = Matrix(rows: n, columns: d)
        for (i, row) in data.enumerated() { for j in 0..<d { centered.elements[i * d + j] = row[j] / 2 - mean[j] / 2 } }
        // Centred in halves (a difference of values near ±1.7e308 would overflow), then scaled to a
        // largest magnitude of 1, so that the squares of the singular values neither overflow (data near
        // 1e200) nor underflow; the ratios do not depend on the scale.
        let largest = centered.elements.reduce(0) { Swift.max($0, abs($1)) }
        if largest > 0 { for k in centered.elements.indices { centered.elements[k] /= largest } }
        let svd: SingularValueDecomposition
        do { svd = try SingularValueDecomposition(of: centered) } catch { throw .decomposition(error) }
        let scaledVariances = svd.singularValues.map { $0 * $0 / Double(n - 1) }
        let scaledTotal = scaledVariances.reduce(0, +)
        // The variances themselves, (2·largest·σ)²/(n − 1): infinite only when they exceed the largest double.
        let factor = 2 * largest
        let variances = svd.singularValues.map { ($0 * factor) * ($0 * factor) / Double(n - 1) }
        var axes = Matrix(rows: k, columns: d)
        for c in 0..<k {
            var row = svd.vt.row(c)
            let pivot = row.indices.max { abs(row[$0]) < abs(row[$1]) || (abs(row[$0]) == abs(row[$1]) && $0 > $1) }!
            if row[pivot] < 0 { row = row.map { -$0 } }
            axes.elements.replaceSubrange(c * d..<(c + 1) * d, with: row)
        }
        self.mean = mean
        components = axes
        explainedVariance = Array(variances.prefix(k))
        explainedVarianceRatio = scaledVariances.prefix(k).map { scaledTotal > 0 ? $0 / scaledTotal : 0 }
    }

    /// The coordinates of `x` along the components: (x − mean)·componentsᵀ.
    ///
    /// - Complexity: O(k·d).
    public func transform(_ x: [Double]) -> [Double] {
        precondition(x.count == mean.count, "PCAProjector.transform: \(x.count) values, fitted on \(mean.count)")
        return (0..<components.rows).map { c in
            var sum = 0.0
            for j in 0..<mean.count { sum += (x[j] - mean[j]) * components.elements[c * mean.count + j] }
            return sum
        }
    }

    /// Every row transformed.
    ///
    /// - Complexity: O(n·k·d).
    public func transform(_ rows: [[Double]]) -> [[Double]] { rows.map(transform) }

    /// The point mean + z·components: back from coordinates to the data space (exact when k = d).
    ///
    /// - Complexity: O(k·d).
    public func inverseTransform(_ z: [Double]) -> [Double] {
        precondition(z.count == components.rows, "PCAProjector.inverseTransform: \(z.count) coordinates, \(components.rows) components")
        var x = mean
        for c in 0..<z.count { for j in 0..<x.count { x[j] += z[c] * components.elements[c * x.count + j] } }
        return x
    }
}

/// Why a PCA could not be fitted.
public enum PCAError: Error, Equatable, CustomStringConvertible {
    /// Fewer than two rows.
    case tooFewRows(Int)
    /// k is outside 1...min(rows, columns).
    case badComponentCount(Int, rows: Int, columns: Int)
    /// A row of another length than the first.
    case raggedRow(row: Int, count: Int, expected: Int)
    /// A row with NaN or ±∞.
    case nonFinite(row: Int)
    /// LAPACK's SVD failed on the centred data.
    case decomposition(LinearAlgebraError)

    /// A readable explanation with a suggested fix.
    public var description: String {
        switch self {
        case let .tooFewRows(count): return "PCA needs at least 2 rows of data, got \(count)"
        case let .badComponentCount(k, rows, columns):
            return "PCA: \(k) components requested, but \(rows) x \(columns) data allow 1...\(Swift.min(rows, columns))"
        case let .raggedRow(row, count, expected): return "PCA: row \(row) has \(count) values, row 0 has \(expected)"
        case let .nonFinite(row): return "PCA: row \(row) holds NaN or infinite values"
        case let .decomposition(error): return "PCA: the singular value decomposition failed (\(error)); check the data for extreme values"
        }
    }
}
