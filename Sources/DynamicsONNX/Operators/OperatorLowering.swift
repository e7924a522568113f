/// The supported ONNX operators and how each becomes plan primitives.
enum OperatorLowering {
    /// The operator names this reader lowers.
    static let supported: Set<String> = [
        "Identity", "Cast", "Constant", "Neg", "Tanh", "Sigmoid", "Relu", "LeakyRelu", "Softplus", "Exp", "Log", "Sqrt", "Abs",
        "Reciprocal", "Softsign", "Elu", "HardSigmoid", "Clip", "Pow", "Add", "Sub", "Mul", "Div",
        "MatMul", "Gemm", "ReduceSum", "ReduceMean",
        "Concat", "Split", "Slice", "Gather", "Reshape", "Squeeze", "Unsqueeze", "Transpose", "Flatten", "Shape", "Expand",
        "RNN", "GRU", "LSTM",
    ]

    /// The node's output slots, in the order of its outputs.
    static func lower(_ node: NodeContext, builder: inout PlanBuilder) throws(ONNXError) -> [Int] {
        switch node.op {
        case "Identity": return [try node.input(0)]
        case "Neg": return [builder.unary(.negate, try node.input(0))]
        case "Tanh": return [builder.unary(.tanh, try node.input(0))]
        case "Sigmoid": return [builder.unary(.sigmoid, try node.input(0))]
        case "Relu": return [builder.unary(.relu, try node.input(0))]
        case "Exp": return [builder.unary(.exp, try node.input(0))]
        case "Log": return [builder.unary(.log, try node.input(0))]
        case "Sqrt": return [builder.unary(.sqrt, try node.input(0))]
        case "Abs": return [builder.unary(.abs, try node.input(0))]
        case "Reciprocal": return [builder.unary(.reciprocal, try node.input(0))]
        case "Softsign": return [builder.unary(.softsign, try node.input(0))]
        case "Softplus": return [builder.unary(.softplus, try node.input(0))]
        case "LeakyRelu": return [builder.unary(.leakyRelu(alpha: try node.float("alpha", default: 0.01)), try node.input(0))]
        case "Elu": return [builder.unary(.elu(alpha: try node.float("alpha", default: 1)), try node.input(0))]
        case "HardSigmoid":
            return [builder.unary(.hardSigmoid(alpha: try node.float("alpha", default: 0.2), beta: try node.float("beta", default: 0.5)), try node.input(0))]
        case "Clip": return [try clip(node, builder: &builder)]
        case "Pow": return [try power(node, builder: &builder)]
        case "Cast": return [try cast(node, builder: &builder)]
        case "Constant": return [try constant(node, builder: &builder)]
        case "Add": return [try binary(.add, node, builder: &builder)]
        case "Sub": return [try binary(.subtract, node, builder: &builder)]
        case "Mul": return [try binary(.multiply, node, builder: &builder)]
        case "Div": return [try binary(.divide, node, builder: &builder)]
        case "MatMul": return [try matmul(node, builder: &builder)]
        case "Gemm": return [try gemm(node, builder: &builder)]
        case "ReduceSum": return [try reduce(node, mean: false, builder: &builder)]
        case "ReduceMean": return [try reduce(node, mean: true, builder: &builder)]
        case "Concat": return [try concat(node, builder: &builder)]
        case "Split": return try split(node, builder: &builder)
        case "Slice": return [try slice(node, builder: &builder)]
        case "Gather": return [try gather(node, builder: &builder)]
        case "Reshape": return [try reshape(node, builder: &builder)]
        case "Squeeze": return [try squeeze(node, builder: &builder)]
        case "Unsqueeze": return [try unsqueeze(node, builder: &builder)]
        case "Transpose": return [try transpose(node, builder: &builder)]
        case "Flatten": return [try flatten(node, builder: &builder)]
        case "Shape": return [try shape(node, builder: &builder)]
        case "Expand": return [try expand(node, builder: &builder)]
        case "RNN", "GRU", "LSTM": return try recurrent(node, builder: &builder)
        default:
            throw .unsupportedOperator(
                operator: node.op, node: node.name,
                reason: "a step may use \(supported.sorted().joined(separator: ", "))")
        }
    }

    /// Add, Sub, Mul, Div with broadcasting.
    static func binary(_ operation: BinaryOperation, _ node: NodeContext, builder: inout PlanBuilder) throws(ONNXError) -> Int {
        let (a, b) = (try node.input(0), try node.input(1))
        guard let output = builder.binary(operation, a, b) else {
            throw node.failure("shapes \(builder.shape(a)) and \(builder.shape(b)) do not broadcast (or the result would exceed 2²⁴ elements)")
        }
        return output
    }

    /// Clip with constant bounds (inputs 1 and 2, either may be omitted).
    static func clip(_ node: NodeContext, builder: inout PlanBuilder) throws(ONNXError) -> Int {
        func bound(_ index: Int) throws(ONNXError) -> Double? {
            guard let slot = node.optionalInput(index) else { return nil }
            guard let values = builder.constantValues(slot), values.count == 1 else { throw node.failure("bound \(index) must be a constant scalar") }
            return values[0]
        }
        return builder.unary(.clip(min: try bound(1), max: try bound(2)), try node.input(0))
    }

    /// Pow with a constant exponent, the same for every element.
    static func power(_ node: NodeContext, builder: inout PlanBuilder) throws(ONNXError) -> Int {
        let base = try node.input(0), exponent = try node.input(1)
        guard let values = builder.constantValues(exponent), let first = values.first, values.allSatisfy({ $0 == first }) else {
            throw node.failure("the exponent must be a constant (one value); only the base may depend on the state")
        }
        guard Broadcast(builder.shape(base), builder.shape(exponent))?.shape == builder.shape(base) else {
            throw node.failure("an exponent of shape \(builder.shape(exponent)) would change the base's shape \(builder.shape(base))")
        }
        return builder.unary(.power(first), base)
    }

    /// Cast: to a floating-point type it is the identity (the analysis chooses the precision); to an
    /// integer type, only of constants (shape arithmetic).
    static func cast(_ node: NodeContext, builder: inout PlanBuilder) throws(ONNXError) -> Int {
        let input = try node.input(0)
        let target = try node.int("to", default: 1)
        guard let type = ElementType(rawValue: Int32(clamping: target)) else { throw node.failure("cannot cast to element type \(target)") }
        if !type.isInteger { return input }
        guard builder.constantValues(input) != nil else { throw node.failure("a cast to an integer type of a value that depends on the state has no derivative") }
        return builder.markInteger(input)
    }

    /// Constant: value (tensor), value_float(s), value_int(s).
    static func constant(_ node: NodeContext, builder: inout PlanBuilder) throws(ONNXError) -> Int {
        if let attribute = node.attribute("value") {
            let tensor = try DecodedTensor(attribute.t, folder: nil)
            return builder.constant(tensor.values, shape: tensor.shape, isInteger: tensor.isInteger)
        }
        if let attribute = node.attribute("value_float") { return builder.constant([Double(attribute.f)], shape: []) }
        if let attribute = node.attribute("value_floats") { return builder.constant(attribute.floats.map(Double.init), shape: [attribute.floats.count]) }
        if let attribute = node.attribute("value_int") { return builder.constant([Double(attribute.i)], shape: [], isInteger: true) }
        if let attribute = node.attribute("value_ints") { return builder.constant(attribute.ints.map(Double.init), shape: [attribute.ints.count], isInteger: true) }
        throw node.failure("needs a value, value_float(s) or value_int(s) attribute")
    }
}
