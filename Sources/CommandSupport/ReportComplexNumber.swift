/// A complex number as the commands' report.json files write it: `{"re": …, "im": …}`.
public struct ReportComplexNumber: Codable, Sendable, Equatable {
    /// The real part.
    public var re: Double
    /// The imaginary part.
    public var im: Double

    /// The number re + i·im.
    public init(re: Double, im: Double) {
        self.re = re
        self.im = im
    }
}
