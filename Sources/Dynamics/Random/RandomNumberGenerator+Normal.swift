import RealModule

extension RandomNumberGenerator {
    /// A standard normal sample by the Box-Muller transform (one sample per call; the second is
    /// discarded so that the stream position depends only on the number of calls).
    ///
    /// - Complexity: O(1).
    @inlinable
    public mutating func nextStandardNormal() -> Double {
        // u1 in (0, 1] so that log(u1) is finite.
        let u1 = 1 - Double.random(in: 0..<1, using: &self)
        let u2 = Double.random(in: 0..<1, using: &self)
        return Double.sqrt(-2 * Double.log(u1)) * Double.cos(2 * Double.pi * u2)
    }

    /// A normal sample with the given mean and standard deviation.
    ///
    /// - Complexity: O(1).
    @inlinable
    public mutating func nextNormal(mean: Double = 0, standardDeviation: Double = 1) -> Double {
        mean + standardDeviation * nextStandardNormal()
    }
}
