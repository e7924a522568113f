import Dynamics

/// The plan on many states at once: every value holds one row per state (constants and the fixed
/// input one row for all), and matrix products with a weight matrix run as one BLAS product over all
/// rows, as the hand-written cells' kernels do.
extension ONNXPlan {
    /// The values of every slot after a batched forward pass, and each slot's row stride (0 for a slot
    /// shared by all rows).
    struct BatchValues<S: BLASScalar> {
        var values: [[S]]
        var strides: [Int]
    }

    /// All slots at `rows` states (row-major, `dimension` values each) under the one `input`.
    ///
    /// - Complexity: the instructions once, each matrix product one BLAS call when its lhs is a row
    ///   vector (or its rhs a column vector) per state.
    @_specialize(where S == Double)
    @_specialize(where S == Float)
    func batchForward<S: BLASScalar>(_ states: UnsafeBufferPointer<S>, rows: Int, input: [Double]) -> BatchValues<S> {
        var batch = BatchValues<S>(values: [[S]](repeating: [], count: slots.count), strides: [Int](repeating: 0, count: slots.count))
        for (slot, info) in slots.enumerated() {
            if let constant = info.constant { batch.values[slot] = S.self == Double.self ? unsafeBitCast(constant, to: [S].self) : constant.map { S($0) } }
        }
        batch.values[stateSlot] = Array(states)
        batch.strides[stateSlot] = dimension
        if let inputSlot { batch.values[inputSlot] = input.map { S($0) } }
        for instruction in instructions { batchExecute(instruction, rows: rows, batch: &batch) }
        return batch
    }

    /// One instruction on every row; the output gets one row per state, or one row for all when
    /// every operand is shared (a function of the fixed input alone).
    @_specialize(where S == Double)
    @_specialize(where S == Float)
    private func batchExecute<S: BLASScalar>(_ instruction: Instruction, rows allRows: Int, batch: inout BatchValues<S>) {
        let shared = instruction.operands.allSatisfy { batch.strides[$0] == 0 }
        let rows = shared ? 1 : allRows
        defer { batch.strides[instruction.output] = shared ? 0 : slots[instruction.output].count }
        switch instruction {
        case let .unary(operation, input, output):
            let (x, stride, count) = (batch.values[input], batch.strides[input], slots[output].count)
            batch.values[output] = (0..<(rows * count)).map { k in operation(x[(k / count) * stride + k % count]) }
        case let .binary(operation, lhs, rhs, output, lhsIndex, rhsIndex):
            let (a, b) = (batch.values[lhs], batch.values[rhs])
            let (sa, sb, count) = (batch.strides[lhs], batch.strides[rhs], slots[output].count)
            var out = [S](repeating: 0, count: rows * count)
            for r in 0..<rows {
                for i in 0..<count { out[r * count + i] = operation(a[r * sa + (lhsIndex?[i] ?? i)], b[r * sb + (rhsIndex?[i] ?? i)]) }
            }
            batch.values[output] = out
        case let .gather(sources, from, index, output):
            let count = from.count
            var out = [S](repeating: 0, count: rows * count)
            for r in 0..<rows {
                for i in 0..<count {
                    let source = sources[from[i]]
                    out[r * count + i] = batch.values[source][r * batch.strides[source] + index[i]]
                }
            }
            batch.values[output] = out
        case let .sum(input, terms, offsets, output):
            let (x, stride, count) = (batch.values[input], batch.strides[input], offsets.count - 1)
            var out = [S](repeating: 0, count: rows * count)
            for r in 0..<rows {
                for i in 0..<count { for term in offsets[i]..<offsets[i + 1] { out[r * count + i] += x[r * stride + terms[term]] } }
            }
            batch.values[output] = out
        case let .matmul(lhs, rhs, output, shape):
            var out = [S](repeating: 0, count: rows * slots[output].count)
            Self.products(
                a: batch.values[lhs], strideA: batch.strides[lhs], b: batch.values[rhs], strideB: batch.strides[rhs],
                c: &out, strideC: slots[output].count, shape: shape, rows: rows, transposeA: false, transposeB: false)
            batch.values[output] = out
        }
    }

    /// C_r += op(A_r)·op(B_r) for every row r and block, where row r of an operand starts at r × its
    /// stride (0: shared). With one shared operand and a row vector (or column vector) per state, all
    /// rows are one product: [A_0; A_1; ...]·B, or (B·[a_0 a_1 ...])ᵀ.
    @_specialize(where S == Double)
    @_specialize(where S == Float)
    static func products<S: BLASScalar>(
        a: [S], strideA: Int, b: [S], strideB: Int, c: inout [S], strideC: Int, shape: MatmulShape, rows: Int,
        transposeA: Bool, transposeB: Bool
    ) {
        // Sizes of op(A) (m × k) and op(B) (k × n); the stored layouts follow from the transposes.
        let (m, k, n) = (shape.m, shape.k, shape.n)
        guard m * n * k > 0 else { return }
        let (lda, ldb) = (transposeA ? m : k, transposeB ? k : n)
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                c.withUnsafeMutableBufferPointer { c in
                    let (pa, pb, pc) = (a.baseAddress!, b.baseAddress!, c.baseAddress!)
                    for block in shape.blocks {
                        if strideB == 0, m == 1, !transposeA, rows > 1 {
                            // Row vectors times a shared matrix: one product with A's leading dimension its stride.
                            S.gemm(transposeA: false, transposeB: transposeB, m: rows, n: n, k: k, alpha: 1, a: pa + block.lhs, lda: strideA,
                                   b: pb + block.rhs, ldb: ldb, beta: 1, c: pc + block.output, ldc: strideC)
                        } else if strideA == 0, n == 1, !transposeB, rows > 1 {
                            // A shared matrix times column vectors: Cᵀ = [b_0 b_1 ...]ᵀ·op(A)ᵀ.
                            S.gemm(transposeA: false, transposeB: !transposeA, m: rows, n: m, k: k, alpha: 1, a: pb + block.rhs, lda: strideB,
                                   b: pa + block.lhs, ldb: lda, beta: 1, c: pc + block.output, ldc: strideC)
                        } else {
                            for r in 0..<rows {
                                S.gemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: 1,
                                       a: pa + r * strideA + block.lhs, lda: lda, b: pb + r * strideB + block.rhs, ldb: ldb,
                                       beta: 1, c: pc + r * strideC + block.output, ldc: n)
                            }
                        }
                    }
                }
            }
        }
    }
}

extension ONNXPlan.Instruction {
    /// The slot this instruction writes.
    var output: Int {
        switch self {
        case let .unary(_, _, output), let .binary(_, _, _, output, _, _), let .gather(_, _, _, output), let .sum(_, _, _, output),
            let .matmul(_, _, output, _):
            return output
        }
    }
}
