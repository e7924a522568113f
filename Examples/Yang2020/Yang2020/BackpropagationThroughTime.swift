import Yang2020Kernels
import Dynamics

/// The loss and its exact gradient for the RNN on a batch, by hand-written backpropagation through time
/// on BLAS, in precision S. About 48 matrix products per batch: one for the inputs of all steps, one
/// recurrent product per step forward and backward, one readout for all steps, and one per weight
/// gradient over all steps.
///
/// Parameters are one flat buffer (so that one Adam call updates them all), laid out
/// [W_ir | W_rr | b_rr | W_ro | b_ro], each row-major.
struct BackpropagationThroughTime<S: BLASScalar> {
    let inputs: Int
    let hidden: Int
    let outputs: Int
    let steps: Int
    let batchSize: Int
    let alpha: Double
    var parameters: [S]
    var gradient: [S]
    // Work buffers, allocated once.
    var x: [S]            // (T·B) × I
    var states: [S]       // (T+1)·B × H: h₀ = 0, h₁ ... h_T
    var logits: [S]       // (T·B) × O
    var dLogits: [S]      // (T·B) × O
    var dStates: [S]      // (T·B) × H: ∂L/∂h_{t+1} from the readout
    var dPre: [S]         // (T·B) × H: ∂L/∂pre_t
    var carry: [S]        // B × H
    var recurrentTransposed: [S]   // H × H: W_rrᵀ, formed once per batch for the backward pass

    var offsets: (wir: Int, wrr: Int, brr: Int, wro: Int, bro: Int) {
        let wrr = inputs * hidden
        let brr = wrr + hidden * hidden
        let wro = brr + hidden
        return (0, wrr, brr, wro, wro + hidden * outputs)
    }

    init(network: RecurrentNetwork, steps: Int, batchSize: Int) {
        (inputs, hidden, outputs) = (network.inputCount, network.hiddenCount, network.outputCount)
        (self.steps, self.batchSize) = (steps, batchSize)
        alpha = network.alpha
        let flat = network.inputWeights.elements + network.recurrentWeights.elements + network.recurrentBias
            + network.readoutWeights.elements + network.readoutBias
        parameters = flat.map { S($0) }
        gradient = [S](repeating: 0, count: flat.count)
        let rows = steps * batchSize
        x = [S](repeating: 0, count: rows * inputs)
        states = [S](repeating: 0, count: (steps + 1) * batchSize * hidden)
        logits = [S](repeating: 0, count: rows * outputs)
        dLogits = logits
        dStates = [S](repeating: 0, count: rows * hidden)
        dPre = dStates
        carry = [S](repeating: 0, count: batchSize * hidden)
        recurrentTransposed = [S](repeating: 0, count: hidden * hidden)
    }

    /// The current parameters as a network (in Double).
    ///
    /// - Throws: ``NetworkError/nonFinite(_:)`` when training has driven a parameter to NaN or ±∞.
    func network() throws(NetworkError) -> RecurrentNetwork {
        let o = offsets
        let p = parameters.map(\.primalValue)
        return try RecurrentNetwork(
            inputWeights: Matrix(rows: inputs, columns: hidden, elements: Array(p[o.wir..<o.wrr])),
            recurrentWeights: Matrix(rows: hidden, columns: hidden, elements: Array(p[o.wrr..<o.brr])),
            recurrentBias: Array(p[o.brr..<o.wro]),
            readoutWeights: Matrix(rows: hidden, columns: outputs, elements: Array(p[o.wro..<o.bro])),
            readoutBias: Array(p[o.bro...]), alpha: alpha)
    }

    /// C ← α·op(A)·op(B) + β·C on whole arrays with offsets (row-major), in one fixed summation order
    /// (`yang2020_ordered_gemm`): BLAS kernels differ by CPU family in how they split and fuse the
    /// sums, which made the same seed train a different network on different machines.
    @inline(__always)
    static func gemm(
        _ tA: Bool, _ tB: Bool, _ m: Int, _ n: Int, _ k: Int, _ alpha: S, _ a: UnsafePointer<S>, _ lda: Int,
        _ b: UnsafePointer<S>, _ ldb: Int, _ beta: S, _ c: UnsafeMutablePointer<S>, _ ldc: Int
    ) {
        let (ta, tb) = (Int32(tA ? 1 : 0), Int32(tB ? 1 : 0))
        if S.self == Float.self {
            yang2020_ordered_gemm_f32(
                ta, tb, m, n, k, alpha as! Float, UnsafeRawPointer(a).assumingMemoryBound(to: Float.self), lda,
                UnsafeRawPointer(b).assumingMemoryBound(to: Float.self), ldb, beta as! Float,
                UnsafeMutableRawPointer(c).assumingMemoryBound(to: Float.self), ldc)
        } else if S.self == Double.self {
            yang2020_ordered_gemm_f64(
                ta, tb, m, n, k, alpha as! Double, UnsafeRawPointer(a).assumingMemoryBound(to: Double.self), lda,
                UnsafeRawPointer(b).assumingMemoryBound(to: Double.self), ldb, beta as! Double,
                UnsafeMutableRawPointer(c).assumingMemoryBound(to: Double.self), ldc)
        } else {
            S.gemm(transposeA: tA, transposeB: tB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc)
        }
    }

    /// The mean cross-entropy and decision accuracy on `batch`, leaving ∂L/∂parameters in `gradient`.
    @_specialize(where S == Float)
    @_specialize(where S == Double)
    mutating func lossAndGradient(_ batch: TrialBatch) -> (loss: Double, accuracy: Double) {
        precondition(batch.steps == steps && batch.size == batchSize, "batch is \(batch.steps) x \(batch.size), expected \(steps) x \(batchSize)")
        let (I, H, O, T, B) = (inputs, hidden, outputs, steps, batchSize)
        let rows = T * B
        let o = offsets
        let (a, leak) = (S(alpha), S(1 - alpha))
        for k in 0..<(rows * I) { x[k] = S(batch.inputs[k]) }
        var loss = 0.0
        var correct = 0, decisions = 0
        parameters.withUnsafeBufferPointer { P in
            let p = P.baseAddress!
            gradient.withUnsafeMutableBufferPointer { Gr in
                let g = Gr.baseAddress!
                x.withUnsafeBufferPointer { X in
                    states.withUnsafeMutableBufferPointer { Hs in
                        let h = Hs.baseAddress!
                        dPre.withUnsafeMutableBufferPointer { DP in
                            let dp = DP.baseAddress!
                            // Forward. dPre temporarily holds x_t·W_ir for every step (one product).
                            Self.gemm(false, false, rows, H, I, 1, X.baseAddress!, I, p + o.wir, H, 0, dp, H)
                            for t in 0..<T {
                                let hPrev = h + t * B * H, hNext = h + (t + 1) * B * H
                                Self.gemm(false, false, B, H, H, 1, hPrev, H, p + o.wrr, H, 0, hNext, H)
                                for r in 0..<B {
                                    for i in 0..<H {
                                        let k = r * H + i
                                        let pre = leak * hPrev[k] + a * (hNext[k] + dp[t * B * H + k] + p[o.brr + i])
                                        hNext[k] = pre > 0 ? pre : 0
                                    }
                                }
                            }
                            logits.withUnsafeMutableBufferPointer { L in
                                dLogits.withUnsafeMutableBufferPointer { DL in
                                    // Readout of all steps at once: logits = H₁..T·W_ro + b_ro.
                                    Self.gemm(false, false, rows, O, H, 1, h + B * H, H, p + o.wro, O, 0, L.baseAddress!, O)
                                    let scale = 1 / Double(rows)
                                    for r in 0..<rows {
                                        // Logits in Double, for a stable log-sum-exp.
                                        var largest = -Double.infinity
                                        var argmax = 0
                                        for c in 0..<O {
                                            let z = (L[r * O + c] + p[o.bro + c]).primalValue
                                            if z > largest { (largest, argmax) = (z, c) }
                                        }
                                        // DL holds the unnormalised probabilities until the sum is known.
                                        var total = 0.0
                                        for c in 0..<O {
                                            let e = Double.exp((L[r * O + c] + p[o.bro + c]).primalValue - largest)
                                            DL[r * O + c] = S(e)
                                            total += e
                                        }
                                        let label = batch.labels[r]
                                        loss -= (L[r * O + label] + p[o.bro + label]).primalValue - largest - Double.log(total)
                                        for c in 0..<O {
                                            let probability = DL[r * O + c].primalValue / total
                                            DL[r * O + c] = S(scale * (probability - (c == label ? 1 : 0)))
                                        }
                                        if label > 0 {
                                            decisions += 1
                                            if argmax == label { correct += 1 }
                                        }
                                    }
                                    // Readout gradients: dW_ro = H₁..Tᵀ·dO, db_ro = Σ dO, dH = dO·W_roᵀ.
                                    Self.gemm(true, false, H, O, rows, 1, h + B * H, H, DL.baseAddress!, O, 0, g + o.wro, O)
                                    for c in 0..<O {
                                        var sum = S(0)
                                        for r in 0..<rows { sum += DL[r * O + c] }
                                        g[o.bro + c] = sum
                                    }
                                    dStates.withUnsafeMutableBufferPointer { DH in
                                        Self.gemm(false, true, rows, H, O, 1, DL.baseAddress!, O, p + o.wro, O, 0, DH.baseAddress!, H)
                                    }
                                }
                            }
                            // Backward through time: dpre_t = (dH_t + carry) ∘ [h_{t+1} > 0];
                            // carry = (1 − α)·dpre_t + α·dpre_t·W_rrᵀ.
                            // W_rrᵀ once for all steps (the kernel would copy it out at every step; the
                            // sums, and so the bits, are the same).
                            for i in 0..<H { for j in 0..<H { recurrentTransposed[j * H + i] = p[o.wrr + i * H + j] } }
                            dStates.withUnsafeBufferPointer { DH in
                                carry.withUnsafeMutableBufferPointer { C in
                                    recurrentTransposed.withUnsafeBufferPointer { WT in
                                        for k in 0..<(B * H) { C[k] = 0 }
                                        for t in stride(from: T - 1, through: 0, by: -1) {
                                            let hNext = h + (t + 1) * B * H
                                            let dpt = dp + t * B * H
                                            for k in 0..<(B * H) { dpt[k] = hNext[k] > 0 ? DH[t * B * H + k] + C[k] : 0 }
                                            if t > 0 {
                                                Self.gemm(false, false, B, H, H, a, dpt, H, WT.baseAddress!, H, 0, C.baseAddress!, H)
                                                if alpha != 1 { for k in 0..<(B * H) { C[k] += leak * dpt[k] } }
                                            }
                                        }
                                    }
                                }
                            }
                            // Weight gradients over all steps: dW_rr = α·H₀..T₋₁ᵀ·dP, dW_ir = α·Xᵀ·dP,
                            // db_rr = α·Σ dP.
                            Self.gemm(true, false, H, H, rows, a, h, H, dp, H, 0, g + o.wrr, H)
                            Self.gemm(true, false, I, H, rows, a, X.baseAddress!, I, dp, H, 0, g + o.wir, H)
                            for i in 0..<H {
                                var sum = S(0)
                                for r in 0..<rows { sum += dp[r * H + i] }
                                g[o.brr + i] = a * sum
                            }
                        }
                    }
                }
            }
        }
        return (loss / Double(rows), decisions == 0 ? 0 : Double(correct) / Double(decisions))
    }
}
