/// Newton–Krylov linearization for large systems: ∂G is never formed, only applied to blocks of
/// directions (eight Jacobian-vector products per pass of `step` on `Dual<8>`).
///
/// At each point a block Krylov subspace of ∂G (``BlockKrylovSubspace``) grows from G and seven seeded
/// random directions until the minimum-norm least-squares step δ = argmin ‖∂G·δ + G‖ over the subspace
/// brings the linear residual to a forcing fraction η = min(0.1, ‖G‖) of ‖G‖ (inexact Newton: loose
/// early, exact near the root), or the subspace reaches its capacity, or (when the subspace cannot fill
/// ℝⁿ) the linear residual improves by less than 10 % between two checks: G then has a part outside the
/// range of ∂G, as at a bump drifting along a broken ring. The step is the minimum-norm one on purpose:
/// along a continuous attractor ∂G is singular, and a pseudo-inverse step moves onto the manifold
/// instead of along it. Damped steps are Levenberg–Marquardt in the same subspace,
/// min ‖∂G·δ + G‖² + μ‖δ‖², μ from 1e-3·σ²_max raised fourfold, full steps.
///
/// - Complexity: per point ⌈m/8⌉ applications (m ≤ capacity), O(m²·n) to orthogonalise, O(m³) for the
///   small least-squares problems; no O(n²) storage.
@usableFromInline
struct KrylovLinearization: NewtonLinearization {
    let dimension: Int
    let capacity: Int
    /// ∂G at a point applied to the rows of a block.
    let apply: (_ point: [Double], _ block: Matrix) -> Matrix
    var random: SeededGenerator
    var krylov: BlockKrylovSubspace
    var solution: (coefficients: [Double], residual: Double, condition: Double)?
    var norm = 0.0
    /// σ_max/σ_min of ∂G on the last subspace (a lower bound of κ₂(∂G)); ∞ when ∂G is singular there.
    @usableFromInline var condition = Double.infinity

    /// - Parameters:
    ///   - seed: the random directions' seed (per candidate, so a candidate gets the same directions on
    ///     any thread).
    @usableFromInline
    init(dimension: Int, capacity: Int, seed: UInt64, apply: @escaping (_ point: [Double], _ block: Matrix) -> Matrix) {
        self.dimension = dimension
        self.capacity = capacity
        self.apply = apply
        random = SeededGenerator(seed: seed)
        krylov = BlockKrylovSubspace(dimension: dimension, capacity: capacity)
    }

    @usableFromInline
    mutating func prepare(at x: [Double], residual g: [Double], norm: Double) {
        let n = dimension
        self.norm = norm
        krylov = BlockKrylovSubspace(dimension: n, capacity: capacity)
        var first = Matrix(rows: Swift.min(8, n), columns: n)
        for j in 0..<n { first[0, j] = g[j] / norm }
        for r in 1..<first.rows { for j in 0..<n { first[r, j] = random.nextStandardNormal() } }
        krylov.appendOrthonormalized(first)
        let rhs = [-norm]   // −G = −‖G‖·q₀
        let forcing = Swift.min(0.1, norm)
        solution = nil
        var blocks = 0
        var nextCheck = 1
        let applyHere = apply
        while krylov.extend({ applyHere(x, $0) }) {
            blocks += 1
            // The small least-squares problem costs O(m³): solve it after blocks 1, 2, 3, 4, 6, 8,
            // 11, ... (about ×1.4 each time) and once the subspace is full.
            guard blocks == nextCheck || !krylov.canExtend else { continue }
            nextCheck = Swift.max(blocks + 1, (blocks * 7) / 5)
            let previous = solution?.residual
            solution = krylov.leastSquares(rhs, damping: 0)
            guard let current = solution?.residual else { break }
            if current <= forcing * norm { break }
            // Stagnation: G has a part outside the range of ∂G (no root nearby) that no larger
            // subspace removes. Only where the subspace cannot fill ℝⁿ: a full one solves exactly,
            // and GMRES-like iterations may stagnate for a while on a consistent system.
            if let previous, current > 0.9 * previous, krylov.capacity < n { break }
        }
        if let solution { condition = solution.condition }
    }

    @usableFromInline
    mutating func newtonStep() -> [Double]? {
        solution.map { krylov.combination($0.coefficients) }
    }

    @usableFromInline
    mutating func dampedStep(_ attempt: (_ delta: [Double], _ lineSearch: Bool) -> Bool) -> Bool {
        guard solution != nil else { return false }
        var mu = Swift.max(1e-3 * krylov.largestSingularValueSquared(), 1e-12)
        while mu <= 1e300 {
            guard let damped = krylov.leastSquares([-norm], damping: mu) else { return false }
            if attempt(krylov.combination(damped.coefficients), false) { return true }
            mu *= 4
        }
        return false
    }
}
