/// ONNX's RNN, GRU and LSTM for one time step, as `torch.onnx.export` writes them, lowered to
/// products, sums and activations (so their derivatives come from the same primitives).
extension OperatorLowering {
    /// The gate layout of each recurrent operator: gate count and, for reading the attributes, the
    /// default activations.
    private static func gates(of op: String) -> (count: Int, activations: [String]) {
        switch op {
        case "RNN": return (1, ["Tanh"])
        case "GRU": return (3, ["Sigmoid", "Tanh"])
        default: return (4, ["Sigmoid", "Tanh", "Tanh"])
        }
    }

    /// Y, Y_h (and Y_c for LSTM) after one step from initial_h (and initial_c).
    static func recurrent(_ node: NodeContext, builder: inout PlanBuilder) throws(ONNXError) -> [Int] {
        let (gateCount, defaults) = gates(of: node.op)
        let x = try node.input(0), w = try node.input(1), r = try node.input(2)
        let xs = builder.shape(x), ws = builder.shape(w), rs = builder.shape(r)
        guard xs.count == 3 else { throw node.failure("X must be [sequence, batch, inputs], got \(xs)") }
        guard try node.int("layout", default: 0) == 0 else { throw node.failure("layout = 1 (batch first) is not supported; export with the default layout") }
        guard xs[0] == 1 else {
            throw node.failure("the sequence has \(xs[0]) steps; a step graph runs one (export the cell on a sequence of length 1)")
        }
        let direction = node.string("direction") ?? "forward"
        guard ["forward", "reverse", "bidirectional"].contains(direction) else { throw node.failure("unknown direction '\(direction)'") }
        let directions = direction == "bidirectional" ? 2 : 1
        let (batch, inputs) = (xs[1], xs[2])
        guard rs.count == 3, rs[0] == directions, rs[1] % gateCount == 0 else {
            throw node.failure("R must be [\(directions), \(gateCount)·H, H], got \(rs)")
        }
        let hidden = rs[1] / gateCount
        guard rs[2] == hidden, hidden >= 1 else { throw node.failure("R must be [\(directions), \(gateCount)·H, H], got \(rs)") }
        if let declared = node.attribute("hidden_size").map({ $0.i }), declared != hidden {
            throw node.failure("hidden_size is \(declared) but R gives H = \(hidden)")
        }
        guard ws == [directions, gateCount * hidden, inputs] else { throw node.failure("W must be \([directions, gateCount * hidden, inputs]), got \(ws)") }
        if let listed = node.attribute("activations")?.strings.map({ String(decoding: $0, as: UTF8.self) }), !listed.isEmpty,
            listed != Array((0..<directions).flatMap { _ in defaults }) {
            throw node.failure("activations \(listed) are not supported; only the defaults \(defaults)")
        }
        guard node.attribute("clip") == nil else { throw node.failure("the clip attribute is not supported") }
        guard try node.int("input_forget", default: 0) == 0 else { throw node.failure("input_forget = 1 is not supported") }
        if let lengths = node.optionalInput(4) {
            guard let values = builder.constantValues(lengths), values.allSatisfy({ $0 == 1 }) else {
                throw node.failure("sequence_lens must be a constant of ones for a single step")
            }
        }
        let bias = node.optionalInput(3)
        if let bias, builder.shape(bias) != [directions, 2 * gateCount * hidden] {
            throw node.failure("B must be \([directions, 2 * gateCount * hidden]), got \(builder.shape(bias))")
        }
        let stateShape = [directions, batch, hidden]
        let initialH = node.optionalInput(5), initialC = node.op == "LSTM" ? node.optionalInput(6) : nil
        for (name, slot) in [("initial_h", initialH), ("initial_c", initialC)] {
            if let slot, builder.shape(slot) != stateShape { throw node.failure("\(name) must be \(stateShape), got \(builder.shape(slot))") }
        }
        let peepholes = node.op == "LSTM" ? node.optionalInput(7) : nil
        if let peepholes, builder.shape(peepholes) != [directions, 3 * hidden] {
            throw node.failure("P must be \([directions, 3 * hidden]), got \(builder.shape(peepholes))")
        }
        let flatX = builder.reshaped(x, to: [batch, inputs])
        var cell = RecurrentLowering(
            builder: builder, op: node.op, hidden: hidden, batch: batch, inputs: inputs, gateCount: gateCount,
            x: flatX, w: w, r: r, bias: bias,
            linearBeforeReset: try node.int("linear_before_reset", default: 0) != 0)
        var hs: [Int] = [], cs: [Int] = []
        for d in 0..<directions {
            let h = cell.state(initialH, direction: d), c = cell.state(initialC, direction: d)
            switch node.op {
            case "RNN": hs.append(cell.rnn(h, direction: d))
            case "GRU": hs.append(cell.gru(h, direction: d))
            default:
                let (newH, newC) = cell.lstm(h, c, peepholes: peepholes, direction: d)
                hs.append(newH)
                cs.append(newC)
            }
        }
        builder = cell.builder
        func stacked(_ parts: [Int], shape: [Int]) -> Int {
            let count = parts.count * batch * hidden
            return builder.gather(parts, from: (0..<count).map { $0 / (batch * hidden) }, index: (0..<count).map { $0 % (batch * hidden) }, shape: shape)
        }
        let yh = stacked(hs, shape: stateShape)
        var outputs = [builder.reshaped(yh, to: [1] + stateShape), yh]
        if node.op == "LSTM" { outputs.append(stacked(cs, shape: stateShape)) }
        return outputs
    }
}

/// The arithmetic of one recurrent step, on a plan builder. Gate g of direction d reads rows
/// g·H..<(g + 1)·H of W[d] and R[d] and the two biases B[d, g·H...] and B[d, (G + g)·H...].
private struct RecurrentLowering {
    var builder: PlanBuilder
    let op: String
    let hidden: Int, batch: Int, inputs: Int, gateCount: Int
    /// X as [batch, inputs].
    let x: Int
    let w: Int, r: Int, bias: Int?
    let linearBeforeReset: Bool

    /// initial_h[d] (or initial_c[d]) as [batch, H]; zeros when absent.
    mutating func state(_ slot: Int?, direction d: Int) -> Int {
        guard let slot else { return builder.constant([Double](repeating: 0, count: batch * hidden), shape: [batch, hidden]) }
        return OperatorLowering.select(slot, indices: [[d], Array(0..<batch), Array(0..<hidden)], builder: &builder)
            .reshapedSlot(to: [batch, hidden], in: &builder)
    }

    /// value·M[d, rows of gate g]ᵀ: [batch, H].
    mutating func gateProduct(_ value: Int, _ matrix: Int, columns: Int, gate g: Int, direction d: Int) -> Int {
        let block = OperatorLowering.select(matrix, indices: [[d], Array((g * hidden)..<((g + 1) * hidden)), Array(0..<columns)], builder: &builder)
        let transposed = OperatorLowering.permuted(block.reshapedSlot(to: [hidden, columns], in: &builder), perm: [1, 0], builder: &builder)
        return OperatorLowering.product(value, transposed, builder: &builder)!
    }

    /// Bias `part` (0: Wb, 1: Rb) of gate g, [H]; nil without B.
    mutating func gateBias(part: Int, gate g: Int, direction d: Int) -> Int? {
        guard let bias else { return nil }
        let start = (part * gateCount + g) * hidden
        return OperatorLowering.select(bias, indices: [[d], Array(start..<(start + hidden))], builder: &builder).reshapedSlot(to: [hidden], in: &builder)
    }

    mutating func add(_ a: Int, _ b: Int?) -> Int { b.map { builder.binary(.add, a, $0)! } ?? a }
    mutating func multiply(_ a: Int, _ b: Int) -> Int { builder.binary(.multiply, a, b)! }

    /// x·W_gᵀ + Wb_g + h·R_gᵀ + Rb_g.
    mutating func preactivation(_ h: Int, gate g: Int, direction d: Int) -> Int {
        let fromInput = add(gateProduct(x, w, columns: inputs, gate: g, direction: d), gateBias(part: 0, gate: g, direction: d))
        let fromState = add(gateProduct(h, r, columns: hidden, gate: g, direction: d), gateBias(part: 1, gate: g, direction: d))
        return add(fromInput, fromState)
    }

    mutating func rnn(_ h: Int, direction d: Int) -> Int { builder.unary(.tanh, preactivation(h, gate: 0, direction: d)) }

    /// Gates z, r, h (ONNX order).
    mutating func gru(_ h: Int, direction d: Int) -> Int {
        let z = builder.unary(.sigmoid, preactivation(h, gate: 0, direction: d))
        let reset = builder.unary(.sigmoid, preactivation(h, gate: 1, direction: d))
        let fromInput = add(gateProduct(x, w, columns: inputs, gate: 2, direction: d), gateBias(part: 0, gate: 2, direction: d))
        let recurrent: Int
        if linearBeforeReset {
            recurrent = multiply(reset, add(gateProduct(h, r, columns: hidden, gate: 2, direction: d), gateBias(part: 1, gate: 2, direction: d)))
        } else {
            recurrent = add(gateProduct(multiply(reset, h), r, columns: hidden, gate: 2, direction: d), gateBias(part: 1, gate: 2, direction: d))
        }
        let candidate = builder.unary(.tanh, add(fromInput, recurrent))
        // (1 − z)∘candidate + z∘h = candidate + z∘(h − candidate).
        return add(candidate, multiply(z, builder.binary(.subtract, h, candidate)!))
    }

    /// Gates i, o, f, c (ONNX order), peepholes P = [Pi, Po, Pf].
    mutating func lstm(_ h: Int, _ c: Int, peepholes: Int?, direction d: Int) -> (Int, Int) {
        func peephole(_ k: Int, _ state: Int, _ builder: inout PlanBuilder) -> Int? {
            guard let peepholes else { return nil }
            let weights = OperatorLowering.select(peepholes, indices: [[d], Array((k * hidden)..<((k + 1) * hidden))], builder: &builder)
                .reshapedSlot(to: [hidden], in: &builder)
            return builder.binary(.multiply, weights, state)!
        }
        let input = builder.unary(.sigmoid, add(preactivation(h, gate: 0, direction: d), peephole(0, c, &builder)))
        let forget = builder.unary(.sigmoid, add(preactivation(h, gate: 2, direction: d), peephole(2, c, &builder)))
        let candidate = builder.unary(.tanh, preactivation(h, gate: 3, direction: d))
        let newC = add(multiply(forget, c), multiply(input, candidate))
        let output = builder.unary(.sigmoid, add(preactivation(h, gate: 1, direction: d), peephole(1, newC, &builder)))
        return (multiply(output, builder.unary(.tanh, newC)), newC)
    }
}

private extension Int {
    /// This slot reshaped.
    func reshapedSlot(to shape: [Int], in builder: inout PlanBuilder) -> Int { builder.reshaped(self, to: shape) }
}
