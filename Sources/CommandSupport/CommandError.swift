/// A run-time error of a command: one line, no stack trace.
public struct CommandError: Error, CustomStringConvertible {
    /// The message, which says what went wrong and what to do.
    public let description: String

    /// An error with `description` as its message.
    public init(_ description: String) { self.description = description }
}
