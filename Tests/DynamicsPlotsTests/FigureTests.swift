import DynamicsPlots
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
}
