import Dynamics
import Yang2020

/// A ball around a stable fixed point of the RNN's map under a fixed input from which every orbit
/// provably converges to it: the radius a proximity basin mapper may use instead of a tiny one.
///
/// The map is h ↦ relu(z(h)) with z(h) = (1 − α)h + α(x·W_ir + h·W_rr + b), affine in h. Near the fixed
/// point s, as long as no zᵢ changes sign, F(h) − s = A(h − s) with A = D·M, D = diag[zᵢ(s) > 0] and
/// M = (1 − α)I + αW_rrᵀ. No zᵢ changes sign within distance d = minᵢ |zᵢ(s)| / ‖Mᵢ‖₂ of s (Mᵢ the rows
/// of M). With κ = max over t ≥ 0 of ‖Aᵗ‖₂, an orbit starting within d/κ of s stays within d of s (each
/// hₜ − s = Aᵗ(h₀ − s) while it stays, so by induction it always stays) and converges, since the
/// spectral radius of A is below 1. κ is bounded by max(1, max over 1 ≤ t ≤ T of ‖Aᵗ‖_F) with T the
/// first power whose ‖A^T‖_F < 1e-3: later powers are A^(kT + r) with norm at most ‖A^T‖ᵏ‖Aʳ‖ ≤ κ. The
/// radius is half of d/κ, a margin for the rounding of the computed orbits.
///
/// Waiting for orbits to come within 1e-6 of a fixed point whose slowest mode has |λ| = 0.97 costs
/// about 450 steps each; the ball stops most of them long before.
struct ConvergenceBall {
    /// The radius, strictly inside which convergence is certified; 0 when s sits on a kink (some zᵢ(s) = 0)
    /// or the powers of A do not fall below 1e-3 within `maximumPower` steps.
    let radius: Double

    /// - Parameters:
    ///   - state: a fixed point of `network.map(input:)` whose linearisation is stable.
    ///   - maximumPower: the most powers of A formed; default 10,000 (|λ| up to about 0.9993).
    /// - Complexity: O(n³) per power of A.
    init(around state: [Double], of network: RecurrentNetwork, input: [Double], maximumPower: Int = 10_000) {
        let n = network.hiddenCount
        let alpha = network.alpha
        // z(s) = (1 − α)s + α(x·W_ir + s·W_rr + b).
        let drive = input * network.inputWeights
        let recurrent = state * network.recurrentWeights
        let z = (0..<n).map { i in (1 - alpha) * state[i] + alpha * (drive[i] + recurrent[i] + network.recurrentBias[i]) }
        // M = (1 − α)I + αW_rrᵀ: row i holds the coefficients of zᵢ in h.
        var m = Matrix(rows: n, columns: n)
        for i in 0..<n { for j in 0..<n { m[i, j] = alpha * network.recurrentWeights[j, i] + (i == j ? 1 - alpha : 0) } }
        var margin = Double.infinity
        for i in 0..<n {
            let rowNorm = (0..<n).reduce(0.0) { $0 + m[i, $1] * m[i, $1] }.squareRoot()
            if rowNorm > 0 { margin = Swift.min(margin, Swift.abs(z[i]) / rowNorm) }
        }
        guard margin > 0 && margin.isFinite else {
            radius = 0
            return
        }
        // A = D·M, and the largest Frobenius norm of its powers.
        var a = m
        for i in 0..<n where !(z[i] > 0) { for j in 0..<n { a[i, j] = 0 } }
        var power = a
        var kappa = 1.0
        var next = Matrix(rows: n, columns: n)
        for _ in 0..<maximumPower {
            let norm = power.elements.reduce(0.0) { $0 + $1 * $1 }.squareRoot()
            guard norm.isFinite else { break }
            kappa = Swift.max(kappa, norm)
            if norm < 1e-3 {
                radius = 0.5 * margin / kappa
                return
            }
            Matrix.multiply(a, power, into: &next)
            swap(&power, &next)
        }
        radius = 0
    }
}
