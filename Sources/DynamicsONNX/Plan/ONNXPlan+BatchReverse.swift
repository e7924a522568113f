import Dynamics

extension ONNXPlan {
    /// The first output at every row of `states`, `rows × dimension` values.
    @_specialize(where S == Double)
    @_specialize(where S == Float)
    func batchEvaluate<S: BLASScalar>(_ states: UnsafeBufferPointer<S>, rows: Int, input: [Double], into values: UnsafeMutableBufferPointer<S>) {
        let forward = batchForward(states, rows: rows, input: input)
        let (output, stride) = (forward.values[outputSlot], forward.strides[outputSlot])
        for r in 0..<rows { for i in 0..<dimension { values[r * dimension + i] = output[r * stride + i] } }
    }

    /// Row r of `products` receives u_rᵀ·∂F/∂x at state r: one forward pass over all rows, then the
    /// adjoints swept back through the instructions (reverse mode on the plan, matrix products as
    /// batched BLAS products).
    ///
    /// - Complexity: about twice the forward pass.
    @_specialize(where S == Double)
    @_specialize(where S == Float)
    func batchVectorJacobianProducts<S: BLASScalar>(
        _ states: UnsafeBufferPointer<S>, cotangents: UnsafeBufferPointer<S>, rows: Int, input: [Double],
        into products: UnsafeMutableBufferPointer<S>
    ) {
        let forward = batchForward(states, rows: rows, input: input)
        // Only slots with a row per state depend on the state; the others have no adjoint.
        var adjoints = [[S]](repeating: [], count: slots.count)
        func adjoint(_ slot: Int) -> Bool {
            guard forward.strides[slot] > 0 else { return false }
            if adjoints[slot].isEmpty { adjoints[slot] = [S](repeating: 0, count: rows * slots[slot].count) }
            return true
        }
        if adjoint(outputSlot) {
            for r in 0..<rows { for i in 0..<dimension { adjoints[outputSlot][r * dimension + i] += cotangents[r * dimension + i] } }
        }
        for instruction in instructions.reversed() {
            let out = instruction.output
            guard !adjoints[out].isEmpty else { continue }
            let g = adjoints[out], count = slots[out].count
            switch instruction {
            case let .unary(operation, input, _):
                guard adjoint(input) else { continue }
                let x = forward.values[input]
                for k in 0..<(rows * count) { adjoints[input][k] += g[k] * S(operation.derivative(at: Double(x[k]))) }
            case let .binary(operation, lhs, rhs, _, lhsIndex, rhsIndex):
                let (a, b, sa, sb) = (forward.values[lhs], forward.values[rhs], forward.strides[lhs], forward.strides[rhs])
                let (left, right) = (adjoint(lhs), adjoint(rhs))
                for r in 0..<rows {
                    for i in 0..<count {
                        let (ia, ib) = (r * sa + (lhsIndex?[i] ?? i), r * sb + (rhsIndex?[i] ?? i))
                        let (da, db) = operation.partials(at: Double(a[ia]), Double(b[ib]))
                        if left { adjoints[lhs][ia] += g[r * count + i] * S(da) }
                        if right { adjoints[rhs][ib] += g[r * count + i] * S(db) }
                    }
                }
            case let .gather(sources, from, index, _):
                let live = sources.map { adjoint($0) }
                for r in 0..<rows {
                    for i in 0..<count where live[from[i]] {
                        let source = sources[from[i]]
                        adjoints[source][r * forward.strides[source] + index[i]] += g[r * count + i]
                    }
                }
            case let .sum(input, terms, offsets, _):
                guard adjoint(input) else { continue }
                let stride = forward.strides[input]
                for r in 0..<rows {
                    for i in 0..<count { for term in offsets[i]..<offsets[i + 1] { adjoints[input][r * stride + terms[term]] += g[r * count + i] } }
                }
            case let .matmul(lhs, rhs, _, shape):
                let (m, k, n) = (shape.m, shape.k, shape.n)
                // Ā += C̄·Bᵀ and B̄ += Aᵀ·C̄, block by block.
                if adjoint(lhs) {
                    Self.products(
                        a: g, strideA: count, b: forward.values[rhs], strideB: forward.strides[rhs], c: &adjoints[lhs], strideC: slots[lhs].count,
                        shape: MatmulShape(m: m, k: n, n: k, blocks: shape.blocks.map { (lhs: $0.output, rhs: $0.rhs, output: $0.lhs) }),
                        rows: rows, transposeA: false, transposeB: true)
                }
                if adjoint(rhs) {
                    Self.products(
                        a: forward.values[lhs], strideA: forward.strides[lhs], b: g, strideB: count, c: &adjoints[rhs], strideC: slots[rhs].count,
                        shape: MatmulShape(m: k, k: m, n: n, blocks: shape.blocks.map { (lhs: $0.lhs, rhs: $0.output, output: $0.rhs) }),
                        rows: rows, transposeA: true, transposeB: false)
                }
            }
        }
        let result = adjoints[stateSlot]
        for k in 0..<(rows * dimension) { products[k] = result.isEmpty ? 0 : result[k] }
    }
}
