import Foundation

/// `--shard k/N`: the k-th (0-based) of N disjoint, deterministic slices of a run's work (candidates
/// for `analyze`, grid rows for `basins`), or `--shard slurm`: k and N from a Slurm job array.
struct ShardSpec: Sendable, Equatable, Codable {
    /// k, in 0..<count.
    var index: Int
    /// N ≥ 1.
    var count: Int

    /// Parses `k/N` (0 ≤ k < N ≤ 100000) or `slurm`; nil with the reason otherwise.
    static func parse(_ text: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> Result<ShardSpec, ShardSpecError> {
        if text == "slurm" {
            guard let id = environment["SLURM_ARRAY_TASK_ID"].flatMap(Int.init), let count = environment["SLURM_ARRAY_TASK_COUNT"].flatMap(Int.init) else {
                return .failure(.init("--shard slurm needs SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT, which Slurm sets in a job array (sbatch --array=0-63); outside one give --shard k/N"))
            }
            // Arrays may start at any id (--array=1-64): the slice is the id's position in the array.
            let first = environment["SLURM_ARRAY_TASK_MIN"].flatMap(Int.init) ?? 0
            guard (first..<(first + count)).contains(id), count >= 1 else {
                return .failure(.init("--shard slurm: SLURM_ARRAY_TASK_ID = \(id) is outside the array \(first)...\(first + count - 1); give --array as one contiguous range"))
            }
            return .success(ShardSpec(index: id - first, count: count))
        }
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]), n >= 1, n <= 100_000, k >= 0, k < n else {
            return .failure(.init("--shard must be k/N with 0 ≤ k < N ≤ 100000 (k counts from 0), or slurm; got '\(text)'"))
        }
        return .success(ShardSpec(index: k, count: n))
    }

    /// This shard's part of `total` items: a contiguous range, the first `total % count` shards one
    /// item longer; together the N ranges cover 0..<total once.
    func range(of total: Int) -> Range<Int> {
        let base = total / count, extra = total % count
        let start = index * base + min(index, extra)
        return start..<(start + base + (index < extra ? 1 : 0))
    }

    /// `k/N`.
    var description: String { "\(index)/\(count)" }
}

/// Why `--shard` cannot be read.
struct ShardSpecError: Error {
    var message: String
    init(_ message: String) { self.message = message }
}
