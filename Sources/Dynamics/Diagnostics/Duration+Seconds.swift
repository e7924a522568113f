extension Duration {
    /// The duration in seconds, as the reports and progress lines print it. Package-wide (the library's
    /// users keep their own spelling of this).
    ///
    /// - Complexity: O(1).
    @inlinable
    package var inSeconds: Double { Double(components.seconds) + Double(components.attoseconds) * 1e-18 }
}
