extension SlowPointFinder {
    /// Refinement with the Jacobians of certified attractors shared among the waiting candidates
    /// (``SlowPointOptions/sharesCertifiedJacobians``): rounds of 8 candidates in index order refined
    /// in full (dense or matrix-free), then a batched chord pass from each new certified attractor.
    ///
    /// The schedule depends only on the results, never on which thread finished first, so the output
    /// is the same for any thread count.
    ///
    /// - Complexity: per round 8 full refinements; per chord pass one dense Jacobian, an O(n³)
    ///   inverse, and per iteration one batched residual and one gemm over the waiting candidates.
    @inlinable
    func refineSharingJacobians(_ states: [[Double]], matrixFree: Bool, progress: PhaseProgress) -> [SlowPoint] {
        let round = 8
        var results = [SlowPoint?](repeating: nil, count: states.count)
        var waiting = Array(states.indices)
        var anchors: [[Double]] = []
        var sharing = true
        while !waiting.isEmpty {
            let batch = Array(waiting.prefix(sharing ? round : waiting.count))
            waiting.removeFirst(batch.count)
            var refined = [SlowPoint?](repeating: nil, count: batch.count)
            refined.withUnsafeMutableBufferPointer { slots in
                let output = UncheckedSendableBuffer(slots)
                forEachIndex(batch.count, parallel: options.parallel) { k in
                    output.buffer[k] = matrixFree ? refinePointMatrixFree(states[batch[k]], index: batch[k]) : refinePoint(states[batch[k]], index: batch[k])
                    progress.advance()
                }
            }
            for (index, point) in zip(batch, refined) { results[index] = point }
            for point in refined.map({ $0! }) where sharing && !waiting.isEmpty && point.isFixedPoint && point.conditionNumber.isFinite {
                // One pass per distinct point.
                if anchors.contains(where: { options.isSameFixedPoint($0, point.state) }) { continue }
                anchors.append(point.state)
                // Only attractors lend their Jacobian: candidates recorded near one converge onto it by
                // the dynamics as well, while a saddle's linearization would also pull in candidates
                // that Newton takes to other saddles.
                // The Jacobian at the anchor, formed once for the verdict and the chord pass. Above the
                // dense threshold the leading eigenvalue decides it at a fraction of the cost (by
                // Jacobian-vector products on dual numbers when refinement is matrix-free, else by
                // products with the Jacobian formed).
                let jacobian = matrixFree ? nil : system.jacobian(at: point.state)
                let stable: Bool?
                if let jacobian {
                    stable = system.dimension > RefinementMethod.matrixFreeThreshold
                        ? (try? LeadingSpectrum(jacobian: jacobian, timeDomain: System.timeDomain, count: 1))?.isStable
                        : (try? EigenDecomposition.eigenvalues(of: jacobian)).map { values in
                            values.allSatisfy { System.timeDomain == .discrete ? $0.length < 1 : $0.real < 0 }
                        }
                } else {
                    stable = (try? LeadingSpectrum(system, at: point.state, count: 1))?.isStable
                }
                guard stable == true else { continue }
                let (fast, slow) = chordPass(
                    onto: point, jacobian: jacobian ?? system.jacobian(at: point.state), from: waiting.map { states[$0] }, indices: waiting)
                var resolved = fast
                // Slow contractors are kept only if a sample of them, refined in full, all land on
                // the anchor too; otherwise they wait for refinement of their own.
                let sample = stride(from: 0, to: slow.count, by: Swift.max(1, slow.count / 8)).prefix(8).map { slow[$0].candidateIndex }
                var checked = [SlowPoint?](repeating: nil, count: sample.count)
                checked.withUnsafeMutableBufferPointer { slots in
                    let output = UncheckedSendableBuffer(slots)
                    forEachIndex(sample.count, parallel: options.parallel) { k in
                        output.buffer[k] = matrixFree ? refinePointMatrixFree(states[sample[k]], index: sample[k]) : refinePoint(states[sample[k]], index: sample[k])
                    }
                }
                let confirmed = checked.allSatisfy { $0!.isFixedPoint && options.isSameFixedPoint($0!.state, point.state) }
                resolved += confirmed ? slow.filter { !sample.contains($0.candidateIndex) } : []
                resolved += checked.map { $0! }
                for resolvedPoint in resolved { results[resolvedPoint.candidateIndex] = resolvedPoint }
                progress.advance(by: resolved.count)
                let tried = waiting.count
                let done = Set(resolved.map(\.candidateIndex))
                waiting.removeAll { done.contains($0) }
                if resolved.count * 20 < tried { sharing = false }
            }
        }
        return results.map { $0! }
    }

    /// The chord iteration x ← x − ∂G(x*)⁻¹·G(x) on `starts`, batched, with ∂G(x*) from `jacobian`,
    /// the system's Jacobian at the anchor: the points it carries onto the
    /// certified `anchor` (residual at most 0.9 of the previous one at every step, certified and the
    /// same point by ``SlowPointOptions/isSameFixedPoint(_:_:)``), each with its own state, residual and iteration count; `fast`
    /// those that contracted by 0.65 or better at every step, `slow` the others.
    ///
    /// 0.65 is measured: accepting 0.8 unchecked carried, in 1 of 240 random Hopfield networks, the
    /// candidates of another attractor onto x*; but a third of an LSTM's sampled candidates contract at
    /// only 0.65 to 0.9 per chord step, and full Newton for them cost 4x the whole search at H = 128.
    /// So the slow ones come back separately, for the caller to check a sample of.
    ///
    /// - Complexity: one O(n³) inverse, then per iteration one batched residual and one
    ///   O(rows·n²) gemm, at most 200 iterations.
    @inlinable
    func chordPass(onto anchor: SlowPoint, jacobian: Matrix, from starts: [[Double]], indices: [Int]) -> (fast: [SlowPoint], slow: [SlowPoint]) {
        let n = system.dimension
        // ∂G/∂x = J − I for a map, J for a flow.
        var residualJacobian = jacobian
        if System.timeDomain == .discrete { for i in 0..<n { residualJacobian[i, i] -= 1 } }
        guard let inverse = try? residualJacobian.solve(Matrix.identity(n)) else { return ([], []) }
        var active = Array(starts.indices)
        var x = Matrix(rows: starts.count, columns: n, elements: starts.flatMap { $0 })
        var previous = [Double](repeating: .infinity, count: starts.count)
        var worstRatio = [Double](repeating: 0, count: starts.count)
        var (fast, slow): ([SlowPoint], [SlowPoint]) = ([], [])
        for iteration in 0...200 where !active.isEmpty {
            let residuals = byRowBlocks(x) { system.fixedPointResiduals($0) }
            var kept: [Int] = []
            for (row, start) in active.enumerated() {
                let state = x.row(row), g = residuals.row(row)
                let norm = euclideanNorm(g)
                if isCertified(residual: norm, at: state) {
                    if options.isSameFixedPoint(state, anchor.state) {
                        let point = SlowPoint(
                            state: state, candidateIndex: indices[start], candidateIndices: [indices[start]], residual: norm,
                            loss: norm * norm / Double(Swift.max(n, 1)), iterations: iteration, outcome: .certified,
                            conditionNumber: anchor.conditionNumber)
                        if worstRatio[start] <= 0.65 { fast.append(point) } else { slow.append(point) }
                    }
                    continue
                }
                // Contraction by 0.9 or better at every step, or the candidate goes to full Newton.
                if norm.isFinite && norm <= 0.9 * previous[start] && iteration < 200 {
                    if previous[start].isFinite { worstRatio[start] = Swift.max(worstRatio[start], norm / previous[start]) }
                    previous[start] = norm
                    kept.append(row)
                }
            }
            if kept.isEmpty { break }
            // x ← x − G·(∂G⁻¹)ᵀ over the kept rows.
            var next = Matrix(rows: kept.count, columns: n)
            var step = Matrix(rows: kept.count, columns: n)
            for (k, row) in kept.enumerated() {
                next.elements.replaceSubrange((k * n)..<((k + 1) * n), with: x.elements[(row * n)..<((row + 1) * n)])
                step.elements.replaceSubrange((k * n)..<((k + 1) * n), with: residuals.elements[(row * n)..<((row + 1) * n)])
            }
            let delta = byRowBlocks(step) { block in
                var product = Matrix(rows: block.rows, columns: n)
                Matrix.multiply(block, inverse, transposeB: true, into: &product)
                return product
            }
            next.elements.withUnsafeMutableBufferPointer { x in
                delta.elements.withUnsafeBufferPointer { d in for k in x.indices { x[k] -= d[k] } }
            }
            active = kept.map { active[$0] }
            x = next
        }
        return (fast, slow)
    }

    /// `body` on blocks of at most 256 rows of `rows`, in parallel when `options.parallel`, the results
    /// (as many columns as `rows` has) stacked in order. The blocks depend only on the row count, never on
    /// the thread count, so neither does any row's result.
    ///
    /// - Complexity: that of `body` on all rows, spread over the cores; one copy of each block.
    @inlinable
    func byRowBlocks(_ rows: Matrix, _ body: (Matrix) -> Matrix) -> Matrix {
        let (block, columns) = (256, rows.columns)
        let count = (rows.rows + block - 1) / block
        if count <= 1 { return body(rows) }
        var result = Matrix(rows: rows.rows, columns: columns)
        result.elements.withUnsafeMutableBufferPointer { out in
            let output = UncheckedSendableBuffer(out)
            forEachIndex(count, parallel: options.parallel) { b in
                let (first, last) = (b * block, Swift.min(rows.rows, (b + 1) * block))
                let part = body(Matrix(rows: last - first, columns: columns, elements: Array(rows.elements[(first * columns)..<(last * columns)])))
                part.elements.withUnsafeBufferPointer { values in
                    for k in values.indices { output.buffer[first * columns + k] = values[k] }
                }
            }
        }
        return result
    }
}
