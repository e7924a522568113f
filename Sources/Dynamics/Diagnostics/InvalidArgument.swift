/// What was wrong with an argument: its name, the value given and what is allowed. The one payload
/// every analysis throws for a bad argument (inside its own error type), so that messages read alike:
/// "box[1] is 2.0...1.0; lower bounds must be below upper bounds".
public struct InvalidArgument: Error, Equatable, Sendable, CustomStringConvertible {
    /// The argument, as the caller wrote it (`cellsPerDimension`, `box[1]`, `options.radius`).
    public var name: String
    /// The value given, as text.
    public var value: String
    /// What is allowed, or what to do instead.
    public var allowed: String

    /// A payload from its parts.
    public init(_ name: String, is value: Any, allowed: String) {
        self.name = name
        self.value = "\(value)"
        self.allowed = allowed
    }

    /// "name is value; allowed".
    public var description: String { "\(name) is \(value); \(allowed)" }
}
