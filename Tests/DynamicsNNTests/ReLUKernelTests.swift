@testable @_spi(Benchmarks) import DynamicsNN
import Dynamics
import NNKernels
import DynamicsTestSupport
import PropertyBased
import XCTest

/// The ReLU layer's hand-written AVX2 kernel against its OpenBLAS path.
final class ReLUKernelTests: XCTestCase {
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

    /// The AVX-512 copy of the fused kernel gives the AVX2 copy's bits, gradient and Σ G² alike, in both
    /// precisions, on random data (including NaN states and units exactly at 0), for every n the kernel
    /// takes and every remainder of rows.
    func testAVX512KernelGivesTheAVX2KernelsBits() throws {
        try XCTSkipUnless(VectorKernels.isAvailable, "no AVX2/FMA on this CPU")
        let best = dynamics_relu_affine_kernel_use_path(-1)
        try XCTSkipUnless(best == 2, "no AVX-512 on this CPU: the AVX2 copy is the only one")
        defer { _ = dynamics_relu_affine_kernel_use_path(-1) }
        forAllCases(30) { rng in
            let n = 8 * Arbitrary.int(in: 1...(VectorKernels.fusedReLUMaximumDimension / 8), using: &rng)
            let rows = Arbitrary.int(in: 1...20, using: &rng)
            var offset = Arbitrary.vector(n, using: &rng)
            offset[Arbitrary.int(in: 0...(n - 1), using: &rng)] = 0
            let layer = ReLUAffineLayer(matrix: Arbitrary.matrix(n, n, using: &rng), offset: offset)
            var states = Arbitrary.vector(rows * n, in: -2...2, using: &rng)
            if rows > 2 { states[Arbitrary.int(in: 0...(rows * n - 1), using: &rng)] = .nan }
            func both<S: BLASScalar>(_ values: [S]) -> (avx2: ([S], Double), avx512: ([S], Double)) {
                _ = dynamics_relu_affine_kernel_use_path(1)
                let avx2 = slowPointGradient(layer, values, rows: rows, fused: true)
                _ = dynamics_relu_affine_kernel_use_path(2)
                return (avx2, slowPointGradient(layer, values, rows: rows, fused: true))
            }
            let single = both(states.map(Float.init))
            XCTAssertEqual(single.avx2.0.map(\.bitPattern), single.avx512.0.map(\.bitPattern), "n = \(n), \(rows) rows: gradient, single")
            XCTAssertEqual(single.avx2.1.bitPattern, single.avx512.1.bitPattern, "n = \(n), \(rows) rows: Σ G², single")
            let double = both(states)
            XCTAssertEqual(double.avx2.0.map(\.bitPattern), double.avx512.0.map(\.bitPattern), "n = \(n), \(rows) rows: gradient, double")
            XCTAssertEqual(double.avx2.1.bitPattern, double.avx512.1.bitPattern, "n = \(n), \(rows) rows: Σ G², double")
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
