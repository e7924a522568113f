import ComplexModule

/// The test functions whose changes along a curve mark codimension-two points, and their location.
///
/// | curve | point | test |
/// | --- | --- | --- |
/// | fold | cusp | wᵀD²F(v, v) / (‖w‖‖v‖²), the fold's quadratic coefficient |
/// | fold (flow) | Bogdanov–Takens | wᵀv / (‖w‖‖v‖): the null vectors turn orthogonal at a double zero |
/// | fold (flow) | zero-Hopf | complex eigenvalues with Re λ > 0 (count) |
/// | fold (map) | 1:1 resonance; fold–flip | wᵀv; det(∂F/∂x + I) |
/// | period doubling | 1:2 resonance; fold–flip | wᵀv; det(∂F/∂x − I) |
/// | Hopf | Bogdanov–Takens; Bautin | κ = ω²; ℓ₁ |
/// | Hopf | zero-Hopf; Hopf–Hopf | det ∂f/∂x; the other eigenvalues with Re λ > 0 (count) |
/// | Neimark–Sacker | 1:1, 1:2, 1:3, 1:4 | κ − 1, κ + 1, κ + 1/2, κ (κ = cos θ) |
extension CurveEngine {
    /// Test values at one point: continuous ones, and eigenvalue counts.
    struct TestValues {
        var continuous: [CodimensionTwoKind: Double] = [:]
        var counts: [CodimensionTwoKind: Int] = [:]
    }

    /// The tests of this curve's kind at z.
    func testValues(at z: [Double], _ linearization: CurveDefiningSystem.Linearization) -> TestValues {
        var values = TestValues()
        let model = system.model
        let a = linearization.stateJacobian
        func scaledDeterminant(_ kind: CodimensionTwoKind, shift: Double) -> Double? {
            var shifted = a
            for i in 0..<n { shifted[i, i] += shift }
            guard let lu = try? LUFactorization(of: shifted) else { return 0 }
            return Double(lu.determinantSign) * Double.exp(lu.logAbsoluteDeterminant - (logScales[kind] ?? 0))
        }
        func eigenvalues() -> [Complex<Double>] { (try? EigenDecomposition.eigenvalues(of: a)) ?? [] }
        switch kind {
        case .fold, .periodDoubling:
            let (v, w) = (linearization.right[0], linearization.left[0])
            let (vNorm, wNorm) = (euclideanNorm(v), euclideanNorm(w))
            let orthogonality = dot(w, v) / (vNorm * wNorm)
            if kind == .fold {
                values.continuous[.cusp] = dot(w, model.second(z, v + [0, 0])) / (wNorm * vNorm * vNorm)
                values.continuous[model.isMap ? .resonance1to1 : .bogdanovTakens] = orthogonality
                if model.isMap {
                    values.continuous[.foldFlip] = scaledDeterminant(.foldFlip, shift: 1)
                } else {
                    values.counts[.zeroHopf] = eigenvalues().filter { abs($0.imaginary) > options.complexTolerance * Swift.max(1, $0.length) && $0.real > 0 }.count
                }
            } else {
                values.continuous[.resonance1to2] = orthogonality
                values.continuous[.foldFlip] = scaledDeterminant(.foldFlip, shift: -1)
            }
        case .hopf:
            let kappa = z[n + 2]
            values.continuous[.bogdanovTakens] = kappa
            if kappa > 0, let l1 = model.firstLyapunovCoefficient(z) { values.continuous[.bautin] = l1 }
            values.continuous[.zeroHopf] = scaledDeterminant(.zeroHopf, shift: 0)
            // The other eigenvalues: all but the two nearest the critical pair ±i√κ (or ±√−κ).
            var others = eigenvalues()
            let root = abs(kappa).squareRoot()
            for target in kappa >= 0 ? [Complex(0, root), Complex(0, -root)] : [Complex(root, 0), Complex(-root, 0)] {
                if let k = others.indices.min(by: { (others[$0] - target).length < (others[$1] - target).length }) { others.remove(at: k) }
            }
            values.counts[.hopfHopf] = others.filter { $0.real > 0 }.count
        case .neimarkSacker:
            let kappa = z[n + 2]
            values.continuous[.resonance1to1] = kappa - 1
            values.continuous[.resonance1to2] = kappa + 1
            values.continuous[.resonance1to3] = kappa + 0.5
            values.continuous[.resonance1to4] = kappa
        default:
            break
        }
        return values
    }

    /// The scales of the determinant tests, from the start point.
    mutating func setDeterminantScales(at z: [Double]) {
        let a = system.model.stateJacobian(z)
        for (kind, shift) in [(CodimensionTwoKind.foldFlip, kind == .fold ? 1.0 : -1.0), (.zeroHopf, 0)] {
            var shifted = a
            for i in 0..<n { shifted[i, i] += shift }
            logScales[kind] = (try? LUFactorization(of: shifted))?.logAbsoluteDeterminant ?? 0
        }
    }

    /// The codimension-two points between z and the point `step` ahead: each test that changed, located
    /// by regula falsi (continuous tests) or bisection (counts) on corrected points.
    func locateEvents(from z: [Double], tangent t: [Double], step: Double, tests: TestValues, nextTests: TestValues, arclength: Double, sign: Double) -> [CodimensionTwoPoint] {
        let pointAt = { (s: Double) in correct(zip(z, t).map { $0 + s * $1 }, constraint: t, through: zip(z, t).map { $0 + s * $1 }) }
        var found: [(CodimensionTwoKind, [Double], Double)] = []
        for kind in CodimensionTwoKind.allCases {
            if let before = tests.continuous[kind], let after = nextTests.continuous[kind], before != 0, after != 0, (before > 0) != (after > 0) {
                let value = { (point: [Double]) -> Double? in
                    guard let linearization = system.linearize(point, wantsJacobian: false) else { return nil }
                    return testValues(at: point, linearization).continuous[kind]
                }
                if let located = ArclengthLocation.zero(step: step, tolerance: options.locationTolerance, start: z, pointAt: pointAt, value: value) {
                    found.append((kind, located.point, located.arclength))
                }
            }
            if let before = tests.counts[kind], let after = nextTests.counts[kind], before != after {
                // A Hopf–Hopf point changes the count by two with the determinant's sign unchanged;
                // a real eigenvalue crossing is the zero-Hopf point.
                if kind == .hopfHopf, let d0 = tests.continuous[.zeroHopf], let d1 = nextTests.continuous[.zeroHopf], (d0 > 0) != (d1 > 0) { continue }
                let isPast = { (point: [Double]) -> Bool in
                    guard let linearization = system.linearize(point, wantsJacobian: false) else { return false }
                    return testValues(at: point, linearization).counts[kind] != before
                }
                if let located = ArclengthLocation.first(step: step, tolerance: options.locationTolerance, pointAt: pointAt, where: isPast) {
                    found.append((kind, located.point, located.arclength))
                }
            }
        }
        // At a Bogdanov–Takens point of a Hopf curve det ∂f/∂x vanishes too (κ is a factor): that zero is
        // the BT point, not a zero-Hopf point.
        let tolerance = 1e-8 * step
        let bogdanovTakens = found.filter { $0.0 == .bogdanovTakens }.map(\.2)
        found.removeAll { event in event.0 == .zeroHopf && bogdanovTakens.contains { abs($0 - event.2) <= tolerance + 1e-6 * step } }
        return found.filter { isInside($0.1) }.sorted { $0.2 < $1.2 }.compactMap { kind, point, s in
            guard let linearization = system.linearize(point, wantsJacobian: false) else { return nil }
            let record = curvePoint(point, linearization, arclength: sign * (arclength + s))
            return CodimensionTwoPoint(kind: kind, parameters: record.parameters, state: record.state, eigenvalues: record.eigenvalues, arclength: record.arclength)
        }
    }
}
