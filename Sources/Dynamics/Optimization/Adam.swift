import RealModule

/// The Adam optimiser (Kingma & Ba, 2015) with standard bias correction, in the form of their §2 and
/// of BrainPy: θ ← θ − lr·√(1 − β₂ᵗ)/(1 − β₁ᵗ) · m/(√v + ε).
///
/// Shared by the slow-point search and the example's training loop; it updates caller-owned buffers in
/// place, in single or double precision, without allocating.
public struct Adam: Sendable {
    /// The step size; default 1e-3.
    public var learningRate: Double
    /// First-moment decay; default 0.9.
    public var beta1: Double
    /// Second-moment decay; default 0.999.
    public var beta2: Double
    /// Denominator guard; default 1e-8.
    public var epsilon: Double

    /// Adam with the usual defaults.
    public init(learningRate: Double = 1e-3, beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8) {
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
    }

    /// The bias-corrected step size at step t ≥ 1: lr·√(1 − β₂ᵗ)/(1 − β₁ᵗ).
    @inlinable
    public func stepSize(at t: Int) -> Double {
        learningRate * Double.sqrt(1 - Double.pow(beta2, Double(t))) / (1 - Double.pow(beta1, Double(t)))
    }

    /// One Adam step on `parameters` given `gradients`, updating the moment buffers; all buffers have
    /// the same length.
    ///
    /// In single precision on a CPU with AVX2 (``VectorKernels/isAvailable``) the step runs in the
    /// eight-lane AVX kernel `dynamics_adam_update_f32`, otherwise in Swift SIMD (`portableUpdate`, the same bits);
    /// both round every operation as written, so they give the same bits.
    ///
    /// - Parameters:
    ///   - t: the step number, starting at 1 (it sets the bias correction).
    /// - Complexity: O(count), no allocation.
    @inlinable
    public func update<S: BLASScalar>(
        parameters: UnsafeMutableBufferPointer<S>, gradients: UnsafeBufferPointer<S>,
        firstMoments m: UnsafeMutableBufferPointer<S>, secondMoments v: UnsafeMutableBufferPointer<S>, step t: Int
    ) {
        if S.self == Float.self && VectorKernels.isAvailable {
            vectorUpdate(parameters: parameters, gradients: gradients, firstMoments: m, secondMoments: v, step: t)
        } else {
            portableAdamUpdate(parameters: parameters, gradients: gradients, firstMoments: m, secondMoments: v, step: t)
        }
    }

    /// ``update(parameters:gradients:firstMoments:secondMoments:step:)`` in Swift SIMD whatever the
    /// CPU: the baseline that benchmarks compare the AVX kernel with.
    ///
    /// - Complexity: O(count), no allocation.
    @_spi(Benchmarks)
    public func portableUpdate<S: BLASScalar>(
        parameters: UnsafeMutableBufferPointer<S>, gradients: UnsafeBufferPointer<S>,
        firstMoments m: UnsafeMutableBufferPointer<S>, secondMoments v: UnsafeMutableBufferPointer<S>, step t: Int
    ) {
        portableAdamUpdate(parameters: parameters, gradients: gradients, firstMoments: m, secondMoments: v, step: t)
    }

    /// The update in Swift SIMD (SSE on baseline x86-64), in any precision.
    ///
    /// - Complexity: O(count), no allocation.
    @inlinable
    func portableAdamUpdate<S: BLASScalar>(
        parameters: UnsafeMutableBufferPointer<S>, gradients: UnsafeBufferPointer<S>,
        firstMoments m: UnsafeMutableBufferPointer<S>, secondMoments v: UnsafeMutableBufferPointer<S>, step t: Int
    ) {
        let rate = S(stepSize(at: t))
        let (b1, b2, eps) = (S(beta1), S(beta2), S(epsilon))
        let count = parameters.count
        let (p, g, mp, vp) = (parameters.baseAddress!, gradients.baseAddress!, m.baseAddress!, v.baseAddress!)
        // Eight lanes at a time (explicit SIMD: the buffers may alias as far as the compiler knows).
        var k = 0
        while k + 8 <= count {
            let gk = UnsafeRawPointer(g + k).loadUnaligned(as: SIMD8<S>.self)
            let mk = b1 * UnsafeRawPointer(mp + k).loadUnaligned(as: SIMD8<S>.self) + (1 - b1) * gk
            let vk = b2 * UnsafeRawPointer(vp + k).loadUnaligned(as: SIMD8<S>.self) + (1 - b2) * gk * gk
            let pk = UnsafeRawPointer(p + k).loadUnaligned(as: SIMD8<S>.self) - rate * mk / (vk.hardwareSquareRoot() + eps)
            UnsafeMutableRawPointer(mp + k).storeBytes(of: mk, as: SIMD8<S>.self)
            UnsafeMutableRawPointer(vp + k).storeBytes(of: vk, as: SIMD8<S>.self)
            UnsafeMutableRawPointer(p + k).storeBytes(of: pk, as: SIMD8<S>.self)
            k += 8
        }
        while k < count {
            mp[k] = b1 * mp[k] + (1 - b1) * g[k]
            vp[k] = b2 * vp[k] + (1 - b2) * g[k] * g[k]
            p[k] -= rate * mp[k] / (vp[k].squareRoot() + eps)
            k += 1
        }
    }
}
