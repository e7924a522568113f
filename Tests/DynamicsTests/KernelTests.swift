@testable @_spi(Benchmarks) import Dynamics
import DynamicsTestSupport
import PropertyBased
import XCTest

/// The hand-vectorized kernels of the hot loops against their scalar definitions.
final class KernelTests: XCTestCase {
    /// Packed square roots are IEEE square roots: bit for bit, zeros, subnormals and infinity included.
    func testHardwareSquareRootIsCorrectlyRounded() {
        func check<S: BLASScalar>(_ lanes: [S], _ label: String) {
            let roots = SIMD8<S>(lanes).hardwareSquareRoot()
            for (lane, x) in lanes.enumerated() {
                XCTAssertEqual(roots[lane], x.squareRoot(), "\(label): sqrt(\(x))")
                XCTAssertEqual(roots[lane].sign, x.squareRoot().sign, "\(label): sign of sqrt(\(x))")
            }
        }
        check([0, -0.0, .leastNonzeroMagnitude, .leastNormalMagnitude, 1, 2, .greatestFiniteMagnitude, .infinity] as [Float], "Float specials")
        check([0, -0.0, .leastNonzeroMagnitude, .leastNormalMagnitude, 1, 2, .greatestFiniteMagnitude, .infinity] as [Double], "Double specials")
        XCTAssertTrue(SIMD8<Float>(repeating: -1).hardwareSquareRoot()[0].isNaN, "sqrt(-1) is NaN")
        forAllCases(50) { rng in
            let exponents = (0..<8).map { _ in Arbitrary.int(in: -60...60, using: &rng) }
            let mantissas = Arbitrary.vector(8, in: 1...2, using: &rng)
            check(zip(mantissas, exponents).map { Float(sign: .plus, exponent: $0.1, significand: Float($0.0)) }, "Float")
            check(zip(mantissas, exponents).map { Double(sign: .plus, exponent: $0.1 * 10, significand: $0.0) }, "Double")
        }
    }

    /// Adam's eight-lane update equals the textbook scalar update step by step, over lengths that
    /// exercise the tail loop.
    func testAdamUpdateMatchesScalarDefinition() {
        forAllCases(20) { rng in
            let count = Arbitrary.int(in: 1...37, using: &rng)
            let adam = Adam(learningRate: 0.01)
            var parameters = Arbitrary.vector(count, using: &rng).map { Float($0) }
            var (m, v) = ([Float](repeating: 0, count: count), [Float](repeating: 0, count: count))
            var expected = parameters
            var (em, ev) = (m, v)
            for t in 1...5 {
                let gradients = Arbitrary.vector(count, using: &rng).map { Float($0) }
                var (portable, pm, pv) = (parameters, m, v)
                parameters.withUnsafeMutableBufferPointer { p in
                    m.withUnsafeMutableBufferPointer { mb in
                        v.withUnsafeMutableBufferPointer { vb in
                            gradients.withUnsafeBufferPointer { adam.update(parameters: p, gradients: $0, firstMoments: mb, secondMoments: vb, step: t) }
                        }
                    }
                }
                portable.withUnsafeMutableBufferPointer { p in
                    pm.withUnsafeMutableBufferPointer { mb in
                        pv.withUnsafeMutableBufferPointer { vb in
                            gradients.withUnsafeBufferPointer { adam.portableUpdate(parameters: p, gradients: $0, firstMoments: mb, secondMoments: vb, step: t) }
                        }
                    }
                }
                let rate = Float(adam.stepSize(at: t))
                for k in 0..<count {
                    em[k] = 0.9 * em[k] + (1 - 0.9) * gradients[k]
                    ev[k] = 0.999 * ev[k] + (1 - 0.999) * gradients[k] * gradients[k]
                    expected[k] -= rate * em[k] / (ev[k].squareRoot() + 1e-8)
                }
                XCTAssertEqual(parameters, expected, "Adam step \(t), \(count) parameters (AVX kernel: \(VectorKernels.isAvailable))")
                XCTAssertEqual(portable, expected, "portable Adam step \(t), \(count) parameters")
                XCTAssertEqual(m + v, em + ev, "Adam moments at step \(t), \(count) parameters")
            }
        }
    }

    /// One-row products (served by gemv) equal the naive sum for every transpose combination, and
    /// β = 0 ignores whatever the output held, NaN included.
    func testSingleRowProductMatchesNaiveSum() {
        forAllCases(20) { rng in
            let (n, k) = (Arbitrary.int(in: 1...9, using: &rng), Arbitrary.int(in: 1...9, using: &rng))
            for (transposeA, transposeB) in [(false, false), (false, true), (true, false), (true, true)] {
                let a = Arbitrary.vector(k, using: &rng)
                let b = Arbitrary.vector(k * n, using: &rng)          // op(B) is k × n
                let beta = [0.0, 0.5][Arbitrary.int(in: 0...1, using: &rng)]
                var c = beta == 0 ? [Double](repeating: .nan, count: n) : Arbitrary.vector(n, using: &rng)
                let expected = (0..<n).map { j in
                    (0..<k).reduce(0.0) { $0 + a[$1] * (transposeB ? b[j * k + $1] : b[$1 * n + j]) } * 2 + (beta == 0 ? 0 : beta * c[j])
                }
                Double.gemm(transposeA: transposeA, transposeB: transposeB, m: 1, n: n, k: k, alpha: 2, a: a, lda: transposeA ? 1 : k,
                            b: b, ldb: transposeB ? k : n, beta: beta, c: &c, ldc: n)
                assertClose(c, expected, tolerance: 1e-14, "m = 1, n = \(n), k = \(k), transposes \(transposeA) \(transposeB), beta \(beta)")
            }
        }
    }

    /// Blocks cover the rows exactly once, in order, hold at most the maximum, differ by at most one
    /// row, and come in a multiple of 4 whenever there are enough rows.
    func testBlockPartitionIsBalanced() {
        forAllCases(100) { rng in
            let rows = Arbitrary.int(in: 1...5000, using: &rng)
            let maximum = Arbitrary.int(in: 1...300, using: &rng)
            let blocks = BlockPartition(rows: rows, maximumBlockRows: maximum)
            var next = 0
            var sizes: [Int] = []
            for index in 0..<blocks.count {
                let (low, size) = blocks.range(of: index)
                XCTAssertEqual(low, next, "block \(index) of \(rows) rows starts where the last ended")
                next = low + size
                sizes.append(size)
            }
            XCTAssertEqual(next, rows, "\(rows) rows, maximum \(maximum): blocks cover every row")
            XCTAssertLessThanOrEqual(sizes.max()!, maximum, "\(rows) rows: no block above \(maximum)")
            XCTAssertLessThanOrEqual(sizes.max()! - sizes.min()!, 1, "\(rows) rows, maximum \(maximum): sizes \(Set(sizes))")
            XCTAssertTrue(blocks.count % 4 == 0 || blocks.count == rows, "\(rows) rows, maximum \(maximum): \(blocks.count) blocks")
        }
        let tutorial = BlockPartition(rows: 2200, maximumBlockRows: 256)
        XCTAssertEqual(tutorial.count, 12, "2200 candidates in blocks of at most 256")
    }
}
