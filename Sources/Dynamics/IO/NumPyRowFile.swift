import Foundation

/// A `.npy` file of rows — shape (N, width) or (T, B, width), C order — read row by row from a memory
/// map instead of all at once: a shard of a large candidate file touches only its own rows.
///
/// ```swift
/// let file = try NumPyRowFile(contentsOf: "activity.npy")
/// let finite = (0..<file.rowCount).filter(file.rowIsFinite)
/// let first = file.row(finite[0])
/// ```
public struct NumPyRowFile: @unchecked Sendable {
    /// The memory-mapped bytes (immutable).
    private let data: Data
    private let layout: NumPyLayout

    /// The array's shape.
    public var shape: [Int] { layout.shape }
    /// Values per row: the last dimension.
    public var width: Int { layout.shape.last ?? 1 }
    /// The number of rows: the product of the other dimensions.
    public var rowCount: Int { layout.shape.count <= 1 ? 1 : layout.shape.dropLast().reduce(1, *) }

    /// Maps the file at `path` and reads its header.
    ///
    /// - Throws: ``NumPyError/io(path:reason:)`` when the file cannot be read, any format error, and
    ///   ``NumPyError/malformedHeader(_:)`` for a Fortran-order array of more than one dimension (its
    ///   rows are not contiguous; read it with ``NumPyArray/init(contentsOf:)``).
    /// - Complexity: O(header); the values are read on demand.
    public init(contentsOf path: String) throws(NumPyError) {
        do { data = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped) } catch {
            throw .io(path: path, reason: FileManager.default.fileExists(atPath: path) ? "cannot be read" : "no such file")
        }
        let parsed = data.withUnsafeBytes { raw in Result { () throws(NumPyError) in try NumPyLayout(raw) } }
        layout = try parsed.get()
        guard !(layout.fortranOrder && layout.shape.count > 1) else {
            throw .malformedHeader("a Fortran-order array cannot be read row by row")
        }
    }

    /// Row `index` (0..<rowCount).
    ///
    /// - Complexity: O(width).
    public func row(_ index: Int) -> [Double] {
        precondition(index >= 0 && index < rowCount, "NumPyRowFile.row: index \(index) is outside 0..<\(rowCount)")
        let width = width
        return data.withUnsafeBytes { raw in (0..<width).map { layout.element(index * width + $0, in: raw) } }
    }

    /// Whether row `index` holds only finite values.
    ///
    /// - Complexity: O(width).
    public func rowIsFinite(_ index: Int) -> Bool {
        precondition(index >= 0 && index < rowCount, "NumPyRowFile.rowIsFinite: index \(index) is outside 0..<\(rowCount)")
        let width = width
        return data.withUnsafeBytes { raw in (0..<width).allSatisfy { layout.element(index * width + $0, in: raw).isFinite } }
    }
}
