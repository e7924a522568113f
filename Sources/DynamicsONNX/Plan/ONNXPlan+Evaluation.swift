import Dynamics

extension ONNXPlan {
    /// The graph's first output at `state` and `input`, in any scalar.
    ///
    /// Matrix products run on BLAS in `Double`; in the other scalars a constant operand (a weight
    /// matrix) is read in place, never converted as a whole.
    ///
    /// - Complexity: one pass over the instructions, O(weights) per call.
    @_specialize(where T == Double)
    @_specialize(where T == Float)
    @_specialize(where T == Dual<1>)
    @_specialize(where T == Dual<8>)
    @_specialize(where T == TapeScalar)
    func evaluate<T: DynamicsScalar>(state: [T], input: [T]) -> [T] {
        var values = [[T]](repeating: [], count: slots.count)
        values[stateSlot] = state
        if let inputSlot { values[inputSlot] = input }
        for instruction in instructions { execute(instruction, on: &values) }
        return self.values(of: outputSlot, in: &values)
    }

    /// The values of `slot`: computed already, or its constant converted (once per evaluation).
    func values<T: DynamicsScalar>(of slot: Int, in values: inout [[T]]) -> [T] {
        if values[slot].count != slots[slot].count, let constant = slots[slot].constant {
            values[slot] = T.self == Double.self ? unsafeBitCast(constant, to: [T].self) : constant.map { T($0) }
        }
        return values[slot]
    }

    /// Runs one instruction, writing its output slot.
    func execute<T: DynamicsScalar>(_ instruction: Instruction, on values: inout [[T]]) {
        switch instruction {
        case let .unary(operation, input, output):
            values[output] = self.values(of: input, in: &values).map { operation($0) }
        case let .binary(operation, lhs, rhs, output, lhsIndex, rhsIndex):
            let a = self.values(of: lhs, in: &values), b = self.values(of: rhs, in: &values)
            let count = slots[output].count
            values[output] = (0..<count).map { i in operation(a[lhsIndex?[i] ?? i], b[rhsIndex?[i] ?? i]) }
        case let .gather(sources, from, index, output):
            let inputs = sources.map { self.values(of: $0, in: &values) }
            values[output] = (0..<from.count).map { inputs[from[$0]][index[$0]] }
        case let .sum(input, terms, offsets, output):
            let x = self.values(of: input, in: &values)
            values[output] = (0..<(offsets.count - 1)).map { i in
                var total = T(0)
                for term in offsets[i]..<offsets[i + 1] { total += x[terms[term]] }
                return total
            }
        case let .matmul(lhs, rhs, output, shape):
            values[output] = product(lhs: lhs, rhs: rhs, output: output, shape: shape, values: &values)
        }
    }

    /// The blocks of lhs·rhs. A constant operand stays in `Double` and is read in place.
    func product<T: DynamicsScalar>(lhs: Int, rhs: Int, output: Int, shape: MatmulShape, values: inout [[T]]) -> [T] {
        let (m, k, n) = (shape.m, shape.k, shape.n)
        var result = [T](repeating: T(0), count: slots[output].count)
        if T.self == Double.self {
            let a = unsafeBitCast(self.values(of: lhs, in: &values), to: [Double].self)
            let b = unsafeBitCast(self.values(of: rhs, in: &values), to: [Double].self)
            var c = [Double](repeating: 0, count: result.count)
            a.withUnsafeBufferPointer { a in
                b.withUnsafeBufferPointer { b in
                    c.withUnsafeMutableBufferPointer { c in
                        for block in shape.blocks where m * n * k > 0 {
                            Double.gemm(
                                transposeA: false, transposeB: false, m: m, n: n, k: k, alpha: 1, a: a.baseAddress! + block.lhs, lda: k,
                                b: b.baseAddress! + block.rhs, ldb: n, beta: 0, c: c.baseAddress! + block.output, ldc: n)
                        }
                    }
                }
            }
            return unsafeBitCast(c, to: [T].self)
        }
        // Row i of C accumulates a[i, l]·B[l, :]: B is read row by row.
        let constantA = slots[lhs].constant, constantB = slots[rhs].constant
        let a = constantA == nil ? self.values(of: lhs, in: &values) : []
        let b = constantB == nil ? self.values(of: rhs, in: &values) : []
        for block in shape.blocks {
            for i in 0..<m {
                let row = block.output + i * n
                for l in 0..<k {
                    let aValue = constantA.map { T($0[block.lhs + i * k + l]) } ?? a[block.lhs + i * k + l]
                    let bRow = block.rhs + l * n
                    if let constantB {
                        for j in 0..<n { result[row + j] += aValue * T(constantB[bRow + j]) }
                    } else {
                        for j in 0..<n { result[row + j] += aValue * b[bRow + j] }
                    }
                }
            }
        }
        return result
    }
}
