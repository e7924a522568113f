import Dispatch

/// Finds fixed points and slow points of any ``DiscreteMap`` or ``ContinuousFlow``.
///
/// Two stages, usable apart or together:
/// - ``optimize(_:)``: the gradient search of Sussillo & Barak (2013) as BrainPy runs it: minimise
///   q(x) = mean over dimensions of G(x)² from many candidates with Adam, G = F − id for a map, f for
///   a flow. Follow it with the filters of ``CandidateSet`` to reproduce the tutorial.
/// - ``refine(_:)``: Newton steps with the exact Jacobian, falling back to Levenberg-Marquardt, which
///   certify exact fixed points by their residual, and report everything else as a slow point with its
///   loss: nothing is dropped silently.
///
/// ``find(from:)`` chains a short warm start, refinement and de-duplication.
///
/// ```swift
/// let finder = SlowPointFinder(henon)
/// let result = try finder.find(from: [[0.5, 0.1], [-1.0, -0.4]])
/// for point in result.fixedPoints { print(point.state, point.residual) }
/// ```
///
/// The system's `step` is called concurrently from several threads when `options.parallel` is set; it
/// must be a pure function of its input (as a value-type model is).
public struct SlowPointFinder<System: DynamicalSystem> {
    /// The system analysed.
    public var system: System
    /// The knobs; see ``SlowPointOptions`` for defaults.
    public var options: SlowPointOptions

    /// A finder for `system`.
    ///
    /// - Parameters:
    ///   - system: any map or flow.
    ///   - options: default ``SlowPointOptions/init()``, the tutorial's settings.
    public init(_ system: System, options: SlowPointOptions = SlowPointOptions()) {
        self.system = system
        self.options = options
    }

    /// Checks the options and the candidate rows, and packs the rows into a matrix, one state per row.
    ///
    /// - Throws: ``SlowPointError`` naming the first bad option or row.
    @usableFromInline
    func validatedCandidates(_ candidates: [[Double]]) throws(SlowPointError) -> Matrix {
        if let message = options.validationError { throw .invalidOptions(message) }
        guard !candidates.isEmpty else { throw .noCandidates }
        let n = system.dimension
        var elements: [Double] = []
        elements.reserveCapacity(candidates.count * n)
        for (row, state) in candidates.enumerated() {
            guard state.count == n else { throw .wrongDimension(row: row, count: state.count, dimension: n) }
            guard state.allSatisfy(\.isFinite) else { throw .nonFinite(row: row) }
            elements.append(contentsOf: state)
        }
        return Matrix(rows: candidates.count, columns: n, elements: elements)
    }
}

/// Runs `body(i)` for i in 0..<count, on all cores when `parallel`; each index is handled once, so
/// results written per index do not depend on the thread count.
@usableFromInline
package func forEachIndex(_ count: Int, parallel: Bool, _ body: (Int) -> Void) {
    if parallel && count > 1 {
        // The body writes to distinct indices only; the box states that for the compiler.
        withoutActuallyEscaping(body) { escapable in
            let box = UncheckedSendableClosure(body: escapable)
            DispatchQueue.concurrentPerform(iterations: count) { box.body($0) }
        }
    } else {
        for i in 0..<count { body(i) }
    }
}

/// A closure handed to worker threads by ``forEachIndex(_:parallel:_:)``.
@usableFromInline
struct UncheckedSendableClosure: @unchecked Sendable {
    @usableFromInline let body: (Int) -> Void
}

/// A buffer that parallel loops write to at distinct indices.
@usableFromInline
package struct UncheckedSendableBuffer<Element>: @unchecked Sendable {
    @usableFromInline package let buffer: UnsafeMutableBufferPointer<Element>
    @usableFromInline package init(_ buffer: UnsafeMutableBufferPointer<Element>) { self.buffer = buffer }
}
