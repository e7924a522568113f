/// The structural operators: each is an index map (a `gather` primitive), or a new shape of the
/// same values.
extension OperatorLowering {
    /// The elements of `slot` at every combination of `indices[axis]` (one list per axis).
    static func select(_ slot: Int, indices: [[Int]], builder: inout PlanBuilder) -> Int {
        let strides = Broadcast.strides(builder.shape(slot))
        var flat = [0]
        for (axis, list) in indices.enumerated() {
            flat = flat.flatMap { base in list.map { base + $0 * strides[axis] } }
        }
        return builder.gather([slot], from: [Int](repeating: 0, count: flat.count), index: flat, shape: indices.map(\.count))
    }

    /// Concat along `axis`.
    static func concat(_ node: NodeContext, builder: inout PlanBuilder) throws(ONNXError) -> Int {
        let parts = node.inputs.compactMap { $0 }
        guard let first = parts.first else { throw node.failure("needs at least one input") }
        let rank = builder.shape(first).count
        guard rank >= 1 else { throw node.failure("cannot concatenate scalars") }
        let axis = try node.axis(try node.int("axis", default: 0), rank: rank)
        var shape = builder.shape(first)
        shape[axis] = 0
        for part in parts {
            var other = builder.shape(part)
            guard other.count == rank else { throw node.failure("inputs have ranks \(rank) and \(other.count)") }
            shape[axis] += other[axis]
            other[axis] = shape[axis]
            guard other == shape else { throw node.failure("input shapes \(parts.map { builder.shape($0) }) differ outside axis \(axis)") }
        }
        guard shape.reduce(1, *) <= PlanBuilder.elementLimit else { throw node.failure("the result would exceed 2²⁴ elements") }
        let outer = shape[..<axis].reduce(1, *), inner = shape[(axis + 1)...].reduce(1, *)
        var from: [Int] = [], index: [Int] = []
        for o in 0..<outer {
            for (k, part) in parts.enumerated() {
                let size = builder.shape(part)[axis]
                for a in 0..<size {
                    for i in 0..<inner {
                        from.append(k)
                        index.append((o * size + a) * inner + i)
                    }
                }
            }
        }
        return builder.gather(parts, from: from, index: index, shape: shape)
    }

    /// Split along `axis` by the sizes of input 1, of the `split` attribute, or into equal parts.
    static func split(_ node: NodeContext, builder: inout PlanBuilder) throws(ONNXError) -> [Int] {
        let input = try node.input(0)
        let shape = builder.shape(input)
        let axis = try node.axis(try node.int("axis", default: 0), rank: shape.count)
        let outputs = node.node.output.count
        var sizes: [Int]
        if node.optionalInput(1) != nil {
            sizes = try node.constantInts(1, what: "split", builder: builder)
        } else if let attribute = try node.ints("split") {
            sizes = attribute
        } else {
            let parts = try node.int("num_outputs", default: outputs)
            guard parts >= 1 else { throw node.failure("num_outputs must be at least 1") }
            let size = (shape[axis] + parts - 1) / parts
            sizes = (0..<parts).map { min(size, max(0, shape[axis] - $0 * size)) }
        }
        guard sizes.allSatisfy({ $0 >= 0 && $0 <= shape[axis] }), sizes.reduce(0, +) == shape[axis], sizes.count == outputs else {
            throw node.failure("split sizes \(sizes) must be \(outputs) non-negative sizes adding up to \(shape[axis])")
        }
        var start = 0
        var results: [Int] = []
        for size in sizes {
            var indices = shape.map { Array(0..<$0) }
            indices[axis] = Array(start..<(start + size))
            results.append(select(input, indices: indices, builder: &builder))
            start += size
        }
        return results
    }

    /// Slice with constant starts, ends, axes and steps.
    static func slice(_ node: NodeContext, builder: inout PlanBuilder) throws(ONNXError) -> Int {
        let input = try node.input(0)
        let shape = builder.shape(input)
        let starts = try node.constantInts(1, what: "starts", builder: builder), ends = try node.constantInts(2, what: "ends", builder: builder)
        let axes = node.optionalInput(3) == nil ? Array(0..<starts.count) : try node.constantInts(3, what: "axes", builder: builder)
        let steps = node.optionalInput(4) == nil ? [Int](repeating: 1, count: starts.count) : try node.constantInts(4, what: "steps", builder: builder)
        guard ends.count == starts.count, axes.count == starts.count, steps.count == starts.count else {
            throw node.failure("starts, ends, axes and steps have different lengths")
        }
        var indices = shape.map { Array(0..<$0) }
        for (position, rawAxis) in axes.enumerated() {
            let axis = try node.axis(rawAxis, rank: shape.count)
            let size = shape[axis], step = steps[position]
            guard step != 0 else { throw node.failure("a step of 0") }
            func normalised(_ value: Int) -> Int { value < 0 ? (value == Int.min ? -1 : value + size) : value }
            var start = normalised(starts[position]), end = normalised(ends[position])
            if step > 0 {
                start = min(max(start, 0), size)
                end = min(max(end, 0), size)
                indices[axis] = Array(stride(from: start, to: end, by: step))
            } else {
                start = min(max(start, 0), size - 1)
                end = min(max(end, -1), size - 1)
                indices[axis] = start > end ? Array(stride(from: start, to: end, by: step)) : []
            }
        }
        return select(input, indices: indices, builder: &builder)
    }

    /// Gather along `axis` with constant indices.
    static func gather(_ node: NodeContext, builder: inout PlanBuilder) throws(ONNXError) -> Int {
        let input = try node.input(0)
        let shape = builder.shape(input)
        guard !shape.isEmpty else { throw node.failure("cannot gather from a scalar") }
        let axis = try node.axis(try node.int("axis", default: 0), rank: shape.count)
        let picks = try node.constantInts(1, what: "indices", builder: builder)
        var list: [Int] = []
        for pick in picks {
            guard pick >= -shape[axis], pick < shape[axis] else { throw node.failure("index \(pick) is out of range for axis \(axis) of size \(shape[axis])") }
            list.append(pick < 0 ? pick + shape[axis] : pick)
        }
        var indices = shape.map { Array(0..<$0) }
        indices[axis] = list
        guard indices.reduce(1.0, { $0 * Double($1.count) }) <= Double(PlanBuilder.elementLimit) else {
            throw node.failure("the result would exceed 2²⁴ elements")
        }
        let selected = select(input, indices: indices, builder: &builder)
        let outputShape = Array(shape[..<axis]) + builder.shape(try node.input(1)) + Array(shape[(axis + 1)...])
        return builder.reshaped(selected, to: outputShape)
    }

    /// Reshape to a constant shape (0 copies a dimension unless `allowzero`, −1 is inferred).
    static func reshape(_ node: NodeContext, builder: inout PlanBuilder) throws(ONNXError) -> Int {
        let input = try node.input(0)
        let old = builder.shape(input)
        var target = try node.constantInts(1, what: "shape", builder: builder)
        let allowZero = try node.int("allowzero", default: 0) != 0
        for (axis, value) in target.enumerated() where value == 0 && !allowZero {
            guard axis < old.count else { throw node.failure("shape \(target) copies dimension \(axis), which \(old) does not have") }
            target[axis] = old[axis]
        }
        let count = old.reduce(1, *)
        let inferred = target.indices.filter { target[$0] == -1 }
        guard inferred.count <= 1, target.allSatisfy({ $0 >= -1 && $0 <= PlanBuilder.elementLimit }), target.count <= 16 else {
            throw node.failure("shape \(target) is not a valid target")
        }
        if let axis = inferred.first {
            let known = target.filter { $0 != -1 }.elementCount
            guard known > 0, count % known == 0 else { throw node.failure("cannot reshape \(old) to \(target)") }
            target[axis] = count / known
        }
        guard target.elementCount == count else { throw node.failure("cannot reshape \(old) (\(count) values) to \(target)") }
        return builder.reshaped(input, to: target)
    }

    /// The axes of Squeeze and Unsqueeze: input 1 (opset 13) or the `axes` attribute.
    static func axesOperand(_ node: NodeContext, builder: PlanBuilder) throws(ONNXError) -> [Int]? {
        if node.optionalInput(1) != nil { return try node.constantInts(1, what: "axes", builder: builder) }
        return try node.ints("axes")
    }

    /// Squeeze: drops the given axes of size 1, or every axis of size 1.
    static func squeeze(_ node: NodeContext, builder: inout PlanBuilder) throws(ONNXError) -> Int {
        let input = try node.input(0)
        let shape = builder.shape(input)
        var drop = Set<Int>()
        if let axes = try axesOperand(node, builder: builder) {
            for raw in axes {
                let axis = try node.axis(raw, rank: shape.count)
                guard shape[axis] == 1 else { throw node.failure("axis \(raw) of shape \(shape) is not of size 1") }
                drop.insert(axis)
            }
        } else {
            drop = Set(shape.indices.filter { shape[$0] == 1 })
        }
        return builder.reshaped(input, to: shape.indices.filter { !drop.contains($0) }.map { shape[$0] })
    }

    /// Unsqueeze: inserts axes of size 1.
    static func unsqueeze(_ node: NodeContext, builder: inout PlanBuilder) throws(ONNXError) -> Int {
        let input = try node.input(0)
        let shape = builder.shape(input)
        guard let axes = try axesOperand(node, builder: builder) else { throw node.failure("needs axes") }
        let rank = shape.count + axes.count
        var inserted = Set<Int>()
        for raw in axes { inserted.insert(try node.axis(raw, rank: rank)) }
        guard inserted.count == axes.count else { throw node.failure("axes \(axes) repeat an axis") }
        var remaining = shape.makeIterator()
        return builder.reshaped(input, to: (0..<rank).map { inserted.contains($0) ? 1 : remaining.next()! })
    }

    /// Transpose by `perm` (default: reversed axes).
    static func transpose(_ node: NodeContext, builder: inout PlanBuilder) throws(ONNXError) -> Int {
        let input = try node.input(0)
        let shape = builder.shape(input)
        let perm = try node.ints("perm") ?? Array(shape.indices.reversed())
        guard perm.sorted() == Array(shape.indices) else { throw node.failure("perm \(perm) is not a permutation of the \(shape.count) axes") }
        return permuted(input, perm: perm, builder: &builder)
    }

    /// `slot` with its axes permuted.
    static func permuted(_ slot: Int, perm: [Int], builder: inout PlanBuilder) -> Int {
        let shape = builder.shape(slot), strides = Broadcast.strides(builder.shape(slot))
        let outputShape = perm.map { shape[$0] }
        var flat = [0]
        for axis in perm { flat = flat.flatMap { base in (0..<shape[axis]).map { base + $0 * strides[axis] } } }
        return builder.gather([slot], from: [Int](repeating: 0, count: flat.count), index: flat, shape: outputShape)
    }

    /// Flatten to two dimensions at `axis`.
    static func flatten(_ node: NodeContext, builder: inout PlanBuilder) throws(ONNXError) -> Int {
        let input = try node.input(0)
        let shape = builder.shape(input)
        let raw = try node.int("axis", default: 1)
        guard raw >= -shape.count, raw <= shape.count else { throw node.failure("axis \(raw) is out of range for rank \(shape.count)") }
        let axis = raw < 0 ? raw + shape.count : raw
        return builder.reshaped(input, to: [shape[..<axis].reduce(1, *), shape[axis...].reduce(1, *)])
    }

    /// Shape: the input's (static) shape as a constant.
    static func shape(_ node: NodeContext, builder: inout PlanBuilder) throws(ONNXError) -> Int {
        let shape = builder.shape(try node.input(0))
        let rank = shape.count
        func clamp(_ value: Int) -> Int { min(max(value < 0 ? value + rank : value, 0), rank) }
        let start = clamp(try node.int("start", default: 0)), end = clamp(try node.int("end", default: rank))
        let dims = start < end ? Array(shape[start..<end]) : []
        return builder.constant(dims.map(Double.init), shape: [dims.count], isInteger: true)
    }

    /// Expand: broadcast to a constant shape.
    static func expand(_ node: NodeContext, builder: inout PlanBuilder) throws(ONNXError) -> Int {
        let input = try node.input(0)
        let target = try node.constantInts(1, what: "shape", builder: builder)
        guard target.allSatisfy({ $0 >= 0 }), let layout = Broadcast(builder.shape(input), target) else {
            throw node.failure("shape \(builder.shape(input)) does not broadcast to \(target) (or the result would exceed 2²⁴ elements)")
        }
        let count = layout.shape.reduce(1, *)
        return builder.gather([input], from: [Int](repeating: 0, count: count), index: layout.lhsIndex ?? Array(0..<count), shape: layout.shape)
    }
}
