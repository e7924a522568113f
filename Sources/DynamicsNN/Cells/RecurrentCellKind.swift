import Dynamics

/// The cells the `dynamics` command builds from PyTorch weights.
public enum RecurrentCellKind: String, Sendable, CaseIterable {
    /// `nn.RNN(nonlinearity="tanh")`.
    case rnnTanh = "rnn-tanh"
    /// `nn.RNN(nonlinearity="relu")`.
    case rnnRelu = "rnn-relu"
    /// `nn.GRU`.
    case gru
    /// `nn.LSTM` (state [h; c]).
    case lstm

    /// Stacked gates in W_ih and W_hh.
    public var gates: Int {
        switch self {
        case .rnnTanh, .rnnRelu: return 1
        case .gru: return 3
        case .lstm: return 4
        }
    }

    /// How many stacked layers `dict` holds: 1 + the largest K of a tensor named `weight_hh_lK` (any
    /// prefix), 0 without one. A PyTorch `nn.GRU(num_layers: 2)` gives 2.
    ///
    /// - Complexity: O(number of tensors).
    public static func layerCount(in dict: StateDict) -> Int {
        let layers = dict.tensors.keys.compactMap { name -> Int? in
            guard let range = name.range(of: "weight_hh_l", options: .backwards) else { return nil }
            return Int(name[range.upperBound...])
        }
        return (layers.max() ?? -1) + 1
    }

    /// The four tensors of `dict` (names `weight_ih_l0`, `weight_hh_l0`, `bias_ih_l0`, `bias_hh_l0`,
    /// any common prefix), checked against this cell; absent biases are zero (`bias=False`).
    ///
    /// - Throws: ``WeightLoadingError`` for a missing tensor, ``CellError`` for a misshapen one.
    public func weights(from dict: StateDict) throws -> CellWeights {
        func matrix(_ name: String) throws -> Matrix {
            let tensor = try dict.tensor(name)
            guard tensor.shape.count == 2 else {
                throw CellError.shape(tensor: name, shape: tensor.shape, expected: "a matrix (two axes) of \(gates == 1 ? "H" : "\(gates)·H") rows for a \(rawValue) cell")
            }
            return Matrix(rows: tensor.shape[0], columns: tensor.shape[1], elements: tensor.values)
        }
        let recurrent = try matrix("weight_hh_l0")
        let input = try matrix("weight_ih_l0")
        func bias(_ name: String) throws -> [Double] {
            guard dict.contains(name) else { return [Double](repeating: 0, count: recurrent.rows) }
            let tensor = try dict.tensor(name)
            guard tensor.shape.count == 1 else { throw CellError.shape(tensor: name, shape: tensor.shape, expected: "[\(recurrent.rows)] (one axis)") }
            return tensor.values
        }
        return try CellWeights(inputWeights: input, recurrentWeights: recurrent, inputBias: bias("bias_ih_l0"), recurrentBias: bias("bias_hh_l0"), gates: gates)
    }
}
