/// A compiled ONNX graph: typed instructions on numbered value slots, every shape known.
///
/// The compiler lowers each ONNX node (recurrent operators included) to a few primitives and
/// evaluates every instruction whose operands are all constant while compiling, so what remains
/// depends on the state or the input. Each primitive is written once and evaluated by
/// ``ONNXPlan/evaluate(state:input:)`` in any ``DynamicsScalar`` and by the tangent evaluator that
/// forms exact Jacobians.
struct ONNXPlan: Sendable {
    /// The slots: shapes, and values for the constant ones.
    var slots: [Slot]
    /// The instructions in execution order.
    var instructions: [Instruction]
    /// The slot of the graph's first input (the state).
    var stateSlot: Int
    /// The slot of the graph's second input (the external input), if it has one.
    var inputSlot: Int?
    /// The slot of the graph's first output (next state or time derivative).
    var outputSlot: Int

    /// A value of the graph.
    struct Slot: Sendable {
        /// The tensor shape (empty for a scalar).
        var shape: [Int]
        /// The values, when known while compiling (initializers, constants and everything computed
        /// from them alone).
        var constant: [Double]?
        /// Whether the values are integers (shape arithmetic, indices): kept apart from the floats
        /// because `Div` and `Cast` mean different things on them.
        var isInteger: Bool
        /// The number of elements.
        var count: Int { shape.reduce(1, *) }
    }

    /// A primitive of the plan.
    enum Instruction: Sendable {
        /// output[i] = op(input[i]).
        case unary(UnaryOperation, input: Int, output: Int)
        /// output[i] = op(lhs[lhsIndex[i]], rhs[rhsIndex[i]]); a nil index map is the identity.
        case binary(BinaryOperation, lhs: Int, rhs: Int, output: Int, lhsIndex: [Int]?, rhsIndex: [Int]?)
        /// output[i] = sources[from[i]][index[i]]: every structural operator (Concat, Split, Slice,
        /// Gather, Transpose, Reshape, ...) as one index map.
        case gather(sources: [Int], from: [Int], index: [Int], output: Int)
        /// output[i] = Σ input[j] over j in terms[offsets[i]..<offsets[i + 1]].
        case sum(input: Int, terms: [Int], offsets: [Int], output: Int)
        /// Matrix products of m × k blocks of lhs by k × n blocks of rhs into m × n blocks of output.
        case matmul(lhs: Int, rhs: Int, output: Int, shape: MatmulShape)
    }

    /// The block structure of a (batched, broadcast) matrix product.
    struct MatmulShape: Sendable {
        var m: Int, k: Int, n: Int
        /// For each block: where its lhs, rhs and output start.
        var blocks: [(lhs: Int, rhs: Int, output: Int)]
    }

    /// The number of state variables.
    var dimension: Int { slots[stateSlot].count }
    /// The number of inputs (0 without an input).
    var inputCount: Int { inputSlot.map { slots[$0].count } ?? 0 }
}
