/// A forward-mode dual number: a value and its partial derivatives along `N` tangent directions.
///
/// `Dual` lets a model written once against ``DynamicsScalar`` be differentiated exactly: seed the
/// inputs with unit tangents, run `step`, read the partials off the outputs. The partials live
/// inline (`InlineArray`), so arithmetic never touches the heap, and one pass with `N` tangents
/// yields `N` columns of a Jacobian (the "chunk mode" of ForwardDiff.jl; `N = 8` was measured fastest
/// for 64-dimensional maps on this project's machines).
///
/// ```swift
/// let x = Dual<1>(3.0, seed: 0)         // x = 3, dx = 1
/// let y = x * x + Dual<1>.sin(x)       // y.partials[0] == 2·3 + cos(3)
/// ```
///
/// Comparisons and `==` look at the value only, so control flow in a model (`if x > 0`) follows the
/// primal computation.
@frozen
public struct Dual<let N: Int>: Sendable {
    /// The primal value.
    public var value: Double
    /// `partials[k]` is the derivative of `value` along tangent direction `k`.
    public var partials: InlineArray<N, Double>

    /// Creates a dual number from a value and its partials.
    ///
    /// - Complexity: O(1).
    @inlinable @inline(__always)
    public init(value: Double, partials: InlineArray<N, Double>) {
        self.value = value
        self.partials = partials
    }

    /// A constant: `value` with all partials zero.
    ///
    /// - Complexity: O(N).
    @inlinable @inline(__always)
    public init(_ value: Double) {
        self.value = value
        self.partials = InlineArray(repeating: 0)
    }

    /// A variable seeded along one tangent direction: partial `index` is 1, the others 0.
    ///
    /// - Parameters:
    ///   - value: the primal value.
    ///   - index: the tangent direction, in `0..<N`.
    /// - Complexity: O(N).
    @inlinable @inline(__always)
    public init(_ value: Double, seed index: Int) {
        precondition(index >= 0 && index < N, "Dual<\(N)>: seed index \(index) is outside 0..<\(N)")
        self.init(value)
        partials[index] = 1
    }

    /// Applies the chain rule for a unary function: the result has value `value` and partials
    /// `derivative · self.partials`.
    @inlinable @inline(__always)
    func chained(value newValue: Double, derivative: Double) -> Dual {
        var result = Dual(value: newValue, partials: partials)
        for k in 0..<N { result.partials[k] = derivative * partials[k] }
        return result
    }

    /// The chain rule for an (f(x), f'(x)) pair of ``ElementaryDerivatives``.
    @inlinable @inline(__always)
    func chained(_ rule: (Double, Double)) -> Dual { chained(value: rule.0, derivative: rule.1) }
}

extension Dual: CustomStringConvertible {
    /// `value + [partials]`, for debugging.
    public var description: String {
        var parts: [String] = []
        for k in 0..<N { parts.append("\(partials[k])") }
        return "Dual(\(value); [\(parts.joined(separator: ", "))])"
    }
}
