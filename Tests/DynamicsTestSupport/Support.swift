import Dynamics
import Foundation
import PropertyBased
import XCTest

/// The property-test driver: runs `body` on `count` cases, each with its own `Xoshiro` seeded from
/// (base seed, case index), and when a case records a failure, records one more failure naming the
/// seed that reproduces it.
///
/// Set `DYNAMICS_TEST_SEED` to rerun with another base seed; set `DYNAMICS_TEST_CASES` to scale the
/// number of cases (a factor, e.g. 10 for a release-build soak).
extension XCTestCase {
    /// Runs a seeded property check.
    ///
    /// - Parameters:
    ///   - count: number of cases; keep it small in debug builds.
    ///   - seed: the base seed; default fixed so that runs are reproducible.
    ///   - body: the property; it gets the case's generator and should assert with XCTest.
    public func forAllCases(
        _ count: Int, seed: UInt64 = 20_201_106, file: StaticString = #filePath, line: UInt = #line,
        _ body: (inout Xoshiro) throws -> Void
    ) rethrows {
        let environment = ProcessInfo.processInfo.environment
        let base = environment["DYNAMICS_TEST_SEED"].flatMap(UInt64.init) ?? seed
        let scale = environment["DYNAMICS_TEST_CASES"].flatMap(Int.init) ?? 1
        for index in 0..<(count * Swift.max(scale, 1)) {
            let caseSeed = base &+ UInt64(index) &* 0x9E37_79B9_7F4A_7C15
            var rng = Xoshiro(seed: (caseSeed, caseSeed ^ 0xDEAD_BEEF, ~caseSeed, caseSeed &* 3))
            let before = testRun?.totalFailureCount ?? 0
            try body(&rng)
            if (testRun?.totalFailureCount ?? 0) > before {
                XCTFail("failing case \(index): rerun with DYNAMICS_TEST_SEED=\(base) (case seed \(caseSeed))", file: file, line: line)
                return
            }
        }
    }
}

/// Random test data from the property-based generators.
public enum Arbitrary {
    /// A vector of `count` values uniform in `range`.
    public static func vector(_ count: Int, in range: ClosedRange<Double> = -1...1, using rng: inout Xoshiro) -> [Double] {
        let gen = Gen.double(in: range)
        return (0..<count).map { _ in gen.run(using: &rng) }
    }

    /// A `rows × columns` matrix of values uniform in `range`.
    public static func matrix(_ rows: Int, _ columns: Int, in range: ClosedRange<Double> = -1...1, using rng: inout Xoshiro) -> Matrix {
        Matrix(rows: rows, columns: columns, elements: vector(rows * columns, in: range, using: &rng))
    }

    /// An integer in `range`.
    public static func int(in range: ClosedRange<Int>, using rng: inout Xoshiro) -> Int {
        Gen.int(in: range).run(using: &rng)
    }
}

/// |a − b| ≤ tolerance · max(1, |a|, |b|): a relative comparison that degrades to absolute near 0.
public func isClose(_ a: Double, _ b: Double, tolerance: Double) -> Bool {
    abs(a - b) <= tolerance * Swift.max(1, abs(a), abs(b))
}

/// Asserts elementwise closeness of two matrices with a message showing the worst entry.
public func assertClose(
    _ a: Matrix, _ b: Matrix, tolerance: Double, _ message: @autoclosure () -> String = "",
    file: StaticString = #filePath, line: UInt = #line
) {
    XCTAssertEqual(a.rows, b.rows, "rows differ " + message(), file: file, line: line)
    XCTAssertEqual(a.columns, b.columns, "columns differ " + message(), file: file, line: line)
    guard a.rows == b.rows, a.columns == b.columns else { return }
    for k in a.elements.indices where !isClose(a.elements[k], b.elements[k], tolerance: tolerance) {
        XCTFail("entry (\(k / a.columns), \(k % a.columns)): \(a.elements[k]) vs \(b.elements[k]), tolerance \(tolerance) " + message(), file: file, line: line)
        return
    }
}

/// Asserts elementwise closeness of two vectors.
public func assertClose(
    _ a: [Double], _ b: [Double], tolerance: Double, _ message: @autoclosure () -> String = "",
    file: StaticString = #filePath, line: UInt = #line
) {
    assertClose(Matrix(rows: 1, columns: a.count, elements: a), Matrix(rows: 1, columns: b.count, elements: b), tolerance: tolerance, message(), file: file, line: line)
}

/// The central finite difference (f(x + h) − f(x − h)) / 2h.
public func centralDifference(_ f: (Double) -> Double, at x: Double, step h: Double = 1e-6) -> Double {
    (f(x + h) - f(x - h)) / (2 * h)
}

/// The checks every system with overrides must pass at a random state: the Jacobian, JVP and VJP
/// against the dual-number defaults and J·v, Jᵀ·u; batched evaluation and VJPs against row by row.
public func assertOverridesMatchDefaults<S: DynamicalSystem>(
    _ system: S, at x: [Double], using rng: inout Xoshiro, _ label: String, file: StaticString = #filePath, line: UInt = #line
) {
    let n = system.dimension
    let analytic = system.jacobian(at: x)
    let dual = system.dualNumberJacobian(at: x)
    assertClose(dual, analytic, tolerance: 1e-12, "\(label): dual Jacobian vs analytic, n = \(n)", file: file, line: line)
    var workspace = DualJacobianWorkspace(dimension: n)
    system.dualNumberJacobian(at: x, workspace: &workspace)
    system.dualNumberJacobian(at: x, workspace: &workspace)   // reused buffers give the same answer
    assertClose(workspace.jacobian, analytic, tolerance: 1e-12, "\(label): workspace Jacobian vs analytic", file: file, line: line)
    var inPlace = [Double](repeating: .nan, count: n)
    system.step(x, into: &inPlace)
    assertClose(inPlace, system.step(x), tolerance: 0, "\(label): step(_:into:) vs step", file: file, line: line)
    let v = Arbitrary.vector(n, using: &rng), u = Arbitrary.vector(n, using: &rng)
    assertClose(system.jacobianVectorProduct(at: x, direction: v), analytic * v, tolerance: 1e-12, "\(label): JVP vs J·v", file: file, line: line)
    assertClose(system.dualNumberJacobianVectorProduct(at: x, direction: v), analytic * v, tolerance: 1e-12, "\(label): dual JVP vs J·v", file: file, line: line)
    assertClose(system.vectorJacobianProduct(at: x, cotangent: u), u * analytic, tolerance: 1e-12, "\(label): VJP vs Jᵀ·u", file: file, line: line)
    assertClose(system.reverseModeVectorJacobianProduct(at: x, cotangent: u), u * analytic, tolerance: 1e-12, "\(label): reverse-mode VJP vs Jᵀ·u", file: file, line: line)
    let rows = Arbitrary.int(in: 1...5, using: &rng)
    let states = Arbitrary.matrix(rows, n, in: -2...2, using: &rng)
    let cotangents = Arbitrary.matrix(rows, n, using: &rng)
    assertClose(system.evaluate(states), system.rowByRowEvaluation(states), tolerance: 1e-13, "\(label): batched vs row-by-row evaluation", file: file, line: line)
    assertClose(
        system.vectorJacobianProducts(at: states, cotangents: cotangents),
        system.rowByRowVectorJacobianProducts(at: states, cotangents: cotangents), tolerance: 1e-12,
        "\(label): batched vs row-by-row VJP", file: file, line: line)
    var dualRows = Matrix(rows: rows, columns: n)
    for r in 0..<rows {
        dualRows.elements.replaceSubrange(r * n..<(r + 1) * n, with: system.dualNumberVectorJacobianProduct(at: states.row(r), cotangent: cotangents.row(r)))
    }
    assertClose(system.vectorJacobianProducts(at: states, cotangents: cotangents), dualRows, tolerance: 1e-12, "\(label): batched VJP vs dual numbers", file: file, line: line)
    assertSlowPointGradientMatchesComposition(system, using: &rng, label, as: Double.self, tolerance: 1e-12, file: file, line: line)
    assertSlowPointGradientMatchesComposition(system, using: &rng, label, as: Float.self, tolerance: 1e-5, file: file, line: line)
}

/// The slow-point gradient by every route the system has (its fused ``SlowPointGradientKernel``, the
/// composition of its ``BatchKernelSystem`` kernels) against reverse mode on the generic `step`
/// (``DynamicalSystem/reverseModeSlowPointGradient(_:rows:scale:into:tape:)``), and Σ G² against the
/// residuals of ``DynamicalSystem/fixedPointResidual(_:)``, in precision S, on 1 to 13 random rows (so
/// that both the eight-lane loops and their tails run). The scratch starts as NaN: an implementation
/// must not read what it has not written.
public func assertSlowPointGradientMatchesComposition<System: DynamicalSystem, S: BLASScalar>(
    _ system: System, using rng: inout Xoshiro, _ label: String, as: S.Type, tolerance: Double,
    file: StaticString = #filePath, line: UInt = #line
) {
    let n = system.dimension
    let rows = Arbitrary.int(in: 1...13, using: &rng)
    let states = Arbitrary.matrix(rows, n, in: -2...2, using: &rng)
    let input = states.elements.map { S($0) }
    let scale = S(Arbitrary.vector(1, in: 0.1...2, using: &rng)[0])
    func run(_ kernel: (UnsafeBufferPointer<S>, UnsafeMutableBufferPointer<S>, UnsafeMutableBufferPointer<S>) -> Double) -> (Double, Matrix) {
        var scratch = [S](repeating: .nan, count: 2 * rows * n)
        var gradient = [S](repeating: .nan, count: rows * n)
        let sum = input.withUnsafeBufferPointer { x in
            scratch.withUnsafeMutableBufferPointer { w in gradient.withUnsafeMutableBufferPointer { kernel(x, w, $0) } }
        }
        return (sum, Matrix(rows: rows, columns: n, elements: gradient.map(\.primalValue)))
    }
    let tape = ReverseModeTape()
    let (reverseSum, reverse) = run { x, _, g in system.reverseModeSlowPointGradient(x, rows: rows, scale: scale, into: g, tape: tape) }
    var routes: [(String, Double, Matrix)] = []
    if let fused = system as? any SlowPointGradientKernel {
        let (sum, gradient) = run { fused.slowPointGradientBatch($0, rows: rows, scale: scale, scratch: $1, into: $2) }
        routes.append(("fused kernel", sum, gradient))
    }
    if let batch = system as? any BatchKernelSystem {
        let (sum, gradient) = run { batch.composedSlowPointGradientBatch($0, rows: rows, scale: scale, scratch: $1, into: $2) }
        routes.append(("composed kernels", sum, gradient))
    }
    let residualSum = (0..<rows).reduce(0.0) { total, r in
        total + system.fixedPointResidual(input[(r * n)..<((r + 1) * n)].map(\.primalValue)).reduce(0) { $0 + $1 * $1 }
    }
    let message = "\(label): slow-point gradient in \(S.self), \(rows) rows"
    XCTAssertTrue(isClose(reverseSum, residualSum, tolerance: tolerance), "\(message): reverse-mode Σ G² \(reverseSum) vs residuals \(residualSum)", file: file, line: line)
    for (name, sum, gradient) in routes {
        XCTAssertTrue(isClose(sum, reverseSum, tolerance: tolerance), "\(message): \(name) Σ G² \(sum) vs reverse mode \(reverseSum)", file: file, line: line)
        assertClose(gradient, reverse, tolerance: tolerance, "\(message): \(name) vs reverse mode", file: file, line: line)
    }
}
