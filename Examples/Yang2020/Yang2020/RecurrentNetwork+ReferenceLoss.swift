import Dynamics

extension RecurrentNetwork {
    /// The parameters as one flat vector [W_ir | W_rr | b_rr | W_ro | b_ro], each row-major: the layout
    /// of the trainer's gradient.
    public var flatParameters: [Double] {
        inputWeights.elements + recurrentWeights.elements + recurrentBias + readoutWeights.elements + readoutBias
    }

    /// The training loss (mean cross-entropy over all steps × trials) written plainly and generically,
    /// for any scalar: with `Dual` it gives directional derivatives that check the hand-written
    /// backpropagation.
    ///
    /// - Parameters:
    ///   - parameters: a flat vector in the layout of ``flatParameters``.
    ///   - batch: the trials.
    /// - Complexity: O(steps · size · hidden²), without BLAS: meant for checking gradients and for small
    ///   networks.
    public func referenceLoss<T: DynamicsScalar>(parameters: [T], batch: TrialBatch) -> T {
        let (I, H, O) = (inputCount, hiddenCount, outputCount)
        let wir = 0, wrr = I * H, brr = wrr + H * H, wro = brr + H, bro = wro + H * O
        precondition(parameters.count == bro + O, "referenceLoss: \(parameters.count) parameters, expected \(bro + O)")
        let a = T(alpha)
        var total = T.zero
        for b in 0..<batch.size {
            var h = [T](repeating: .zero, count: H)
            for t in 0..<batch.steps {
                let x = batch.input(step: t, trial: b)
                h = (0..<H).map { i in
                    var drive = parameters[brr + i]
                    for k in 0..<I { drive += T(x[k]) * parameters[wir + k * H + i] }
                    for j in 0..<H { drive += h[j] * parameters[wrr + j * H + i] }
                    return relu((1 - a) * h[i] + a * drive)
                }
                let z = (0..<O).map { c in
                    var sum = parameters[bro + c]
                    for j in 0..<H { sum += h[j] * parameters[wro + j * O + c] }
                    return sum
                }
                let largest = z.max()!
                let logSum = T.log(z.reduce(T.zero) { $0 + T.exp($1 - largest) }) + largest
                total += logSum - z[batch.labels[t * batch.size + b]]
            }
        }
        return total / T(Double(batch.steps * batch.size))
    }

    /// The loss and its gradient by backpropagation through time, in double precision; the gradient is
    /// in the layout of ``flatParameters``.
    public func lossAndGradient(_ batch: TrialBatch) -> (loss: Double, gradient: [Double]) {
        var model = BackpropagationThroughTime<Double>(network: self, steps: batch.steps, batchSize: batch.size)
        let (loss, _) = model.lossAndGradient(batch)
        return (loss, model.gradient)
    }
}
