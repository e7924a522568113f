import Dynamics
import DynamicsNN

/// The batched residual that the chord pass of `dynamics analyze` evaluates at every iteration: a GRU
/// (H = 256) and an LSTM (H = 128, 256) over 2000 states, against the one recurrent gemm it contains
/// (the rest is the gate arithmetic: sigmoid and tanh of every gate and the update).
func cellResidualBenchmark() {
    print("Batched cell residual over 2000 states vs its recurrent gemm alone (double, 1 thread)")
    for (kind, hidden) in [(RecurrentCellKind.gru, 256), (.lstm, 128), (.lstm, 256)] {
        var rng = SeededGenerator(seed: 1)
        let gates = kind == .gru ? 3 : 4
        let bound = 3 / Double(hidden).squareRoot()
        func uniform(_ count: Int) -> [Double] { (0..<count).map { _ in Double.random(in: -bound...bound, using: &rng) } }
        let weights = try! CellWeights(
            inputWeights: Matrix(rows: gates * hidden, columns: 3, elements: uniform(3 * gates * hidden)),
            recurrentWeights: Matrix(rows: gates * hidden, columns: hidden, elements: uniform(gates * hidden * hidden)),
            inputBias: uniform(gates * hidden), recurrentBias: uniform(gates * hidden), gates: gates)
        let input = [1, 0.5, 0.5]
        let stateSize = kind == .gru ? hidden : 2 * hidden
        let states = Matrix(rows: 2000, columns: stateSize, elements: (0..<(2000 * stateSize)).map { _ in Double.random(in: -1...1, using: &rng) })
        let label = "\(kind == .gru ? "GRU" : "LSTM") H = \(hidden)"
        let residual: Measurement
        if kind == .gru {
            let map = try! GRUCell(weights: weights).map(input: input)
            residual = measure("\(label): fixedPointResiduals", samples: 9) { _ = map.fixedPointResiduals(states) }
        } else {
            let map = try! LSTMCell(weights: weights).map(input: input)
            residual = measure("\(label): fixedPointResiduals", samples: 9) { _ = map.fixedPointResiduals(states) }
        }
        let hiddenStates = Matrix(rows: 2000, columns: hidden, elements: (0..<(2000 * hidden)).map { _ in Double.random(in: -1...1, using: &rng) })
        var product = Matrix(rows: 2000, columns: gates * hidden)
        let gemm = measure("\(label): its gemm 2000 x \(hidden) x \(gates * hidden)", samples: 9) {
            Matrix.multiply(hiddenStates, weights.recurrentWeights, transposeB: true, into: &product)
        }
        ratio("\(label) residual / gemm", residual, gemm)
    }
}
