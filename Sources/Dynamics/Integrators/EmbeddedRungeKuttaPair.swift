import RealModule

/// An embedded explicit Runge–Kutta pair with the first-same-as-last property, as the one adaptive
/// stepper (``EmbeddedRungeKuttaStepper``) runs it: s stages, the last row of `a` is the solution's
/// weights b, so stage s is the field at the new state and becomes the next step's first. The tableau
/// is static, so that the stepper's loops are specialised to each pair's stage count.
@usableFromInline
protocol EmbeddedRungeKuttaPair {
    /// Row i: the weights of stages 0..<i in stage i's state (row 0 empty; the last row is b).
    static var a: [[Double]] { get }
    /// b minus the embedded solution's weights, one per stage: the local error estimate's weights.
    static var errorWeights: [Double] { get }
    /// A second, lower-order estimate's weights, when the pair has one (Dormand–Prince 8(5,3)).
    static var lowOrderErrorWeights: [Double]? { get }
    /// −1/(q + 1) for an error estimate of order q: the controller's exponent.
    static var errorExponent: Double { get }
    /// The number of stages, the first-same-as-last one included (a literal, for the loops).
    static var stageCount: Int { get }
}

extension EmbeddedRungeKuttaPair {
    /// The step-size controller: h ← h·factor with factor = 0.9·error^errorExponent, bounded to
    /// [0.2, 5]; 5 for a zero error estimate.
    @inlinable
    static func stepFactor(error: Double) -> Double {
        error == 0 ? 5 : Swift.min(5, Swift.max(0.2, 0.9 * Double.pow(error, errorExponent)))
    }

    /// Combines the two sums of squared scaled errors (the main estimate's and the low-order one's,
    /// 0 when there is none) over `count` components into the norm the controller compares with 1:
    /// the RMS for one estimate; for two, Hairer's DOP853 norm e₅²/√(e₅² + 0.01·e₃²), which trusts the
    /// fifth-order estimate where the third-order one agrees and damps it where that one is much larger.
    @inlinable @inline(__always)
    static func norm(main: Double, lowOrder: Double, count: Int) -> Double {
        guard count > 0 else { return 0 }
        guard lowOrderErrorWeights != nil else { return (main / Double(count)).squareRoot() }
        let denominator = main + 0.01 * lowOrder
        return denominator == 0 ? 0 : main / (denominator * Double(count)).squareRoot()
    }
}

/// Dormand & Prince's 5(4) pair (1980): 7 stages, 6 evaluations a step. States at the tolerances of
/// ordinary use, with the dense output of ``DormandPrinceSolver``; Lyapunov spectra.
@usableFromInline
enum DormandPrince54: EmbeddedRungeKuttaPair {
    @usableFromInline static let a: [[Double]] = [
        [],
        [1.0 / 5],
        [3.0 / 40, 9.0 / 40],
        [44.0 / 45, -56.0 / 15, 32.0 / 9],
        [19372.0 / 6561, -25360.0 / 2187, 64448.0 / 6561, -212.0 / 729],
        [9017.0 / 3168, -355.0 / 33, 46732.0 / 5247, 49.0 / 176, -5103.0 / 18656],
        [35.0 / 384, 0, 500.0 / 1113, 125.0 / 192, -2187.0 / 6784, 11.0 / 84],
    ]
    @usableFromInline static let errorWeights: [Double] = [
        71.0 / 57600, 0, -71.0 / 16695, 71.0 / 1920, -17253.0 / 339200, 22.0 / 525, -1.0 / 40,
    ]
    @inlinable static var lowOrderErrorWeights: [Double]? { nil }
    @inlinable static var errorExponent: Double { -1.0 / 5 }
    @inlinable static var stageCount: Int { 7 }
}

/// Dormand & Prince's 8(5,3) pair (Prince & Dormand 1981; the error estimates of Hairer's DOP853,
/// Solving ODEs I, II.10): 13 stages, 12 evaluations a step, error estimates of orders 5 and 3.
/// For tight tolerances (the shots of cycles): a Hodgkin–Huxley cycle branch at tolerance 1e-12
/// runs 2.1 times faster than with the 5(4) pair, its events unchanged to 5e-12. Coefficients
/// rounded to the nearest doubles from the published 30-digit values.
@usableFromInline
enum DormandPrince853: EmbeddedRungeKuttaPair {
    @usableFromInline static let a: [[Double]] = [
        [],
        [0.05260015195876773],
        [0.0197250569845379, 0.0591751709536137],
        [0.02958758547680685, 0, 0.08876275643042054],
        [0.2413651341592667, 0, -0.8845494793282861, 0.924834003261792],
        [0.037037037037037035, 0, 0, 0.17082860872947386, 0.12546768756682242],
        [0.037109375, 0, 0, 0.17025221101954405, 0.06021653898045596, -0.017578125],
        [0.03709200011850479, 0, 0, 0.17038392571223998, 0.10726203044637328, -0.015319437748624402, 0.008273789163814023],
        [0.6241109587160757, 0, 0, -3.3608926294469414, -0.868219346841726, 27.59209969944671, 20.154067550477894, -43.48988418106996],
        [0.47766253643826434, 0, 0, -2.4881146199716677, -0.590290826836843, 21.230051448181193, 15.279233632882423, -33.28821096898486, -0.020331201708508627],
        [-0.9371424300859873, 0, 0, 5.186372428844064, 1.0914373489967295, -8.149787010746927, -18.52006565999696, 22.739487099350505, 2.4936055526796523, -3.0467644718982196],
        [2.273310147516538, 0, 0, -10.53449546673725, -2.0008720582248625, -17.9589318631188, 27.94888452941996, -2.8589982771350235, -8.87285693353063, 12.360567175794303, 0.6433927460157636],
        [0.054293734116568765, 0, 0, 0, 0, 4.450312892752409, 1.8915178993145003, -5.801203960010585, 0.3111643669578199, -0.1521609496625161, 0.20136540080403034, 0.04471061572777259],
    ]
    @usableFromInline static let errorWeights: [Double] = [
        0.01312004499419488, 0, 0, 0, 0, -1.2251564463762044, -0.4957589496572502, 1.6643771824549864, -0.35032884874997366, 0.3341791187130175, 0.08192320648511571, -0.022355307863886294, 0,
    ]
    @usableFromInline static let lowOrderErrorWeights: [Double]? = [
        -0.18980075407240762, 0, 0, 0, 0, 4.450312892752409, 1.8915178993145003, -5.801203960010585, -0.4226823213237919, -0.1521609496625161, 0.20136540080403034, 0.02265179219836082, 0,
    ]
    @inlinable static var errorExponent: Double { -1.0 / 8 }
    @inlinable static var stageCount: Int { 13 }
}
