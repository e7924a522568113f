/// A parametric family seen on z = (x, α, β), the state and the two varied parameters, as closures
/// compiled once in the caller (so the user's `step` is specialised there): what the curve engine
/// needs of it.
@usableFromInline
struct CurveModel {
    /// The state's dimension n.
    let n: Int
    /// Map (F(x) − x = 0 defines fixed points) or flow (f(x) = 0).
    let isMap: Bool
    /// The rule F(x; p) or f(x; p) at z.
    let rule: ([Double]) -> [Double]
    /// [∂F/∂x | ∂F/∂α | ∂F/∂β] at z, n × (n + 2).
    let jacobian: ([Double]) -> Matrix
    /// The rule on the line z + t·d, d ∈ ℝⁿ⁺², as Taylor jets: D²F(d, d) = 2c₂, D³F(d, d, d) = 6c₃.
    let along: ([Double], [Double]) -> [TaylorJet]
    /// All parameters of the family at z.
    let parameters: ([Double]) -> [Double]

    @usableFromInline
    init(dimension: Int, isMap: Bool, rule: @escaping ([Double]) -> [Double], jacobian: @escaping ([Double]) -> Matrix,
         along: @escaping ([Double], [Double]) -> [TaylorJet], parameters: @escaping ([Double]) -> [Double]) {
        (n, self.isMap, self.rule, self.jacobian, self.along, self.parameters) = (dimension, isMap, rule, jacobian, along, parameters)
    }

    /// D²F(z)(d, d).
    func second(_ z: [Double], _ d: [Double]) -> [Double] { along(z, d).map { 2 * $0.coefficients.2 } }

    /// The n × (n + 2) matrix whose column j is D²F(z)((u, 0, 0), e_j): the derivative of (∂F/∂x)·u
    /// along each unknown, by polarization, B(a, b) = (Q(a + b) − Q(a − b))/4 with Q(d) = D²F(d, d),
    /// on the unit vector along u so both directions weigh alike.
    ///
    /// - Complexity: 2(n + 2) passes of the rule on Taylor jets.
    func mixed(_ z: [Double], _ u: [Double]) -> Matrix {
        let norm = euclideanNorm(u)
        var columns = Matrix(rows: n, columns: n + 2)
        guard norm > 0 else { return columns }
        let unit = u.map { $0 / norm } + [0, 0]
        for j in 0..<(n + 2) {
            var plus = unit, minus = unit
            plus[j] += 1
            minus[j] -= 1
            let (qPlus, qMinus) = (second(z, plus), second(z, minus))
            for i in 0..<n { columns[i, j] = norm * (qPlus[i] - qMinus[i]) / 4 }
        }
        return columns
    }

    /// ∂F/∂x at z, n × n.
    func stateJacobian(_ z: [Double]) -> Matrix { Self.stateBlock(of: jacobian(z), n: n) }

    /// The first n columns of an n × (n + 2) joint Jacobian.
    static func stateBlock(of joint: Matrix, n: Int) -> Matrix {
        var a = Matrix(rows: n, columns: n)
        for i in 0..<n { for j in 0..<n { a[i, j] = joint[i, j] } }
        return a
    }

    /// The first Lyapunov coefficient of the flow at z (see ``DynamicalSystem/firstLyapunovCoefficient(at:)``).
    func firstLyapunovCoefficient(_ z: [Double]) -> Double? {
        guard !isMap else { return nil }
        let padded = { (d: [Double]) in d + [0, 0] }
        return HopfCoefficients.firstLyapunovCoefficient(
            jacobian: stateJacobian(z),
            second: { self.along(z, padded($0)).map { 2 * $0.coefficients.2 } },
            third: { self.along(z, padded($0)).map { 6 * $0.coefficients.3 } })
    }
}
