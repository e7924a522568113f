/// One ONNX node while it is lowered: its inputs as plan slots and typed access to its attributes,
/// every failure an ``ONNXError`` that names the node and its operator.
struct NodeContext {
    let node: Onnx_NodeProto
    /// The node's name, or its position when it has none.
    let name: String
    /// The slot of each input; nil for an omitted optional input (an empty name).
    let inputs: [Int?]

    /// The operator.
    var op: String { node.opType }

    /// An error about this node.
    func failure(_ reason: String) -> ONNXError { .node(operator: op, node: name, reason: reason) }

    /// Input `index`, which the operator requires.
    func input(_ index: Int) throws(ONNXError) -> Int {
        guard index < inputs.count, let slot = inputs[index] else { throw failure("input \(index) is required but missing") }
        return slot
    }

    /// Input `index` if given.
    func optionalInput(_ index: Int) -> Int? { index < inputs.count ? inputs[index] : nil }

    /// The attribute called `name`, if present.
    func attribute(_ name: String) -> Onnx_AttributeProto? { node.attribute.first { $0.name == name } }

    /// An integer attribute, or `defaultValue` when absent.
    func int(_ name: String, default defaultValue: Int) throws(ONNXError) -> Int {
        guard let attribute = attribute(name) else { return defaultValue }
        guard attribute.type == .int || (attribute.type == .undefined && attribute.hasI) else { throw failure("attribute \(name) must be an integer") }
        guard let value = Int(exactly: attribute.i), value >= -(1 << 40), value <= 1 << 40 else { throw failure("attribute \(name) = \(attribute.i) is out of range") }
        return value
    }

    /// A list-of-integers attribute, or nil when absent.
    func ints(_ name: String) throws(ONNXError) -> [Int]? {
        guard let attribute = attribute(name) else { return nil }
        guard attribute.type == .ints || attribute.type == .undefined else { throw failure("attribute \(name) must be a list of integers") }
        guard attribute.ints.allSatisfy({ $0 >= -(1 << 40) && $0 <= 1 << 40 }) else { throw failure("attribute \(name) holds a value out of range") }
        return attribute.ints.map { Int($0) }
    }

    /// A float attribute, or `defaultValue` when absent.
    func float(_ name: String, default defaultValue: Double) throws(ONNXError) -> Double {
        guard let attribute = attribute(name) else { return defaultValue }
        guard attribute.type == .float || attribute.type == .undefined else { throw failure("attribute \(name) must be a float") }
        guard attribute.f.isFinite else { throw failure("attribute \(name) = \(attribute.f) is not finite") }
        return Double(attribute.f)
    }

    /// A string attribute, or nil when absent.
    func string(_ name: String) -> String? {
        attribute(name).map { String(decoding: $0.s, as: UTF8.self) }
    }

    /// The values of input `index`, which must be known while compiling (a shape, indices, axes).
    func constantInts(_ index: Int, what: String, builder: PlanBuilder) throws(ONNXError) -> [Int] {
        let slot = try input(index)
        guard let values = builder.constantValues(slot) else {
            throw failure("\(what) (input \(index)) must be a constant or computed from constants; it depends on the state or the input")
        }
        guard values.allSatisfy({ $0.isFinite && abs($0) <= 9.3e18 }) else { throw failure("\(what) holds values out of range") }
        // INT64_MAX and INT64_MIN (Slice's "to the end") stay the largest representable values.
        return values.map { $0 >= 9.2e18 ? Int.max : ($0 <= -9.2e18 ? Int.min : Int($0)) }
    }

    /// `axis` normalised into 0..<rank (ONNX allows −rank..<rank).
    func axis(_ axis: Int, rank: Int) throws(ONNXError) -> Int {
        guard axis >= -rank, axis < rank else { throw failure("axis \(axis) is out of range for rank \(rank)") }
        return axis < 0 ? axis + rank : axis
    }
}
