import Foundation

/// Lowers a decoded ONNX model to an ``ONNXPlan``: checks the operator set, decodes the
/// initializers, orders the nodes (refusing cycles and values nothing produces), lowers each node,
/// and checks that the first output has as many elements as the state.
struct GraphCompiler {
    /// The model.
    let model: Onnx_ModelProto
    /// The folder external data is read from (the model's), nil for a model from memory.
    let folder: URL?

    /// The plan.
    func compile() throws(ONNXError) -> ONNXPlan {
        try checkOperatorSet()
        let graph = model.graph
        var builder = PlanBuilder()
        var slotOf: [String: Int] = [:]
        for tensor in graph.initializer {
            guard slotOf[tensor.name] == nil else { throw .graph("two initializers are called '\(tensor.name)'") }
            let decoded = try DecodedTensor(tensor, folder: folder)
            slotOf[tensor.name] = builder.constant(decoded.values, shape: decoded.shape, isInteger: decoded.isInteger)
        }
        guard graph.sparseInitializer.isEmpty else { throw .graph("sparse initializers are not supported") }
        // Older exporters list initializers among the inputs too: those are weights, not inputs.
        let inputs = graph.input.filter { slotOf[$0.name] == nil }
        guard let stateInfo = inputs.first else { throw .interface("the graph has no input; its first input must be the state") }
        guard inputs.count <= 2 else {
            throw .interface("the graph has \(inputs.count) inputs (\(inputs.map(\.name).joined(separator: ", "))); a step takes the state and at most one external input")
        }
        let stateSlot = builder.variable(shape: try Self.shape(of: stateInfo, role: "state"))
        slotOf[stateInfo.name] = stateSlot
        var inputSlot: Int?
        if inputs.count == 2 {
            let slot = builder.variable(shape: try Self.shape(of: inputs[1], role: "input"))
            slotOf[inputs[1].name] = slot
            inputSlot = slot
        }
        // Outputs a node lists beyond those its operator computes (optional ones, or a corrupt file).
        var uncomputed: [String: String] = [:]
        for (index, node) in try orderedNodes(available: Set(slotOf.keys)) {
            let name = node.name.isEmpty ? "#\(index)" : node.name
            var inputs: [Int?] = []
            for input in node.input {
                if input.isEmpty { inputs.append(nil); continue }
                guard let slot = slotOf[input] else {
                    throw .graph("node '\(name)' (\(node.opType)) reads '\(input)', which \(uncomputed[input] ?? "no node computes")")
                }
                inputs.append(slot)
            }
            let context = NodeContext(node: node, name: name, inputs: inputs)
            let outputs = try OperatorLowering.lower(context, builder: &builder)
            // An empty value's other dimensions bound the work of the operators that read it, as a
            // value's element count does (checked by each operator): refused before anything reads it.
            for slot in outputs where builder.shape(slot).isEmptyButTooWide {
                throw .graph("node '\(name)' (\(node.opType)) makes a value of shape \(builder.shape(slot)): no elements, but its other dimensions multiply past 2²⁴")
            }
            for (position, outputName) in node.output.enumerated() where !outputName.isEmpty {
                guard slotOf[outputName] == nil else { throw .graph("value '\(outputName)' is produced twice (again by node '\(name)')") }
                if position < outputs.count {
                    slotOf[outputName] = outputs[position]
                } else {
                    uncomputed[outputName] = "node '\(name)' lists as output \(position + 1), but \(node.opType) computes \(outputs.count)"
                }
            }
        }
        guard let outputInfo = graph.output.first else { throw .interface("the graph has no output; its first output must be the next state or dx/dt") }
        guard let outputSlot = slotOf[outputInfo.name] else {
            throw .graph("output '\(outputInfo.name)' is produced by no node\(uncomputed[outputInfo.name].map { " (\($0))" } ?? "")")
        }
        let n = builder.slots[stateSlot].count
        guard n >= 1 else { throw .interface("the state '\(stateInfo.name)' has no elements") }
        guard builder.slots[outputSlot].count == n else {
            throw .interface("the first output '\(outputInfo.name)' has shape \(builder.slots[outputSlot].shape) (\(builder.slots[outputSlot].count) values); the state '\(stateInfo.name)' has \(n)")
        }
        return ONNXPlan(slots: builder.slots, instructions: builder.instructions, stateSlot: stateSlot, inputSlot: inputSlot, outputSlot: outputSlot)
    }

    /// Opset 13 or later of the default domain; other domains only if no node uses them.
    private func checkOperatorSet() throws(ONNXError) {
        let defaultSet = model.opsetImport.first { $0.domain.isEmpty || $0.domain == "ai.onnx" }
        guard let defaultSet else { throw .graph("the model imports no version of the default ONNX operator set") }
        guard defaultSet.version >= 13 else { throw .operatorSet(domain: "", version: defaultSet.version) }
        for node in model.graph.node where !(node.domain.isEmpty || node.domain == "ai.onnx") {
            let version = model.opsetImport.first { $0.domain == node.domain }?.version ?? 0
            throw .operatorSet(domain: node.domain, version: version)
        }
    }

    /// The nodes in an order where every input is produced before it is used (Kahn's algorithm),
    /// with their positions in the file.
    private func orderedNodes(available: Set<String>) throws(ONNXError) -> [(Int, Onnx_NodeProto)] {
        let nodes = model.graph.node
        var producer: [String: Int] = [:]
        for (index, node) in nodes.enumerated() {
            for output in node.output where !output.isEmpty {
                if available.contains(output) { throw .graph("node '\(node.name)' writes '\(output)', which is a graph input or an initializer") }
                if let other = producer[output] { throw .graph("value '\(output)' is produced by two nodes ('\(nodes[other].name)' and '\(node.name)')") }
                producer[output] = index
            }
        }
        var waiting = [Int](repeating: 0, count: nodes.count)
        var consumers = [[Int]](repeating: [], count: nodes.count)
        for (index, node) in nodes.enumerated() {
            for input in Set(node.input) where !input.isEmpty && !available.contains(input) {
                guard let source = producer[input] else {
                    throw .graph("node '\(node.name.isEmpty ? "#\(index)" : node.name)' (\(node.opType)) reads '\(input)', which no node, input or initializer provides")
                }
                waiting[index] += 1
                consumers[source].append(index)
            }
        }
        var ready = (0..<nodes.count).filter { waiting[$0] == 0 }.reversed() as [Int]
        var order: [(Int, Onnx_NodeProto)] = []
        while let index = ready.popLast() {
            order.append((index, nodes[index]))
            for consumer in consumers[index] {
                waiting[consumer] -= 1
                if waiting[consumer] == 0 { ready.append(consumer) }
            }
        }
        guard order.count == nodes.count else {
            let stuck = (0..<nodes.count).filter { waiting[$0] > 0 }.prefix(5).map { nodes[$0].name.isEmpty ? "#\($0)" : nodes[$0].name }
            throw .graph("the nodes form a cycle (among them: \(stuck.joined(separator: ", "))); a step's graph must be acyclic")
        }
        return order
    }

    /// The static shape of a graph input; a symbolic leading dimension (a batch) is taken as 1.
    static func shape(of info: Onnx_ValueInfoProto, role: String) throws(ONNXError) -> [Int] {
        guard case .tensorType(let tensor)? = info.type.value else { throw .interface("the \(role) '\(info.name)' is not a tensor") }
        if tensor.hasElemType, ![1, 10, 11].contains(tensor.elemType) {
            throw .interface("the \(role) '\(info.name)' has element type \(tensor.elemType); it must be float32, float16 or float64")
        }
        guard tensor.hasShape else { throw .interface("the \(role) '\(info.name)' has no shape; export it with a fixed size") }
        let dims = tensor.shape.dim
        guard dims.count <= 8 else { throw .interface("the \(role) '\(info.name)' has rank \(dims.count); a state or input has at most 8 dimensions") }
        var shape: [Int] = []
        for (axis, dim) in dims.enumerated() {
            if case .dimValue(let value)? = dim.value, value >= 1, value <= 1 << 24 {
                shape.append(Int(value))
            } else if axis < dims.count - 1, case .dimParam? = dim.value {
                shape.append(1)
            } else if case .dimValue(let value)? = dim.value {
                throw .interface("the \(role) '\(info.name)' has dimension \(value); dimensions must be in 1...16777216")
            } else {
                throw .interface("the \(role) '\(info.name)' has a symbolic last dimension; export it with a fixed size")
            }
        }
        guard shape.reduce(1, *) <= 1 << 20 else { throw .interface("the \(role) '\(info.name)' has shape \(shape); at most 2²⁰ values are supported") }
        return shape
    }
}
