import Dynamics

extension ONNXPlan {
    /// The derivative of one slot along every seeded direction.
    enum Tangent {
        /// Independent of the seeds (constants).
        case zero
        /// Element r of the slot is seed `offset + r` itself (the state, the input): the identity,
        /// never formed.
        case seeded(offset: Int)
        /// count × directions, row-major.
        case dense([Double])
    }

    /// The exact Jacobian of the first output with respect to the state (columns `0..<n`) and, when
    /// `includingInput`, the input (columns `n..<n + m`): forward mode with every direction at once,
    /// each slot carrying a matrix of partial derivatives.
    ///
    /// Local derivatives of the elementwise operations come from the operations themselves on
    /// ``Dual``; matrix products propagate by BLAS products, and a product of a weight matrix with the
    /// state itself is the weight matrix, copied. For a recurrent cell of H units this costs
    /// O(H²) per elementwise operation, like an analytic Jacobian, instead of the H/8 passes of
    /// `Dual<8>`.
    ///
    /// - Complexity: O(Σ slot sizes × directions) plus one product per weight matrix applied to a
    ///   non-seed value.
    func jacobian(state: [Double], input: [Double], includingInput: Bool) -> Matrix {
        let n = dimension
        let directions = includingInput ? n + inputCount : n
        var values = [[Double]](repeating: [], count: slots.count)
        var tangents = [Tangent](repeating: .zero, count: slots.count)
        values[stateSlot] = state
        tangents[stateSlot] = .seeded(offset: 0)
        if let inputSlot {
            values[inputSlot] = input
            if includingInput { tangents[inputSlot] = .seeded(offset: n) }
        }
        for instruction in instructions {
            execute(instruction, on: &values)
            propagate(instruction, values: &values, tangents: &tangents, directions: directions)
        }
        let rows = slots[outputSlot].count
        switch tangents[outputSlot] {
        case .zero: return Matrix(rows: rows, columns: directions)
        case let .dense(elements): return Matrix(rows: rows, columns: directions, elements: elements)
        case let .seeded(offset):
            var result = Matrix(rows: rows, columns: directions)
            for r in 0..<rows { result[r, offset + r] = 1 }
            return result
        }
    }

    /// Writes the output tangent of `instruction` from its operands' values and tangents.
    private func propagate(_ instruction: Instruction, values: inout [[Double]], tangents: inout [Tangent], directions d: Int) {
        switch instruction {
        case let .unary(operation, input, output):
            guard !tangents[input].isZero else { return }
            let x = self.values(of: input, in: &values)
            tangents[output] = .dense(Tangent.rows(x.count, directions: d) { i, row in
                tangents[input].accumulate(row: i, scale: operation.derivative(at: x[i]), into: row, directions: d)
            })
        case let .binary(operation, lhs, rhs, output, lhsIndex, rhsIndex):
            guard !(tangents[lhs].isZero && tangents[rhs].isZero) else { return }
            let a = self.values(of: lhs, in: &values), b = self.values(of: rhs, in: &values)
            tangents[output] = .dense(Tangent.rows(slots[output].count, directions: d) { i, row in
                let (ia, ib) = (lhsIndex?[i] ?? i, rhsIndex?[i] ?? i)
                let (da, db) = operation.partials(at: a[ia], b[ib])
                tangents[lhs].accumulate(row: ia, scale: da, into: row, directions: d)
                tangents[rhs].accumulate(row: ib, scale: db, into: row, directions: d)
            })
        case let .gather(sources, from, index, output):
            guard sources.contains(where: { !tangents[$0].isZero }) else { return }
            tangents[output] = .dense(Tangent.rows(from.count, directions: d) { i, row in
                tangents[sources[from[i]]].accumulate(row: index[i], scale: 1, into: row, directions: d)
            })
        case let .sum(input, terms, offsets, output):
            guard !tangents[input].isZero else { return }
            tangents[output] = .dense(Tangent.rows(offsets.count - 1, directions: d) { i, row in
                for term in offsets[i]..<offsets[i + 1] { tangents[input].accumulate(row: terms[term], scale: 1, into: row, directions: d) }
            })
        case let .matmul(lhs, rhs, output, shape):
            guard !(tangents[lhs].isZero && tangents[rhs].isZero) else { return }
            let a = self.values(of: lhs, in: &values), b = self.values(of: rhs, in: &values)
            var result = [Double](repeating: 0, count: slots[output].count * d)
            productTangent(a: a, b: b, ta: tangents[lhs], tb: tangents[rhs], shape: shape, directions: d, into: &result)
            tangents[output] = .dense(result)
        }
    }

    /// d(A·B) = dA·B + A·dB, block by block: for each row i of a block, dC_i (n × d) += Bᵀ·dA_i
    /// (one product) and dC_i += A_i·dB viewed as k × (n·d) (one product).
    private func productTangent(a: [Double], b: [Double], ta: Tangent, tb: Tangent, shape: MatmulShape, directions d: Int, into result: inout [Double]) {
        let (m, k, n) = (shape.m, shape.k, shape.n)
        guard m * n * k > 0 else { return }
        result.withUnsafeMutableBufferPointer { out in
            let c = out.baseAddress!
            a.withUnsafeBufferPointer { a in
                b.withUnsafeBufferPointer { b in
                    for block in shape.blocks {
                        for i in 0..<m {
                            let outRow = block.output + i * n
                            switch ta {
                            case .zero: break
                            case let .seeded(offset):
                                // dA is the identity: dC[i, j] gains B[l, j] in direction offset + (row of A[i, l]).
                                for l in 0..<k {
                                    let direction = offset + block.lhs + i * k + l
                                    for j in 0..<n { c[(outRow + j) * d + direction] += b[block.rhs + l * n + j] }
                                }
                            case let .dense(da):
                                da.withUnsafeBufferPointer { da in
                                    Double.gemm(
                                        transposeA: true, transposeB: false, m: n, n: d, k: k, alpha: 1, a: b.baseAddress! + block.rhs, lda: n,
                                        b: da.baseAddress! + (block.lhs + i * k) * d, ldb: d, beta: 1, c: c + outRow * d, ldc: d)
                                }
                            }
                            switch tb {
                            case .zero: break
                            case let .seeded(offset):
                                for l in 0..<k {
                                    let weight = a[block.lhs + i * k + l]
                                    for j in 0..<n { c[(outRow + j) * d + offset + block.rhs + l * n + j] += weight }
                                }
                            case let .dense(db):
                                db.withUnsafeBufferPointer { db in
                                    Double.gemm(
                                        transposeA: false, transposeB: false, m: 1, n: n * d, k: k, alpha: 1, a: a.baseAddress! + block.lhs + i * k, lda: k,
                                        b: db.baseAddress! + block.rhs * d, ldb: n * d, beta: 1, c: c + outRow * d, ldc: n * d)
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

extension ONNXPlan.Tangent {
    /// Whether the slot does not depend on the seeds.
    var isZero: Bool {
        if case .zero = self { return true }
        return false
    }

    /// Adds `scale` × row `r` of this tangent to `row` (d values).
    func accumulate(row r: Int, scale: Double, into row: UnsafeMutablePointer<Double>, directions d: Int) {
        switch self {
        case .zero: return
        case let .seeded(offset): row[offset + r] += scale
        case let .dense(matrix):
            guard scale != 0 else { return }
            matrix.withUnsafeBufferPointer { m in
                let source = m.baseAddress! + r * d
                for c in 0..<d { row[c] += scale * source[c] }
            }
        }
    }

    /// A count × d matrix, row i filled by `fill(i, row)` from zeros.
    static func rows(_ count: Int, directions d: Int, _ fill: (Int, UnsafeMutablePointer<Double>) -> Void) -> [Double] {
        var result = [Double](repeating: 0, count: count * d)
        result.withUnsafeMutableBufferPointer { buffer in
            for i in 0..<count { fill(i, buffer.baseAddress! + i * d) }
        }
        return result
    }
}
