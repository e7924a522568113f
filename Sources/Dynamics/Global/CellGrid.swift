/// A box in state space cut into equal cells: the coarse-grained state space on which the recurrence
/// mapper keeps its bookkeeping. Cell indices run with the first variable fastest.
struct CellGrid: Sendable {
    let lower: [Double]
    let upper: [Double]
    let counts: [Int]
    /// Cells per unit length along each variable.
    let inverseWidths: [Double]
    /// Index strides: 1, counts[0], counts[0]·counts[1], ...
    let strides: [Int]
    let cellCount: Int

    /// Validates the box and the counts and checks the cell array against `memoryLimit` (4 bytes a cell).
    init(box: [ClosedRange<Double>], cellsPerDimension: [Int], dimension: Int, memoryLimit: Int) throws(GlobalDynamicsError) {
        guard box.count == dimension else {
            throw .invalidArgument(InvalidArgument("box", is: "\(box.count) ranges", allowed: "give one range per state variable (\(dimension))"))
        }
        for (k, range) in box.enumerated() where !(range.lowerBound.isFinite && range.upperBound.isFinite && range.lowerBound < range.upperBound) {
            throw .invalidArgument(InvalidArgument("box[\(k)]", is: range, allowed: "bounds must be finite with lower < upper"))
        }
        guard cellsPerDimension.count == dimension else {
            throw .invalidArgument(InvalidArgument("cellsPerDimension", is: cellsPerDimension, allowed: "give one count per state variable (\(dimension))"))
        }
        var total = 1
        for (k, count) in cellsPerDimension.enumerated() {
            guard count >= 1 && count <= 1 << 24 else {
                throw .invalidArgument(InvalidArgument("cellsPerDimension[\(k)]", is: count, allowed: "must be in 1...16777216"))
            }
            let (product, overflow) = total.multipliedReportingOverflow(by: count)
            guard !overflow, product <= memoryLimit / 4 else {
                throw .tooLarge(what: "a grid of \(cellsPerDimension.map(String.init).joined(separator: " × ")) cells", bytes: overflow ? Int.max : product * 4, limit: memoryLimit)
            }
            total = product
        }
        lower = box.map(\.lowerBound)
        upper = box.map(\.upperBound)
        counts = cellsPerDimension
        inverseWidths = zip(box, cellsPerDimension).map { Double($1) / ($0.upperBound - $0.lowerBound) }
        var stride = 1
        var strides: [Int] = []
        for count in cellsPerDimension {
            strides.append(stride)
            stride *= count
        }
        self.strides = strides
        cellCount = total
    }

    /// The cell holding `x`, or nil outside the box (or for a non-finite state).
    @inline(__always)
    func cell(of x: [Double]) -> Int? {
        var index = 0
        for k in 0..<counts.count {
            let position = (x[k] - lower[k]) * inverseWidths[k]
            // Also false for NaN.
            guard position >= 0 && position < Double(counts[k]) else { return nil }
            index += Int(position) * strides[k]
        }
        return index
    }

    /// The widths of a cell.
    var cellWidths: [Double] { inverseWidths.map { 1 / $0 } }
}
