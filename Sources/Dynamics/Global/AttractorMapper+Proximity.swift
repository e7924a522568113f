extension AttractorMapper {
    /// Proximity labels for a system with a batched kernel: fixed blocks of 1024 initial conditions
    /// advance together, one batched evaluation (a gemm for a network) per step, until every row is
    /// labelled. Blocks depend on the count only, so labels do not depend on the thread count.
    func proximityLabels<Batch: BatchKernelSystem>(_ batched: Batch, count: Int, state: (Int, inout [Double]) -> Void) -> [Int] {
        let n = system.dimension
        let blocks = BlockPartition(rows: count, maximumBlockRows: 1024)
        var labels = [Int](repeating: 0, count: count)
        labels.withUnsafeMutableBufferPointer { slots in
            let output = UncheckedSendableBuffer(slots)
            forEachIndex(blocks.count, parallel: options.parallel) { block in
                let (low, rows) = blocks.range(of: block)
                var x = [Double](repeating: 0, count: rows * n)
                var next = x
                var row = [Double](repeating: 0, count: n)
                for r in 0..<rows {
                    state(low + r, &row)
                    for i in 0..<n { x[r * n + i] = row[i] }
                }
                var decided = [Bool](repeating: false, count: rows)
                var undecided = rows
                for _ in 0...options.maximumSteps where undecided > 0 {
                    for r in 0..<rows where !decided[r] {
                        for i in 0..<n { row[i] = x[r * n + i] }
                        var label = -1
                        if hasDiverged(row) { label = 0 }
                        search: for (k, states) in known.enumerated() {
                            for state in states where distance(row, state) <= options.radius {
                                label = k + 1
                                break search
                            }
                        }
                        if label >= 0 {
                            output.buffer[low + r] = label
                            decided[r] = true
                            undecided -= 1
                        }
                    }
                    if undecided == 0 { break }
                    x.withUnsafeBufferPointer { xs in next.withUnsafeMutableBufferPointer { batched.evaluateBatch(xs, rows: rows, into: $0) } }
                    swap(&x, &next)
                }
            }
        }
        return labels
    }

    /// One trajectory against the known attractors: the first within the radius, or 0.
    func runProximity(from start: [Double], workspace: inout OrbitSampler.Workspace) -> Int {
        var x = start
        let radius = options.radius
        for _ in 0...options.maximumSteps {
            for (k, states) in known.enumerated() {
                for state in states where distance(x, state) <= radius { return k + 1 }
            }
            if hasDiverged(x) { return 0 }
            sampler.advance(&x, workspace: &workspace)
        }
        return 0
    }
}
