/// How ``SlowPointFinder/refine(_:)`` solves its Newton systems.
public enum RefinementMethod: String, Sendable, CaseIterable {
    /// ``dense`` up to ``matrixFreeThreshold`` state variables, ``matrixFree`` above: where the dense
    /// Jacobian (n passes of `step` on dual numbers plus an O(n³) factorization) starts to cost more
    /// than a Krylov subspace of it.
    case automatic
    /// The exact Jacobian (the model's override or dual numbers) and an LU of its coupled rows:
    /// quadratic convergence, O(n³) per iteration.
    case dense
    /// Newton–Krylov: no Jacobian, only blocks of Jacobian-vector products from dual numbers, minimum-
    /// norm steps in a block Krylov subspace; O(m·n) memory and a few passes of `step` per iteration.
    case matrixFree

    /// The largest dimension ``automatic`` refines densely: 256. Measured on the CANN ring network
    /// (Benchmarks, `scaling`), a dual-number Jacobian alone costs 1.2 / 6.9 / 53 ms at 128 / 256 / 512
    /// units against 1.7 / 2.9 / 12.7 ms for a whole matrix-free refinement; the dense path is kept up
    /// to 256 anyway because its cost does not depend on the spectrum, while a Krylov subspace grows
    /// with the number of eigenvalues of ∂G/∂x away from a cluster (up to `krylovDimension`).
    public static let matrixFreeThreshold = 256

    /// The method used for a system of `dimension` state variables.
    public func resolved(dimension: Int) -> RefinementMethod {
        switch self {
        case .automatic: return dimension > Self.matrixFreeThreshold ? .matrixFree : .dense
        case .dense, .matrixFree: return self
        }
    }
}
