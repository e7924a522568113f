import Dynamics

/// The four tensors of a single-layer PyTorch recurrent cell, in its layout: W_ih (gates·H × I),
/// W_hh (gates·H × H), b_ih and b_hh (gates·H), gates stacked in PyTorch's order.
public struct CellWeights: Sendable, Equatable {
    /// weight_ih_l0.
    public var inputWeights: Matrix
    /// weight_hh_l0.
    public var recurrentWeights: Matrix
    /// bias_ih_l0.
    public var inputBias: [Double]
    /// bias_hh_l0.
    public var recurrentBias: [Double]

    /// Checked weights for `gates` stacked gates: W_hh must be (gates·H) × H, W_ih (gates·H) × I,
    /// the biases gates·H.
    ///
    /// - Throws: ``CellError`` naming the first tensor that does not fit.
    public init(inputWeights: Matrix, recurrentWeights: Matrix, inputBias: [Double], recurrentBias: [Double], gates: Int) throws(CellError) {
        guard (1...4).contains(gates) else { throw .gates(gates) }
        let rows = recurrentWeights.rows
        let stacked = gates == 1 ? "H" : "\(gates)·H"
        let h = recurrentWeights.columns
        guard h > 0 else {
            throw .shape(tensor: "weight_hh_l0", shape: [recurrentWeights.rows, h], expected: "\(stacked) × H with at least one hidden unit (H ≥ 1)")
        }
        guard rows == gates * h else {
            throw .shape(tensor: "weight_hh_l0", shape: [rows, h], expected: "[\(gates * h), \(h)] (\(stacked) × H with H = \(h), the number of columns)")
        }
        guard inputWeights.rows == rows, inputWeights.columns > 0 else {
            throw .shape(tensor: "weight_ih_l0", shape: [inputWeights.rows, inputWeights.columns], expected: "[\(rows), I] with I ≥ 1 inputs (\(stacked) × I, H = \(h))")
        }
        guard inputBias.count == rows else { throw .shape(tensor: "bias_ih_l0", shape: [inputBias.count], expected: "[\(rows)] (\(stacked), H = \(h))") }
        guard recurrentBias.count == rows else { throw .shape(tensor: "bias_hh_l0", shape: [recurrentBias.count], expected: "[\(rows)] (\(stacked), H = \(h))") }
        for (name, values) in [("weight_ih_l0", inputWeights.elements), ("weight_hh_l0", recurrentWeights.elements), ("bias_ih_l0", inputBias), ("bias_hh_l0", recurrentBias)]
        where !values.allSatisfy(\.isFinite) {
            throw .nonFinite(tensor: name)
        }
        self.inputWeights = inputWeights
        self.recurrentWeights = recurrentWeights
        self.inputBias = inputBias
        self.recurrentBias = recurrentBias
    }

    /// H.
    public var hidden: Int { recurrentWeights.columns }
    /// I.
    public var inputs: Int { inputWeights.columns }

    /// W_ih·u + b_ih: what a constant input adds to every gate's pre-activation, computed once per map.
    ///
    /// - Complexity: O(gates·H·I).
    public func inputDrive(for input: [Double]) -> [Double] {
        let w = inputWeights
        return (0..<w.rows).map { i in inputBias[i] + (0..<w.columns).reduce(0) { $0 + w[i, $1] * input[$1] } }
    }
}
