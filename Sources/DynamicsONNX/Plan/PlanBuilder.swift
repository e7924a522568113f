/// Builds an ``ONNXPlan``: allocates slots, emits primitives, and evaluates at once every primitive
/// whose operands are all constant (so weight transposes, shape arithmetic and index computations
/// never reach the plan).
struct PlanBuilder {
    /// The most elements any value of a graph may have (2²⁴): enough for weights of a 4096-unit
    /// cell, and it keeps a small hostile file from asking for gigabytes of index maps.
    static let elementLimit = 1 << 24

    private(set) var slots: [ONNXPlan.Slot] = []
    private(set) var instructions: [ONNXPlan.Instruction] = []

    /// A new constant slot.
    mutating func constant(_ values: [Double], shape: [Int], isInteger: Bool = false) -> Int {
        precondition(values.count == shape.reduce(1, *), "constant: \(values.count) values for shape \(shape)")
        slots.append(.init(shape: shape, constant: values, isInteger: isInteger))
        return slots.count - 1
    }

    /// A new slot without values (a graph input).
    mutating func variable(shape: [Int]) -> Int {
        slots.append(.init(shape: shape, constant: nil, isInteger: false))
        return slots.count - 1
    }

    /// The shape of `slot`.
    func shape(_ slot: Int) -> [Int] { slots[slot].shape }
    /// The values of `slot` if known while compiling.
    func constantValues(_ slot: Int) -> [Double]? { slots[slot].constant }
    /// Whether `slot` holds integers.
    func isInteger(_ slot: Int) -> Bool { slots[slot].isInteger }

    /// Appends `instruction` writing a new slot of `shape`, or evaluates it now when every operand is
    /// constant. Returns the output slot.
    mutating func emit(shape: [Int], isInteger: Bool = false, _ make: (Int) -> ONNXPlan.Instruction) -> Int {
        let output = variable(shape: shape)
        slots[output].isInteger = isInteger
        let instruction = make(output)
        if instruction.operands.allSatisfy({ slots[$0].constant != nil }) {
            let plan = ONNXPlan(slots: slots, instructions: [], stateSlot: output, inputSlot: nil, outputSlot: output)
            var values = [[Double]](repeating: [], count: slots.count)
            plan.execute(instruction, on: &values)
            var result = values[output]
            if isInteger { result = result.map { $0.rounded(.towardZero) } }
            slots[output].constant = result
        } else {
            instructions.append(instruction)
        }
        return output
    }

    /// An elementwise operation on one slot.
    mutating func unary(_ operation: UnaryOperation, _ input: Int) -> Int {
        if operation == .identity { return input }
        return emit(shape: shape(input), isInteger: isInteger(input) && operation == .negate) { .unary(operation, input: input, output: $0) }
    }

    /// A broadcasting elementwise operation; nil when the shapes do not broadcast.
    mutating func binary(_ operation: BinaryOperation, _ lhs: Int, _ rhs: Int) -> Int? {
        guard let layout = Broadcast(shape(lhs), shape(rhs)) else { return nil }
        let integer = isInteger(lhs) && isInteger(rhs)
        return emit(shape: layout.shape, isInteger: integer) {
            .binary(operation, lhs: lhs, rhs: rhs, output: $0, lhsIndex: layout.lhsIndex, rhsIndex: layout.rhsIndex)
        }
    }

    /// A new slot of `shape` whose element i is element `index[i]` of source `from[i]`.
    mutating func gather(_ sources: [Int], from: [Int], index: [Int], shape: [Int]) -> Int {
        // A single source read in order with the same number of elements is that source reshaped.
        if sources.count == 1, index.count == slots[sources[0]].count, index.elementsEqual(0..<index.count) {
            return reshaped(sources[0], to: shape)
        }
        return emit(shape: shape, isInteger: sources.allSatisfy { isInteger($0) }) {
            .gather(sources: sources, from: from, index: index, output: $0)
        }
    }

    /// `slot` with another shape of the same size (no instruction: the values are shared).
    mutating func reshaped(_ slot: Int, to shape: [Int]) -> Int {
        if self.shape(slot) == shape { return slot }
        if let values = constantValues(slot) { return constant(values, shape: shape, isInteger: isInteger(slot)) }
        return emit(shape: shape) { .gather(sources: [slot], from: [Int](repeating: 0, count: shape.reduce(1, *)), index: Array(0..<shape.reduce(1, *)), output: $0) }
    }

    /// Marks `slot` as holding integers (a Cast to an integer type of a constant).
    mutating func markInteger(_ slot: Int) -> Int {
        guard let values = constantValues(slot) else { return slot }
        return constant(values.map { $0.rounded(.towardZero) }, shape: shape(slot), isInteger: true)
    }
}

extension ONNXPlan.Instruction {
    /// The slots this instruction reads.
    var operands: [Int] {
        switch self {
        case let .unary(_, input, _): return [input]
        case let .binary(_, lhs, rhs, _, _, _): return [lhs, rhs]
        case let .gather(sources, _, _, _): return sources
        case let .sum(input, _, _, _): return [input]
        case let .matmul(lhs, rhs, _, _): return [lhs, rhs]
        }
    }
}

/// NumPy broadcasting of two shapes: the result's shape and, for each operand whose shape differs
/// from it, the element each output element reads.
struct Broadcast {
    var shape: [Int]
    var lhsIndex: [Int]?
    var rhsIndex: [Int]?

    /// Nil when a pair of aligned dimensions differ and neither is 1, or when the result would exceed
    /// ``PlanBuilder/elementLimit`` elements.
    init?(_ a: [Int], _ b: [Int]) {
        let rank = max(a.count, b.count)
        let pa = [Int](repeating: 1, count: rank - a.count) + a, pb = [Int](repeating: 1, count: rank - b.count) + b
        var shape: [Int] = []
        for (x, y) in zip(pa, pb) {
            guard x == y || x == 1 || y == 1 else { return nil }
            shape.append(x == 1 ? y : x)
        }
        guard shape.elementCount <= PlanBuilder.elementLimit else { return nil }
        self.shape = shape
        lhsIndex = pa == shape ? nil : Broadcast.indices(of: pa, in: shape)
        rhsIndex = pb == shape ? nil : Broadcast.indices(of: pb, in: shape)
    }

    /// For each element of `shape` (row-major), the element of `source` (same rank, dimensions 1 or
    /// equal) it reads.
    static func indices(of source: [Int], in shape: [Int]) -> [Int] {
        let sourceStrides = strides(source)
        return (0..<shape.reduce(1, *)).map { flat in
            var remainder = flat, index = 0
            for axis in stride(from: shape.count - 1, through: 0, by: -1) {
                let coordinate = remainder % shape[axis]
                remainder /= shape[axis]
                if source[axis] != 1 { index += coordinate * sourceStrides[axis] }
            }
            return index
        }
    }

    /// Row-major strides of `shape`.
    static func strides(_ shape: [Int]) -> [Int] {
        var strides = [Int](repeating: 1, count: shape.count)
        for axis in stride(from: shape.count - 2, through: 0, by: -1) { strides[axis] = strides[axis + 1] * shape[axis + 1] }
        return strides
    }
}

extension Array where Element == Int {
    /// The product of the dimensions, `Int.max` when it overflows (shapes from a file may be hostile).
    var elementCount: Int {
        reduce(1) { product, dimension in
            let (result, overflow) = product.multipliedReportingOverflow(by: dimension)
            return overflow ? Int.max : result
        }
    }

    /// The product of the nonzero dimensions (`Int.max` on overflow): what the structural operators'
    /// per-axis index lists and loops cost. It is the element count unless a zero dimension leaves the
    /// value empty, when the other dimensions may still be huge ([0, 2⁴⁰] in a 16-byte shape).
    var extent: Int { filter { $0 != 0 }.elementCount }

    /// Whether a value of this shape is refused: empty, but with nonzero dimensions multiplying past
    /// ``PlanBuilder/elementLimit``, the operators' bound on the values they make.
    var isEmptyButTooWide: Bool { elementCount == 0 && extent > PlanBuilder.elementLimit }
}
