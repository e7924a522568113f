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
    /// (Benchmarks, `scaling`): dense refinement per candidate grows like n³ and crosses the matrix-free
    /// cost between 128 and 256 units (0.12 / 0.50 s per candidate at 128 / 256 for dense find).
    public static let matrixFreeThreshold = 256

    /// The method used for a system of `dimension` state variables.
    public func resolved(dimension: Int) -> RefinementMethod {
        switch self {
        case .automatic: return dimension > Self.matrixFreeThreshold ? .matrixFree : .dense
        case .dense, .matrixFree: return self
        }
    }
}
