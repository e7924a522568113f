import ComplexModule

extension DynamicalSystem {
    /// The first Lyapunov coefficient ℓ₁ of a flow at an equilibrium whose Jacobian has a pair of
    /// eigenvalues ±iω on (or nearest to) the imaginary axis: negative for a supercritical Hopf point
    /// (a stable cycle grows out of it), positive for a subcritical one (an unstable cycle shrinks into it).
    ///
    /// Kuznetsov's formula (Elements of Applied Bifurcation Theory, §3.5), with Aq = iωq, Aᵀp = −iωp,
    /// ⟨q, q⟩ = ⟨p, q⟩ = 1:
    /// ℓ₁ = Re[⟨p, C(q, q, q̄)⟩ − 2⟨p, B(q, A⁻¹B(q, q̄))⟩ + ⟨p, B(q̄, (2iω − A)⁻¹B(q, q))⟩] / (2ω),
    /// where B and C are the second and third derivatives of f. They come exactly from `step` on
    /// ``TaylorJet``s along real directions, complex arguments by multilinearity and polarization. With
    /// this normalization the normal form ż = (μ + iω)z + (a + ib)z|z|² written in x = Re z, y = Im z
    /// has ℓ₁ = 2a/ω, and a cycle of amplitude |⟨p, x − x*⟩|² ≈ −(dRe λ/dμ)·Δμ/(ω·ℓ₁) is born.
    ///
    /// - Parameter state: the equilibrium (a Hopf point found by continuation).
    /// - Returns: ℓ₁, or nil for a map, a state of the wrong length or not finite, or a Jacobian without
    ///   a complex pair.
    /// - Complexity: one Jacobian, one O(n³) eigendecomposition and two solves, and 7 passes of `step` on
    ///   `TaylorJet` per second- or third-derivative direction (about 20 in all).
    @inlinable
    public func firstLyapunovCoefficient(at state: [Double]) -> Double? {
        guard Self.timeDomain == .continuous, state.count == dimension, state.allSatisfy(\.isFinite) else { return nil }
        func along(_ direction: [Double]) -> [TaylorJet] { (0..<dimension).map { TaylorJet(state[$0], direction: direction[$0]) } }
        return HopfCoefficients.firstLyapunovCoefficient(
            jacobian: jacobian(at: state),
            second: { direction in step(along(direction)).map { 2 * $0.coefficients.2 } },
            third: { direction in step(along(direction)).map { 6 * $0.coefficients.3 } })
    }
}

extension ParametricFlow {
    /// ℓ₁ of the flow at `parameters` (see ``DynamicalSystem/firstLyapunovCoefficient(at:)``) on its
    /// ``fixing(parameters:)`` view; nil for a wrong number of parameters. Continuation fills it in for
    /// every Hopf point it locates.
    ///
    /// - Complexity: as ``DynamicalSystem/firstLyapunovCoefficient(at:)``.
    @inlinable
    public func firstLyapunovCoefficient(at state: [Double], parameters: [Double]) -> Double? {
        guard parameters.count == parameterCount, parameters.allSatisfy(\.isFinite) else { return nil }
        return fixing(parameters: parameters).firstLyapunovCoefficient(at: state)
    }
}

/// The algebra of ``DynamicalSystem/firstLyapunovCoefficient(at:)`` on the system's directional
/// derivatives, compiled once.
@usableFromInline
enum HopfCoefficients {
    /// ℓ₁ from A and the directional derivatives D²f(v, v) (`second`) and D³f(v, v, v) (`third`).
    @usableFromInline
    static func firstLyapunovCoefficient(jacobian a: Matrix, second: ([Double]) -> [Double], third: ([Double]) -> [Double]) -> Double? {
        let n = a.rows
        guard let (omega, q, p) = criticalPair(of: a) else { return nil }
        let (re, im) = (q.map(\.real), q.map(\.imaginary))
        func add(_ u: [Double], _ v: [Double], _ s: Double = 1) -> [Double] { zip(u, v).map { $0 + s * $1 } }
        // B(u, v) = (D²f(u + v) − D²f(u − v))/4 for real u, v.
        func b(_ u: [Double], _ v: [Double]) -> [Double] { zip(second(add(u, v)), second(add(u, v, -1))).map { ($0 - $1) / 4 } }
        let (bReRe, bImIm, bReIm) = (second(re), second(im), b(re, im))
        let bQQbar = add(bReRe, bImIm)                                              // B(q, q̄), real
        let bQQ = zip(add(bReRe, bImIm, -1), bReIm).map { Complex($0, 2 * $1) }     // B(q, q)
        // C(q, q, q̄) = C(a,a,a) + C(a,b,b) + i(C(a,a,b) + C(b,b,b)), q = a + ib, by polarization.
        let (cA, cB, cPlus, cMinus) = (third(re), third(im), third(add(re, im)), third(add(re, im, -1)))
        var cQQQbar: [Complex<Double>] = []
        for i in 0..<n {
            let abb: Double = (cPlus[i] + cMinus[i] - 2 * cA[i]) / 6
            let aab: Double = (cPlus[i] - cMinus[i] - 2 * cB[i]) / 6
            cQQQbar.append(Complex(cA[i] + abb, aab + cB[i]))
        }
        guard let h11 = try? a.solve(bQQbar) else { return nil }                     // A⁻¹B(q, q̄)
        // (2iω − A)(c + id) = r + is as a real system of 2n: [−A, −2ω; 2ω, −A]·(c, d) = (r, s).
        var bordered = Matrix(rows: 2 * n, columns: 2 * n)
        for i in 0..<n {
            for j in 0..<n {
                bordered[i, j] = -a[i, j]
                bordered[n + i, n + j] = -a[i, j]
            }
            bordered[i, n + i] = -2 * omega
            bordered[n + i, i] = 2 * omega
        }
        guard let h20Parts = try? bordered.solve(bQQ.map(\.real) + bQQ.map(\.imaginary)) else { return nil }
        let (c, d) = (Array(h20Parts[0..<n]), Array(h20Parts[n...]))
        // B(q, h11) = B(a, h11) + iB(b, h11); B(q̄, h20) = B(a,c) + B(b,d) + i(B(a,d) − B(b,c)).
        let (bAh, bBh) = (b(re, h11), b(im, h11))
        let bQh11 = zip(bAh, bBh).map { Complex($0, $1) }
        let (bAc, bBd, bAd, bBc) = (b(re, c), b(im, d), b(re, d), b(im, c))
        let bQbarH20 = (0..<n).map { Complex(bAc[$0] + bBd[$0], bAd[$0] - bBc[$0]) }
        let total = inner(p, cQQQbar) - Complex(2, 0) * inner(p, bQh11) + inner(p, bQbarH20)
        let value = total.real / (2 * omega)
        return value.isFinite ? value : nil
    }

    /// The eigenvalue iω (ω > 0) of `a` nearest the imaginary axis, with its right eigenvector q,
    /// ⟨q, q⟩ = 1, and left eigenvector p (Aᵀp = −iωp), ⟨p, q⟩ = 1: the Hopf point's critical pair.
    /// Nil when `a` has no complex eigenvalue.
    @usableFromInline
    static func criticalPair(of a: Matrix) -> (omega: Double, q: [Complex<Double>], p: [Complex<Double>])? {
        guard let eig = try? EigenDecomposition(of: a) else { return nil }
        let scale = eig.eigenvalues.map(\.length).max() ?? 0
        guard let k = eig.eigenvalues.indices.filter({ eig.eigenvalues[$0].imaginary > 1e-10 * Swift.max(scale, 1e-300) })
            .min(by: { abs(eig.eigenvalues[$0].real) < abs(eig.eigenvalues[$1].real) }) else { return nil }
        var q = eig.rightEigenvectors[k]
        let qNorm = q.reduce(0.0) { $0 + $1.lengthSquared }.squareRoot()
        q = q.map { $0 / Complex(qNorm, 0) }
        var p = eig.leftEigenvectors[k]
        let pq = inner(p, q)
        guard pq.length > 0 else { return nil }
        p = p.map { $0 / pq.conjugate }
        return (eig.eigenvalues[k].imaginary, q, p)
    }

    /// ⟨u, v⟩ = Σ conj(uᵢ)·vᵢ.
    static func inner(_ u: [Complex<Double>], _ v: [Complex<Double>]) -> Complex<Double> {
        zip(u, v).reduce(Complex<Double>.zero) { $0 + $1.0.conjugate * $1.1 }
    }
}
