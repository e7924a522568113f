/// The parsed header dictionary of a `.npy` file: `{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }`.
///
/// The parser reads exactly this subset of Python literal syntax (quoted strings, True/False, tuples
/// of non-negative integers) and rejects anything else with a message; it never traps, whatever the
/// bytes.
struct NumPyHeader: Equatable {
    var descr: String
    var fortranOrder: Bool
    var shape: [Int]

    /// Parses the header text.
    static func parse(_ text: String) throws(NumPyError) -> NumPyHeader {
        var scanner = LiteralScanner(Array(text.unicodeScalars))
        var descr: String?
        var fortran: Bool?
        var shape: [Int]?
        scanner.skipSpace()
        guard scanner.consume("{") else { throw .malformedHeader("expected '{' at the start of the header dictionary") }
        while true {
            scanner.skipSpace()
            if scanner.consume("}") { break }
            let key = try scanner.string()
            scanner.skipSpace()
            guard scanner.consume(":") else { throw .malformedHeader("expected ':' after key '\(key)'") }
            scanner.skipSpace()
            switch key {
            case "descr": descr = try scanner.string()
            case "fortran_order": fortran = try scanner.bool()
            case "shape": shape = try scanner.integerTuple()
            default: throw .malformedHeader("unexpected key '\(key)'")
            }
            scanner.skipSpace()
            if scanner.consume(",") { continue }
            scanner.skipSpace()
            guard scanner.consume("}") else { throw .malformedHeader("expected ',' or '}' after the value of '\(key)'") }
            break
        }
        // Only padding may follow the dictionary (NumPy's literal parser rejects anything else).
        scanner.skipSpace()
        guard scanner.current == nil else { throw .malformedHeader("unexpected text after the header dictionary at position \(scanner.position)") }
        guard let descr else { throw .malformedHeader("the key 'descr' is missing") }
        guard let fortran else { throw .malformedHeader("the key 'fortran_order' is missing") }
        guard let shape else { throw .malformedHeader("the key 'shape' is missing") }
        return NumPyHeader(descr: descr, fortranOrder: fortran, shape: shape)
    }

    /// The header text for float64 C-order data, as NumPy writes it.
    var text: String {
        let dims = shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
        return "{'descr': '\(descr)', 'fortran_order': \(fortranOrder ? "True" : "False"), 'shape': \(dims), }"
    }
}

/// A cursor over the header's characters.
private struct LiteralScanner {
    let characters: [Unicode.Scalar]
    var position = 0

    init(_ characters: [Unicode.Scalar]) { self.characters = characters }

    var current: Unicode.Scalar? { position < characters.count ? characters[position] : nil }

    mutating func skipSpace() {
        while let c = current, c == " " || c == "\t" || c == "\n" || c == "\r" { position += 1 }
    }

    mutating func consume(_ c: Unicode.Scalar) -> Bool {
        guard current == c else { return false }
        position += 1
        return true
    }

    mutating func string() throws(NumPyError) -> String {
        guard let quote = current, quote == "'" || quote == "\"" else { throw .malformedHeader("expected a quoted string at position \(position)") }
        position += 1
        var result = String.UnicodeScalarView()
        while let c = current, c != quote {
            result.append(c)
            position += 1
        }
        guard consume(quote) else { throw .malformedHeader("unterminated string") }
        return String(result)
    }

    mutating func bool() throws(NumPyError) -> Bool {
        for (word, value) in [("True", true), ("False", false)] {
            let scalars = Array(word.unicodeScalars)
            if position + scalars.count <= characters.count && Array(characters[position..<(position + scalars.count)]) == scalars {
                position += scalars.count
                return value
            }
        }
        throw .malformedHeader("expected True or False at position \(position)")
    }

    mutating func integerTuple() throws(NumPyError) -> [Int] {
        guard consume("(") else { throw .malformedHeader("expected '(' to start the shape") }
        var values: [Int] = []
        while true {
            skipSpace()
            if consume(")") { return values }
            var digits = 0
            var value = 0
            while let c = current, c.value >= 48 && c.value <= 57 {
                let (scaled, overflow1) = value.multipliedReportingOverflow(by: 10)
                let (sum, overflow2) = scaled.addingReportingOverflow(Int(c.value - 48))
                guard !overflow1 && !overflow2 else { throw .malformedHeader("a shape dimension is too large") }
                value = sum
                digits += 1
                position += 1
            }
            if digits == 0 { throw .malformedHeader("expected a non-negative integer in the shape at position \(position)") }
            // NumPy writes Python ints, which may carry an 'L' suffix in files from Python 2.
            _ = consume("L")
            values.append(value)
            skipSpace()
            if consume(",") { continue }
            skipSpace()
            guard consume(")") else { throw .malformedHeader("expected ',' or ')' in the shape") }
            return values
        }
    }
}
