/// The record of one reverse-mode pass: every operation of a `step` on ``TapeScalar`` values that
/// combines two different variables appends one node (its two parents and the two local partials),
/// and a backward sweep over the nodes turns a cotangent on the outputs into one on the inputs.
///
/// Reuse one tape across calls (one per thread): its buffers grow to the largest pass and stay, so
/// later passes allocate nothing.
///
/// ```swift
/// let tape = ReverseModeTape()
/// let gradient = system.vectorJacobianProduct(at: x, cotangent: u, tape: tape)
/// ```
///
/// Not thread-safe: one tape records one pass at a time.
public final class ReverseModeTape {
    @usableFromInline let storage: UnsafeMutablePointer<TapeStorage>

    /// An empty tape with room for `capacity` nodes (it grows as needed).
    ///
    /// - Parameter capacity: default 4096; a pass of n² operations wants about n² nodes.
    public init(capacity: Int = 4096) {
        storage = .allocate(capacity: 1)
        storage.initialize(to: TapeStorage(capacity: Swift.max(capacity, 16)))
    }

    deinit {
        storage.pointee.deallocate()
        storage.deinitialize(count: 1)
        storage.deallocate()
    }

    /// The nodes recorded by the last pass (inputs included).
    public var nodeCount: Int { storage.pointee.count }

    /// Starts a pass: clears the tape and returns the inputs as variables 0..<x.count.
    ///
    /// - Complexity: O(n).
    @inlinable
    public func variables(_ x: [Double]) -> [TapeScalar] {
        storage.pointee.count = 0
        storage.pointee.reserve(x.count)
        return x.map { value in
            let index = storage.pointee.appendLeaf()
            return TapeScalar(value: value, scale: 1, index: index, tape: storage)
        }
    }

    /// The cotangent of the inputs of this pass, uᵀ·∂outputs/∂inputs, for a cotangent u on `outputs`
    /// (the values the pass returned).
    ///
    /// - Parameters:
    ///   - outputs: the pass's results, recorded on this tape (constants are allowed: they contribute 0).
    ///   - cotangent: one weight per output.
    ///   - inputCount: the number of inputs that ``variables(_:)`` created.
    ///   - result: receives `inputCount` values.
    /// - Complexity: O(nodes): one sweep, two multiply-adds per node.
    @inlinable
    public func pullback(outputs: [TapeScalar], cotangent: [Double], inputCount: Int, into result: inout [Double]) {
        precondition(outputs.count == cotangent.count, "pullback: \(outputs.count) outputs, \(cotangent.count) cotangent values")
        precondition(inputCount <= storage.pointee.count, "pullback: \(inputCount) inputs, the tape has \(storage.pointee.count) nodes")
        let tape = storage.pointee
        let adjoint = tape.adjoints
        adjoint.update(repeating: 0, count: tape.count)
        for (output, weight) in zip(outputs, cotangent) where output.index >= 0 {
            precondition(output.tape == storage, "pullback: an output was recorded on another tape")
            adjoint[Int(output.index)] += weight * output.scale
        }
        var node = tape.count - 1
        while node >= inputCount {
            let a = adjoint[node]
            let parents = tape.parents[node], partials = tape.partials[node]
            adjoint[Int(parents.x)] += a * partials.x
            adjoint[Int(parents.y)] += a * partials.y
            node -= 1
        }
        if result.count != inputCount { result = [Double](repeating: 0, count: inputCount) }
        for j in 0..<inputCount { result[j] = adjoint[j] }
    }
}

/// The buffers of a ``ReverseModeTape``: node parents and partials, the adjoints of the backward
/// sweep, and the fill level. A ``TapeScalar`` points here to record its operations.
@usableFromInline
struct TapeStorage {
    @usableFromInline var parents: UnsafeMutablePointer<SIMD2<Int32>>
    @usableFromInline var partials: UnsafeMutablePointer<SIMD2<Double>>
    @usableFromInline var adjoints: UnsafeMutablePointer<Double>
    @usableFromInline var count = 0
    @usableFromInline var capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
        parents = .allocate(capacity: capacity)
        partials = .allocate(capacity: capacity)
        adjoints = .allocate(capacity: capacity)
    }

    func deallocate() {
        parents.deallocate()
        partials.deallocate()
        adjoints.deallocate()
    }

    /// Makes room for `additional` more nodes.
    @inlinable @inline(__always)
    mutating func reserve(_ additional: Int) {
        if count + additional > capacity { grow(to: count + additional) }
    }

    /// Reallocates to at least `minimum` nodes (doubling), keeping the recorded ones.
    @usableFromInline @inline(never)
    mutating func grow(to minimum: Int) {
        precondition(minimum < Int(Int32.max), "ReverseModeTape: a pass of more than \(Int32.max) operations cannot be recorded")
        let newCapacity = Swift.min(Swift.max(minimum, 2 * capacity), Int(Int32.max))
        let (newParents, newPartials) = (UnsafeMutablePointer<SIMD2<Int32>>.allocate(capacity: newCapacity), UnsafeMutablePointer<SIMD2<Double>>.allocate(capacity: newCapacity))
        newParents.update(from: parents, count: count)
        newPartials.update(from: partials, count: count)
        deallocate()
        (parents, partials, adjoints, capacity) = (newParents, newPartials, .allocate(capacity: newCapacity), newCapacity)
    }

    /// Appends an input variable (no parents); returns its index.
    @inlinable @inline(__always)
    mutating func appendLeaf() -> Int32 {
        reserve(1)
        parents[count] = SIMD2(0, 0)
        partials[count] = SIMD2(0, 0)
        count += 1
        return Int32(truncatingIfNeeded: count - 1)
    }

    /// Appends a node with two parents and the partials of the result with respect to each; returns
    /// its index.
    @inlinable @inline(__always)
    mutating func append(_ first: Int32, _ firstPartial: Double, _ second: Int32, _ secondPartial: Double) -> Int32 {
        if count == capacity { grow(to: count + 1) }
        parents[count] = SIMD2(first, second)
        partials[count] = SIMD2(firstPartial, secondPartial)
        count += 1
        return Int32(truncatingIfNeeded: count - 1)
    }
}
