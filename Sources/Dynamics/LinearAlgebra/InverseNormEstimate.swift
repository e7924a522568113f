import CLapack

/// An estimate of ‖A⁻¹‖₁ from solves with A and Aᵀ alone: Hager and Higham's estimator, LAPACK's
/// `dlacn2`, the one `dgecon` runs on an LU. It lets a caller that solves in its own way (a
/// structured factorization, say) estimate a condition number without a full LU.
///
/// - Parameters:
///   - n: the dimension.
///   - solve: returns A⁻¹·x, or A⁻ᵀ·x when its second argument is true; nil when the solve fails.
/// - Returns: a lower bound on ‖A⁻¹‖₁, usually within a factor of 3 of it; nil when a solve failed
///   or gave non-finite values.
/// - Complexity: about five solves and O(n) per solve.
func estimateInverseOneNorm(dimension n: Int, solve: ([Double], _ transposed: Bool) -> [Double]?) -> Double? {
    var size = Int32(n)
    var work = [Double](repeating: 0, count: n)
    var x = [Double](repeating: 0, count: n)
    var signs = [Int32](repeating: 0, count: n)
    var saved = [Int32](repeating: 0, count: 3)
    var estimate = 0.0
    var request: Int32 = 0
    while true {
        // Reverse communication: dlacn2 asks for x ← A⁻¹·x (request 1) or x ← A⁻ᵀ·x (request 2), and
        // sets request to 0 when the estimate is final.
        dlacn2_(&size, &work, &x, &signs, &estimate, &request, &saved)
        if request == 0 { return estimate }
        guard let next = solve(x, request == 2), next.count == n, next.allSatisfy(\.isFinite) else { return nil }
        x = next
    }
}
