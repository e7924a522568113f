@testable import DynamicsPlots
import DynamicsTestSupport
import Foundation
import XCTest
#if canImport(FoundationXML)
import FoundationXML
#endif

final class FigureTests: XCTestCase {
    func testFigureIsWellFormedAndEscapesText() {
        var panel = Panel(title: "A < B & \"C\"", xLabel: "Re λ", yLabel: "Im λ", equalAspect: true)
        panel.add(Series(name: "line", points: [(0, 0), (1, 2), (.nan, 1)], style: .line(width: 1), color: "#000"))
        panel.add(Series(name: "dots", points: [(0.5, 0.5)], style: .markers(radius: 2), color: "#f00"))
        panel.add(Series(name: nil, points: [(0.2, 0.1)], style: .crosses(size: 3), color: "#00f"))
        panel.circles.append(Circle(x: 0, y: 0, radius: 1, name: "unit circle"))
        panel.verticalLines.append(0)
        let empty = Panel(title: "empty", xLabel: "x", yLabel: "y")
        let svg = Figure(panels: [panel, empty]).svg()
        let parser = XMLParser(data: Data(svg.utf8))
        XCTAssertTrue(parser.parse(), "well-formed: \(String(describing: parser.parserError))")
        XCTAssertTrue(svg.contains("A &lt; B &amp; &quot;C&quot;"))
        XCTAssertTrue(svg.contains("<polyline"))
        XCTAssertTrue(svg.contains("<ellipse"))
        XCTAssertFalse(svg.contains("nan"), "non-finite points are dropped")
    }

    /// Coordinates print as `%.2f` would, over magnitudes from 1e-3 to 1e7, except that a value
    /// rounding to zero never prints as "-0.00"; values whose hundredths sit within 1e-6 of a tie are
    /// left out (scaling by 100 may round them the other way, a harmless last-digit difference).
    func testCoordinatesPrintLikePrintfTwoDecimals() {
        forAllCases(200) { rng in
            let exponent = Arbitrary.int(in: -3...7, using: &rng)
            let value = Arbitrary.vector(1, using: &rng)[0] * pow(10, Double(exponent))
            let scaled = (value * 100).magnitude
            guard abs(scaled - scaled.rounded(.down) - 0.5) > 1e-6 else { return }
            let expected = String(format: "%.2f", value)
            XCTAssertEqual(fmt(value), expected == "-0.00" ? "0.00" : expected, "fmt(\(value))")
        }
        XCTAssertEqual([0, -0.0, -0.004, 0.07, -3.5, 1234.5678, 1e20].map(fmt), ["0.00", "0.00", "0.00", "0.07", "-3.50", "1234.57", String(format: "%.2f", 1e20)])
        XCTAssertEqual(fmt(.nan), String(format: "%.2f", Double.nan))
    }
}
