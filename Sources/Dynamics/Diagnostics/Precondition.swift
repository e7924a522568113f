/// The module's precondition: traps when `condition` is false, printing `message` in every build
/// configuration. Swift's `precondition` drops its message in optimized builds, leaving users a bare
/// "Illegal instruction" for a programmer error such as a `step` that returns the wrong count; this one
/// shadows it inside the package's modules (`DynamicsNN` too) so that every check names the values it
/// found.
///
/// - Complexity: O(1) when the condition holds (the message is built only on failure).
@inlinable @inline(__always)
package func precondition(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String = "", file: StaticString = #fileID, line: UInt = #line) {
    if !condition() { preconditionFailed(message(), file: file, line: line) }
}

/// Traps with `message`, kept out of line so that checks cost one branch.
@usableFromInline @inline(never)
package func preconditionFailed(_ message: String, file: StaticString, line: UInt) -> Never {
    fatalError(message, file: file, line: line)
}
