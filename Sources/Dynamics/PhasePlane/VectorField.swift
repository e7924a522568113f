/// The field sampled on a grid: `values[j * xs.count + i]` is the field at (xs[i], ys[j]).
public struct VectorField: Sendable {
    /// Grid abscissae.
    public var xs: [Double]
    /// Grid ordinates.
    public var ys: [Double]
    /// The two components at each grid point, rows of constant y.
    public var values: [[Double]]

    /// A sampled field.
    public init(xs: [Double], ys: [Double], values: [[Double]]) {
        self.xs = xs
        self.ys = ys
        self.values = values
    }
}
