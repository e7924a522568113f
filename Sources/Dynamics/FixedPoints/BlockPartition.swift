/// A split of `rows` candidates into contiguous blocks that run on separate cores.
///
/// The number of blocks is the smallest multiple of 4 that keeps every block at or below
/// `maximumBlockRows`, and the sizes differ by at most one row: 1, 2 or 4 cores then get equal
/// shares, where ⌈rows / maximumBlockRows⌉ blocks would leave one core idle for the last block (2200
/// candidates in blocks of 256 are 9 blocks, 5 against 4 on two cores; here they are 12 of 183 or 184).
/// The split depends on `rows` and `maximumBlockRows` only, never on the thread count, so neither do
/// the results.
@usableFromInline
struct BlockPartition: Sendable {
    /// Rows in all.
    @usableFromInline let rows: Int
    /// Number of blocks (0 when there are no rows).
    @usableFromInline let count: Int

    /// The partition of `rows` rows into blocks of at most `maximumBlockRows` (at least 1).
    @usableFromInline
    init(rows: Int, maximumBlockRows: Int) {
        self.rows = rows
        let atMost = Swift.max(1, maximumBlockRows)
        let needed = (rows + atMost - 1) / atMost
        // Round up to a multiple of 4, but never past one row per block.
        count = Swift.min(rows, (needed + 3) / 4 * 4)
    }

    /// The first row and the number of rows of block `index`.
    @usableFromInline
    func range(of index: Int) -> (low: Int, rows: Int) {
        let low = index * rows / count
        return (low, (index + 1) * rows / count - low)
    }
}
