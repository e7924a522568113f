import CLapack

/// Process-wide LAPACKE settings, applied once before the first call.
enum LAPACKSettings {
    /// Turns off LAPACKE's own NaN scan of every input: the wrappers reject non-finite input themselves
    /// (with a clearer error) before calling LAPACK, so the second scan only costs time.
    static let configured: Bool = {
        LAPACKE_set_nancheck(0)
        return true
    }()

    static func configure() { _ = configured }
}
