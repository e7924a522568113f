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

    /// On data where every product and sum is exact in single precision (dyadic entries of a few bits,
    /// and y = x·A + c never 0), the fused AVX kernel and the OpenBLAS path give the same gradient bit
    /// for bit, in both precisions, for every n the kernel takes (one and two vector panels) and every
    /// remainder of rows modulo the tile height.
    func testFusedReLUKernelEqualsBLASPathOnExactData() throws {
        try XCTSkipUnless(VectorKernels.isAvailable, "no AVX2/FMA on this CPU: the portable path is the only path")
        forAllCases(30) { rng in
            let n = 8 * Arbitrary.int(in: 1...(VectorKernels.fusedReLUMaximumDimension / 8), using: &rng)
            let rows = Arbitrary.int(in: 1...20, using: &rng)
            func dyadic(_ count: Int, _ range: ClosedRange<Int>, _ denominator: Double, plus shift: Double = 0) -> [Double] {
                (0..<count).map { _ in Double(Arbitrary.int(in: range, using: &rng)) / denominator + shift }
            }
            // y is a multiple of 1/16 plus 1/32, never 0; |y| < 60, so every partial sum is exact.
            let layer = ReLUAffineLayer(matrix: Matrix(rows: n, columns: n, elements: dyadic(n * n, -2...2, 4)), offset: dyadic(n, -4...4, 4, plus: 1 / 32))
            let states = dyadic(rows * n, -4...4, 4)
            let (fused, fusedSum) = slowPointGradient(layer, states.map(Float.init), rows: rows, fused: true)
            let (blas, blasSum) = slowPointGradient(layer, states.map(Float.init), rows: rows, fused: false)
            XCTAssertEqual(fused, blas, "n = \(n), \(rows) rows: fused kernel vs OpenBLAS path, single")
            XCTAssertEqual(fusedSum, blasSum, accuracy: 1e-6 * blasSum, "n = \(n), \(rows) rows: sum of G^2, single")
            // In double every sum is exact, Σ G² included.
            let (fused64, fused64Sum) = slowPointGradient(layer, states, rows: rows, fused: true)
            let (blas64, blas64Sum) = slowPointGradient(layer, states, rows: rows, fused: false)
            XCTAssertEqual(fused64, blas64, "n = \(n), \(rows) rows: fused kernel vs OpenBLAS path, double")
            XCTAssertEqual(fused64Sum, blas64Sum, "n = \(n), \(rows) rows: sum of G^2, double")
        }
    }

    /// On random data both kernels agree with the double-precision OpenBLAS path to their precision's
    /// rounding (rows with some |y| < 1e-3, whose activation pattern rounding could flip, are left out
    /// of the comparison).
    func testFusedReLUKernelAgreesWithBLASPathOnRandomData() throws {
        try XCTSkipUnless(VectorKernels.isAvailable, "no AVX2/FMA on this CPU: the portable path is the only path")
        forAllCases(30) { rng in
            let n = 8 * Arbitrary.int(in: 1...(VectorKernels.fusedReLUMaximumDimension / 8), using: &rng)
            let rows = Arbitrary.int(in: 1...20, using: &rng)
            let layer = ReLUAffineLayer(matrix: Arbitrary.matrix(n, n, using: &rng), offset: Arbitrary.vector(n, using: &rng))
            let states = Arbitrary.vector(rows * n, in: -2...2, using: &rng)
            let (fused, fusedSum) = slowPointGradient(layer, states.map(Float.init), rows: rows, fused: true)
            let (fused64, fused64Sum) = slowPointGradient(layer, states, rows: rows, fused: true)
            let (reference, referenceSum) = slowPointGradient(layer, states, rows: rows, fused: false)
            XCTAssertEqual(fusedSum, referenceSum, accuracy: 1e-5 * referenceSum, "n = \(n), \(rows) rows: sum of G^2")
            XCTAssertEqual(fused64Sum, referenceSum, accuracy: 1e-13 * referenceSum, "n = \(n), \(rows) rows: sum of G^2, double")
            let a = layer.matrix
            for r in 0..<rows {
                let y = (0..<n).map { j in (0..<n).reduce(layer.offset[j]) { $0 + Double(Float(states[r * n + $1])) * a[$1, j] } }
                guard y.allSatisfy({ abs($0) >= 1e-3 }) else { continue }
                for j in 0..<n {
                    // The size of the sum behind gradient j bounds its rounding error.
                    let size = (0..<n).reduce(abs(y[j]) + 2) { $0 + abs(y[$1]) * abs(a[j, $1]) }
                    XCTAssertEqual(Double(fused[r * n + j]), reference[r * n + j], accuracy: 1e-5 * size,
                                   "n = \(n), row \(r) of \(rows), component \(j)")
                    XCTAssertEqual(fused64[r * n + j], reference[r * n + j], accuracy: 1e-13 * size,
                                   "n = \(n), row \(r) of \(rows), component \(j), double")
                }
            }
        }
    }

    /// The layer's slow-point gradient (scale 1/2) by the fused kernel or by the OpenBLAS path.
    private func slowPointGradient<S: BLASScalar>(_ layer: ReLUAffineLayer, _ states: [S], rows: Int, fused: Bool) -> ([S], Double) {
        let count = states.count
        var (scratch, gradient) = ([S](repeating: .nan, count: count), [S](repeating: .nan, count: count))
        let sum = states.withUnsafeBufferPointer { x in
            scratch.withUnsafeMutableBufferPointer { s in
                gradient.withUnsafeMutableBufferPointer { g in
                    fused ? layer.vectorSlowPointGradient(x, rows: rows, scale: 0.5, scratch: s, into: g)
                        : layer.blasSlowPointGradient(x, rows: rows, scale: 0.5, scratch: s, into: g)
                }
            }
        }
        return (gradient, sum)
    }
}
