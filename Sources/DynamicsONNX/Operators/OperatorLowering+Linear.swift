/// Matrix products and sums.
extension OperatorLowering {
    /// MatMul with NumPy semantics: 1-D operands promoted and demoted, batch dimensions broadcast.
    static func matmul(_ node: NodeContext, builder: inout PlanBuilder) throws(ONNXError) -> Int {
        let (a, b) = (try node.input(0), try node.input(1))
        guard let product = product(a, b, builder: &builder) else {
            throw node.failure("shapes \(builder.shape(a)) and \(builder.shape(b)) cannot be multiplied (or the product would exceed 2²⁴ elements)")
        }
        return product
    }

    /// a·b as MatMul defines it, or nil when the shapes do not fit.
    static func product(_ a: Int, _ b: Int, builder: inout PlanBuilder) -> Int? {
        var sa = builder.shape(a), sb = builder.shape(b)
        guard !sa.isEmpty, !sb.isEmpty else { return nil }
        let vectorA = sa.count == 1, vectorB = sb.count == 1
        if vectorA { sa.insert(1, at: 0) }
        if vectorB { sb.append(1) }
        let (m, k, n) = (sa[sa.count - 2], sa[sa.count - 1], sb[sb.count - 1])
        guard sb[sb.count - 2] == k, let batch = Broadcast(Array(sa.dropLast(2)), Array(sb.dropLast(2))) else { return nil }
        let blocks = batch.shape.reduce(1, *)
        guard m <= PlanBuilder.elementLimit, n <= PlanBuilder.elementLimit, blocks * m * n <= PlanBuilder.elementLimit else { return nil }
        let lhsBlocks = batch.lhsIndex ?? Array(0..<blocks), rhsBlocks = batch.rhsIndex ?? Array(0..<blocks)
        let shape = ONNXPlan.MatmulShape(
            m: m, k: k, n: n,
            blocks: (0..<blocks).map { (lhs: lhsBlocks[$0] * m * k, rhs: rhsBlocks[$0] * k * n, output: $0 * m * n) })
        var outputShape = batch.shape
        if !vectorA { outputShape.append(m) }
        if !vectorB { outputShape.append(n) }
        return builder.emit(shape: outputShape) { .matmul(lhs: a, rhs: b, output: $0, shape: shape) }
    }

    /// Gemm: α·op(A)·op(B) + β·C, C broadcast to the product's shape.
    static func gemm(_ node: NodeContext, builder: inout PlanBuilder) throws(ONNXError) -> Int {
        var (a, b) = (try node.input(0), try node.input(1))
        guard builder.shape(a).count == 2, builder.shape(b).count == 2 else {
            throw node.failure("A and B must be matrices, got shapes \(builder.shape(a)) and \(builder.shape(b))")
        }
        if try node.int("transA", default: 0) != 0 { a = permuted(a, perm: [1, 0], builder: &builder) }
        if try node.int("transB", default: 0) != 0 { b = permuted(b, perm: [1, 0], builder: &builder) }
        guard var result = product(a, b, builder: &builder) else {
            throw node.failure("op(A) of shape \(builder.shape(a)) and op(B) of shape \(builder.shape(b)) cannot be multiplied")
        }
        let alpha = try node.float("alpha", default: 1), beta = try node.float("beta", default: 1)
        if alpha != 1 { result = builder.unary(.scale(alpha), result) }
        if let c = node.optionalInput(2), beta != 0 {
            let scaled = beta == 1 ? c : builder.unary(.scale(beta), c)
            guard let sum = builder.binary(.add, result, scaled), builder.shape(sum) == builder.shape(result) else {
                throw node.failure("C of shape \(builder.shape(c)) does not broadcast to the product's shape \(builder.shape(result))")
            }
            result = sum
        }
        return result
    }

    /// ReduceSum or ReduceMean over constant axes (input 1 from opset 18 for ReduceMean, 13 for
    /// ReduceSum; or the `axes` attribute), keeping the reduced axes as size 1 when `keepdims`.
    static func reduce(_ node: NodeContext, mean: Bool, builder: inout PlanBuilder) throws(ONNXError) -> Int {
        let input = try node.input(0)
        let shape = builder.shape(input)
        let keep = try node.int("keepdims", default: 1) != 0
        var axes = Set<Int>()
        if let listed = try axesOperand(node, builder: builder), !listed.isEmpty {
            for raw in listed { axes.insert(try node.axis(raw, rank: shape.count)) }
        } else if try node.int("noop_with_empty_axes", default: 0) != 0 {
            return input
        } else {
            axes = Set(shape.indices)
        }
        let outputShape = shape.indices.compactMap { axes.contains($0) ? (keep ? 1 : nil) : shape[$0] }
        let reducedShape = shape.indices.map { axes.contains($0) ? 1 : shape[$0] }
        let target = Broadcast.indices(of: reducedShape, in: shape)
        let outputs = reducedShape.reduce(1, *)
        var members = [[Int]](repeating: [], count: outputs)
        for (element, output) in target.enumerated() { members[output].append(element) }
        var offsets = [0]
        for group in members { offsets.append(offsets.last! + group.count) }
        let terms = members.flatMap { $0 }
        let total = builder.emit(shape: outputShape, isInteger: builder.isInteger(input) && !mean) {
            .sum(input: input, terms: terms, offsets: offsets, output: $0)
        }
        let count = shape.reduce(1, *) / max(outputs, 1)
        return mean && count > 1 ? builder.unary(.scale(1 / Double(count)), total) : total
    }
}
