// Compares what a documentation snippet prints with what the document says it prints. Compiled with the
// program scripts/check-doc-snippets.sh generates from a document's snippets, whose claimed `print`
// lines it rewrites into `checkPrinted` calls.
import Foundation

/// The claims that did not hold, as messages.
var claimFailures: [String] = []
/// Claimed lines executed (a claim inside a loop counts once per pass).
var claimsExecuted = 0

/// Prints `items` as `print` would and checks them against `expected`.
func checkPrinted(expected: String, at location: String, _ items: Any..., separator: String = " ") {
    let printed = items.map { "\($0)" }.joined(separator: separator)
    print(printed)
    claimsExecuted += 1
    if let problem = mismatch(printed: printed, expected: expected) {
        claimFailures.append("claim at \(location): printed \"\(printed)\", the document says \"\(expected)\" (\(problem))")
    }
}

/// Ends the program: status 1 when a claim failed or a claimed line never ran.
func reportClaims(expected: Int) -> Never {
    if claimsExecuted < expected {
        claimFailures.append("claim lines executed \(claimsExecuted) times, fewer than the \(expected) claimed lines")
    }
    for failure in claimFailures { print(failure) }
    print("claims checked: \(expected)")
    exit(claimFailures.isEmpty ? 0 : 1)
}

/// A piece of printed text: a decimal number, or the text between numbers (whitespace collapsed).
enum ClaimToken: Equatable {
    case number(value: Double, tolerance: Double)
    case text(String)
}

/// Splits `text` into numbers (optional sign, digits, fraction, exponent) and the text between them.
/// A number's tolerance is half a unit of its last digit (`1.68` → 0.005, `2` → 0.5, `1.5e-8` → 5e-10).
func claimTokens(_ text: String) -> [ClaimToken] {
    let characters = Array(text)
    var tokens: [ClaimToken] = []
    var pending = ""
    var i = 0
    func flushText() {
        let collapsed = pending.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        if !collapsed.isEmpty { tokens.append(.text(collapsed)) }
        pending = ""
    }
    while i < characters.count {
        let startsNumber = characters[i].isASCII && characters[i].isNumber
            || (characters[i] == "-" && i + 1 < characters.count && characters[i + 1].isASCII && characters[i + 1].isNumber
                && (i == 0 || !(characters[i - 1].isLetter || characters[i - 1].isNumber)))
        guard startsNumber else {
            pending.append(characters[i])
            i += 1
            continue
        }
        flushText()
        var j = i + 1
        while j < characters.count, characters[j].isASCII, characters[j].isNumber { j += 1 }
        var decimals = 0
        if j + 1 < characters.count, characters[j] == ".", characters[j + 1].isASCII, characters[j + 1].isNumber {
            j += 1
            while j < characters.count, characters[j].isASCII, characters[j].isNumber { j += 1; decimals += 1 }
        }
        let mantissaEnd = j
        var exponent = 0
        if j < characters.count, characters[j] == "e" || characters[j] == "E" {
            var k = j + 1
            if k < characters.count, characters[k] == "-" || characters[k] == "+" { k += 1 }
            let digitsStart = k
            while k < characters.count, characters[k].isASCII, characters[k].isNumber { k += 1 }
            if k > digitsStart {
                exponent = Int(String(characters[(j + 1)..<k])) ?? 0
                j = k
            }
        }
        let literal = String(characters[i..<j])
        let value = Double(literal) ?? Double(String(characters[i..<mantissaEnd])) ?? .nan
        let tolerance = 0.5 * pow(10, Double(exponent - decimals))
        tokens.append(.number(value: value, tolerance: tolerance * (1 + 1e-9)))
        i = j
    }
    flushText()
    return tokens
}

/// Why `printed` does not match `expected`, or nil when it does.
func mismatch(printed: String, expected: String) -> String? {
    let (actual, claimed) = (claimTokens(printed), claimTokens(expected))
    guard actual.count == claimed.count else { return "\(actual.count) pieces printed, \(claimed.count) stated" }
    for (a, c) in zip(actual, claimed) {
        switch (a, c) {
        case let (.text(x), .text(y)) where x == y: continue
        case let (.number(x, _), .number(y, tolerance)) where abs(x - y) <= tolerance: continue
        case let (.number(x, _), .number(y, tolerance)): return "\(x) is not within \(tolerance) of \(y)"
        default: return "\(a) where the document has \(c)"
        }
    }
    return nil
}
