import PropertyBased

/// Command-line values a hostile or careless user types: every numeric edge (zero, negatives, the
/// Int64 and UInt64 limits and one past them, huge and tiny doubles, NaN and infinities), malformed
/// numbers, empty and padded strings, and ordinary random integers and doubles of any magnitude.
public enum HostileOptionValues {
    /// The fixed pool.
    public static let edges: [String] = [
        "0", "-0", "1", "-1", "2", "0.5", "-0.5", "1e-300", "1e300", "-1e300", "1e309", "nan", "NaN", "inf", "-inf",
        "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
        "18446744073709551615", "18446744073709551616", "4294967296", "2147483648", "100000000000",
        "", " ", " 3", "3 ", "0x10", "1,2", "1,,2", ",", "abc", "1e", "--", "-", "1.2.3", "½", "१२",
    ]

    /// One value: from the pool, or a random integer or double spanning 36 orders of magnitude.
    public static func value(using rng: inout Xoshiro) -> String {
        switch Int.random(in: 0...3, using: &rng) {
        case 0, 1: return edges[Int.random(in: 0..<edges.count, using: &rng)]
        case 2: return String(Int.random(in: -1_000_000_000...1_000_000_000, using: &rng) >> Int.random(in: 0...30, using: &rng))
        default:
            let magnitude = Double.random(in: -18...18, using: &rng)
            return String((Bool.random(using: &rng) ? 1.0 : -1.0) * Double.exp(magnitude * Double.log(10)))
        }
    }
}
