import Dynamics
import Yang2020Kernels
import DynamicsTestSupport
import PropertyBased
import XCTest

/// `yang2020_ordered_gemm`: bit for bit the plain loop that sums p = 0, 1, ... with each product and
/// sum rounded as written, in every copy this CPU runs (portable, AVX2, AVX-512), and within rounding of
/// BLAS. Sizes cross every tile edge: rows past a multiple of 4, columns past 8, 16, 32 and 64.
final class OrderedProductTests: XCTestCase {
    func testEqualsTheOrderedLoopBitForBitOnEveryPath() throws {
        let best = yang2020_ordered_gemm_use_path(-1)
        defer { _ = yang2020_ordered_gemm_use_path(-1) }
        for path in 0...best {
            XCTAssertEqual(yang2020_ordered_gemm_use_path(Int32(path)), Int32(path))
            try checkEveryShape(path: path)
        }
    }

    /// Copies of op(B) larger than the kernel's 32 KB stack buffer go to the heap.
    func testProductsTooLargeForTheStackBufferOnEveryPath() throws {
        let best = yang2020_ordered_gemm_use_path(-1)
        defer { _ = yang2020_ordered_gemm_use_path(-1) }
        for path in 0...best {
            _ = yang2020_ordered_gemm_use_path(Int32(path))
            try forAllCases(2) { rng in
                try check(path: Int32(path), m: 5, n: 131, k: 300, tA: true, tB: true, alpha: -0.5, beta: 0.75, using: &rng)
            }
        }
    }

    private func checkEveryShape(path: Int32) throws {
        try forAllCases(20) { rng in
            let (m, n, k) = (Arbitrary.int(in: 1...9, using: &rng), Arbitrary.int(in: 1...70, using: &rng), Arbitrary.int(in: 0...20, using: &rng))
            let (tA, tB) = (Bool.random(using: &rng), Bool.random(using: &rng))
            let alpha = [1.0, -0.5, 2.25][Int.random(in: 0...2, using: &rng)]
            let beta = [0.0, 1.0, 0.75][Int.random(in: 0...2, using: &rng)]
            try check(path: path, m: m, n: n, k: k, tA: tA, tB: tB, alpha: alpha, beta: beta, using: &rng)
        }
    }

    private func check(
        path: Int32, m: Int, n: Int, k: Int, tA: Bool, tB: Bool, alpha: Double, beta: Double, using rng: inout Xoshiro
    ) throws {
        let a = (0..<(m * k)).map { _ in Gen.double(in: -2...2).run(using: &rng) }
        let b = (0..<(k * n)).map { _ in Gen.double(in: -2...2).run(using: &rng) }
        let c0 = (0..<(m * n)).map { _ in Gen.double(in: -2...2).run(using: &rng) }
        let (lda, ldb) = (tA ? m : k, tB ? k : n)
        var expected = c0
        for i in 0..<m {
            for j in 0..<n {
                var sum = beta == 0 ? 0 : (beta == 1 ? c0[i * n + j] : beta * c0[i * n + j])
                for p in 0..<k {
                    let weight = alpha * (tA ? a[p * lda + i] : a[i * lda + p])
                    let term = weight * (tB ? b[j * ldb + p] : b[p * ldb + j])
                    sum = sum + term
                }
                expected[i * n + j] = sum
            }
        }
        var double = c0
        yang2020_ordered_gemm_f64(tA ? 1 : 0, tB ? 1 : 0, m, n, k, alpha, a, lda, b, ldb, beta, &double, n)
        let label = "path \(path) m \(m) n \(n) k \(k) tA \(tA) tB \(tB) α \(alpha) β \(beta)"
        XCTAssertEqual(double.map(\.bitPattern), expected.map(\.bitPattern), label)
        var blas = c0
        Double.gemm(transposeA: tA, transposeB: tB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: &blas, ldc: n)
        for (x, y) in zip(double, blas) { XCTAssertEqual(x, y, accuracy: 1e-12 * Double(max(k, 1)) * 8, "\(label): BLAS") }
        // Single precision: the same order in Float.
        let (af, bf, cf) = (a.map(Float.init), b.map(Float.init), c0.map(Float.init))
        var single = cf
        yang2020_ordered_gemm_f32(tA ? 1 : 0, tB ? 1 : 0, m, n, k, Float(alpha), af, lda, bf, ldb, Float(beta), &single, n)
        for i in 0..<m {
            for j in 0..<n {
                var sum: Float = beta == 0 ? 0 : (beta == 1 ? cf[i * n + j] : Float(beta) * cf[i * n + j])
                for p in 0..<k {
                    let weight = Float(alpha) * (tA ? af[p * lda + i] : af[i * lda + p])
                    sum = sum + weight * (tB ? bf[j * ldb + p] : bf[p * ldb + j])
                }
                XCTAssertEqual(single[i * n + j].bitPattern, sum.bitPattern, "\(label): float (\(i), \(j))")
            }
        }
    }
}
