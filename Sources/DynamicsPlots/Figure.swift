import Foundation

/// A 2-D figure with one or more panels, rendered as a self-contained SVG document that any browser
/// shows: axes with ticks and labels, lines, markers, circles and a legend per panel.
///
/// ```swift
/// var panel = Panel(title: "Orbit", xLabel: "x", yLabel: "y")
/// panel.add(Series(name: "orbit", points: orbit.map { ($0[0], $0[1]) }, style: .markers(radius: 1.5), color: "#1f77b4"))
/// let svg = Figure(panels: [panel]).svg()
/// ```
public struct Figure: Sendable {
    /// The panels, laid out left to right.
    public var panels: [Panel]
    /// Width of one panel in pixels; default 420.
    public var panelWidth: Double
    /// Height in pixels; default 380.
    public var height: Double
    /// Prefix of the element ids in the document, so that several figures can share one HTML page;
    /// default "figure".
    public var identifier: String

    /// A figure from panels.
    public init(panels: [Panel], panelWidth: Double = 420, height: Double = 380, identifier: String = "figure") {
        self.panels = panels
        self.panelWidth = panelWidth
        self.height = height
        self.identifier = identifier
    }

    /// The SVG document.
    ///
    /// - Complexity: O(total points).
    public func svg() -> String {
        let width = panelWidth * Double(max(panels.count, 1))
        var out = """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(fmt(width))" height="\(fmt(height))" viewBox="0 0 \(fmt(width)) \(fmt(height))" font-family="Helvetica, Arial, sans-serif" font-size="11">
            <rect x="0" y="0" width="\(fmt(width))" height="\(fmt(height))" fill="white"/>

            """
        for (index, panel) in panels.enumerated() {
            out += panel.svg(originX: Double(index) * panelWidth, width: panelWidth, height: height, clipID: "\(identifier)-clip\(index)")
        }
        out += "</svg>\n"
        return out
    }
}

/// How a series is drawn.
public enum SeriesStyle: Sendable {
    /// A polyline through the points.
    case line(width: Double)
    /// A dashed polyline through the points (e.g. an unstable branch).
    case dashedLine(width: Double)
    /// A filled circle at each point.
    case markers(radius: Double)
    /// An open circle at each point (outline only).
    case rings(radius: Double)
    /// A cross at each point.
    case crosses(size: Double)
}

/// An arrow from (x, y) to (x + dx, y + dy), in data units.
public struct Arrow: Sendable {
    /// Tail.
    public var x: Double
    public var y: Double
    /// Shaft.
    public var dx: Double
    public var dy: Double
    /// Stroke colour.
    public var color: String

    /// An arrow; default colour a light grey.
    public init(x: Double, y: Double, dx: Double, dy: Double, color: String = "#9a9a9a") {
        (self.x, self.y, self.dx, self.dy, self.color) = (x, y, dx, dy, color)
    }
}

/// A named set of points drawn in one style and colour.
public struct Series: Sendable {
    /// The legend text; nil keeps the series out of the legend.
    public var name: String?
    /// The data points.
    public var points: [(x: Double, y: Double)]
    /// The drawing style.
    public var style: SeriesStyle
    /// An SVG colour, e.g. "#1f77b4".
    public var color: String
    /// Opacity in [0, 1]; default 1.
    public var opacity: Double

    /// A series.
    public init(name: String?, points: [(x: Double, y: Double)], style: SeriesStyle, color: String, opacity: Double = 1) {
        self.name = name
        self.points = points
        self.style = style
        self.color = color
        self.opacity = opacity
    }
}

/// A circle in data coordinates (e.g. the unit circle of a map's eigenvalue plot).
public struct Circle: Sendable {
    /// Centre x.
    public var x: Double
    /// Centre y.
    public var y: Double
    /// Radius.
    public var radius: Double
    /// Stroke colour.
    public var color: String
    /// Legend text; nil for none.
    public var name: String?

    /// A dashed reference circle.
    public init(x: Double, y: Double, radius: Double, color: String = "#555555", name: String? = nil) {
        (self.x, self.y, self.radius, self.color, self.name) = (x, y, radius, color, name)
    }
}

/// One set of axes with its series.
public struct Panel: Sendable {
    /// Title above the axes.
    public var title: String
    /// x-axis label.
    public var xLabel: String
    /// y-axis label.
    public var yLabel: String
    /// The data.
    public var series: [Series] = []
    /// Reference circles.
    public var circles: [Circle] = []
    /// Vertical reference lines at these x values (e.g. Re λ = 0).
    public var verticalLines: [Double] = []
    /// Use the same scale on both axes (for the complex plane); default false.
    public var equalAspect: Bool = false
    /// Fixed axis ranges (a phase plane's box); nil fits the data.
    public var xRange: ClosedRange<Double>?
    public var yRange: ClosedRange<Double>?
    /// Arrows (a vector field), drawn under the series.
    public var arrows: [Arrow] = []
    /// A raster image (basins) stretched over `imageRange`, drawn under everything else.
    public var image: RasterImage?
    /// The data rectangle the image covers, (x range, y range).
    public var imageRange: (x: ClosedRange<Double>, y: ClosedRange<Double>)?

    /// An empty panel.
    public init(title: String, xLabel: String, yLabel: String, equalAspect: Bool = false) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.equalAspect = equalAspect
    }

    /// Adds a series.
    public mutating func add(_ series: Series) { self.series.append(series) }

    /// The data bounds, padded by 5 %, including circles and reference lines.
    func bounds() -> (x: ClosedRange<Double>, y: ClosedRange<Double>) {
        let fitted = fittedBounds()
        return (xRange ?? fitted.x, yRange ?? fitted.y)
    }

    func fittedBounds() -> (x: ClosedRange<Double>, y: ClosedRange<Double>) {
        var xs = series.flatMap { $0.points.map(\.x) }.filter(\.isFinite)
        var ys = series.flatMap { $0.points.map(\.y) }.filter(\.isFinite)
        for c in circles {
            xs += [c.x - c.radius, c.x + c.radius]
            ys += [c.y - c.radius, c.y + c.radius]
        }
        xs += verticalLines
        if let range = imageRange {
            xs += [range.x.lowerBound, range.x.upperBound]
            ys += [range.y.lowerBound, range.y.upperBound]
        }
        func range(_ values: [Double]) -> ClosedRange<Double> {
            guard let low = values.min(), let high = values.max() else { return 0...1 }
            let span = high - low
            let pad = span > 0 ? 0.05 * span : max(abs(low) * 0.1, 0.5)
            return (low - pad)...(high + pad)
        }
        return (range(xs), range(ys))
    }

    func svg(originX: Double, width: Double, height: Double, clipID: String) -> String {
        let (left, right, top, bottom) = (originX + 58, originX + width - 16, 34.0, height - 46)
        var (xRange, yRange) = bounds()
        if equalAspect {
            // Widen the narrower range so that one data unit has the same length on both axes.
            let xScale = (xRange.upperBound - xRange.lowerBound) / (right - left)
            let yScale = (yRange.upperBound - yRange.lowerBound) / (bottom - top)
            let scale = max(xScale, yScale)
            let (cx, cy) = ((xRange.lowerBound + xRange.upperBound) / 2, (yRange.lowerBound + yRange.upperBound) / 2)
            xRange = (cx - scale * (right - left) / 2)...(cx + scale * (right - left) / 2)
            yRange = (cy - scale * (bottom - top) / 2)...(cy + scale * (bottom - top) / 2)
        }
        func px(_ x: Double) -> Double { left + (x - xRange.lowerBound) / (xRange.upperBound - xRange.lowerBound) * (right - left) }
        func py(_ y: Double) -> Double { bottom - (y - yRange.lowerBound) / (yRange.upperBound - yRange.lowerBound) * (bottom - top) }
        var out = "<g class=\"panel\">\n"
        out += "<text x=\"\(fmt((left + right) / 2))\" y=\"20\" text-anchor=\"middle\" font-size=\"13\" font-weight=\"bold\">\(escape(title))</text>\n"
        out += "<rect x=\"\(fmt(left))\" y=\"\(fmt(top))\" width=\"\(fmt(right - left))\" height=\"\(fmt(bottom - top))\" fill=\"none\" stroke=\"#333\"/>\n"
        for tick in niceTicks(xRange) {
            let x = px(tick)
            out += "<line x1=\"\(fmt(x))\" y1=\"\(fmt(bottom))\" x2=\"\(fmt(x))\" y2=\"\(fmt(bottom + 4))\" stroke=\"#333\"/>"
            out += "<text x=\"\(fmt(x))\" y=\"\(fmt(bottom + 16))\" text-anchor=\"middle\">\(tickLabel(tick))</text>\n"
        }
        for tick in niceTicks(yRange) {
            let y = py(tick)
            out += "<line x1=\"\(fmt(left - 4))\" y1=\"\(fmt(y))\" x2=\"\(fmt(left))\" y2=\"\(fmt(y))\" stroke=\"#333\"/>"
            out += "<text x=\"\(fmt(left - 7))\" y=\"\(fmt(y + 4))\" text-anchor=\"end\">\(tickLabel(tick))</text>\n"
        }
        out += "<text x=\"\(fmt((left + right) / 2))\" y=\"\(fmt(height - 12))\" text-anchor=\"middle\">\(escape(xLabel))</text>\n"
        out += "<text x=\"\(fmt(originX + 16))\" y=\"\(fmt((top + bottom) / 2))\" text-anchor=\"middle\" transform=\"rotate(-90 \(fmt(originX + 16)) \(fmt((top + bottom) / 2)))\">\(escape(yLabel))</text>\n"
        out += "<clipPath id=\"\(clipID)\"><rect x=\"\(fmt(left))\" y=\"\(fmt(top))\" width=\"\(fmt(right - left))\" height=\"\(fmt(bottom - top))\"/></clipPath>\n"
        out += "<g clip-path=\"url(#\(clipID))\">\n"
        if let image, let range = imageRange {
            let (x0, x1, y0, y1) = (px(range.x.lowerBound), px(range.x.upperBound), py(range.y.upperBound), py(range.y.lowerBound))
            out += "<image x=\"\(fmt(x0))\" y=\"\(fmt(y0))\" width=\"\(fmt(x1 - x0))\" height=\"\(fmt(y1 - y0))\" preserveAspectRatio=\"none\" style=\"image-rendering:pixelated\" href=\"\(image.dataURI)\"/>\n"
        }
        for x in verticalLines {
            out += "<line x1=\"\(fmt(px(x)))\" y1=\"\(fmt(top))\" x2=\"\(fmt(px(x)))\" y2=\"\(fmt(bottom))\" stroke=\"#555\" stroke-dasharray=\"4 3\"/>\n"
        }
        for c in circles {
            out += "<ellipse cx=\"\(fmt(px(c.x)))\" cy=\"\(fmt(py(c.y)))\" rx=\"\(fmt(abs(px(c.x + c.radius) - px(c.x))))\" ry=\"\(fmt(abs(py(c.y + c.radius) - py(c.y))))\" fill=\"none\" stroke=\"\(c.color)\" stroke-dasharray=\"4 3\"/>\n"
        }
        for arrow in arrows {
            let (x0, y0, x1, y1) = (px(arrow.x), py(arrow.y), px(arrow.x + arrow.dx), py(arrow.y + arrow.dy))
            let length = ((x1 - x0) * (x1 - x0) + (y1 - y0) * (y1 - y0)).squareRoot()
            guard length > 0.5, length.isFinite else { continue }
            // A head of 30° sides, a third of the shaft long (at most 5 px).
            let (ux, uy) = ((x1 - x0) / length, (y1 - y0) / length)
            let head = Swift.min(5, length / 3)
            let (c, s) = (0.866 * head, 0.5 * head)
            out += "<path d=\"M\(fmt(x0)),\(fmt(y0))L\(fmt(x1)),\(fmt(y1))M\(fmt(x1 - c * ux + s * uy)),\(fmt(y1 - c * uy - s * ux))L\(fmt(x1)),\(fmt(y1))L\(fmt(x1 - c * ux - s * uy)),\(fmt(y1 - c * uy + s * ux))\" fill=\"none\" stroke=\"\(arrow.color)\" stroke-width=\"1\"/>"
        }
        if !arrows.isEmpty { out += "\n" }
        for s in series {
            let points = s.points.filter { $0.x.isFinite && $0.y.isFinite }
            switch s.style {
            case let .line(width), let .dashedLine(width):
                guard points.count > 1 else { continue }
                let path = points.map { "\(fmt(px($0.x))),\(fmt(py($0.y)))" }.joined(separator: " ")
                var dash = ""
                if case .dashedLine = s.style { dash = " stroke-dasharray=\"6 4\"" }
                out += "<polyline points=\"\(path)\" fill=\"none\" stroke=\"\(s.color)\" stroke-width=\"\(fmt(width))\" stroke-opacity=\"\(fmt(s.opacity))\"\(dash)/>\n"
            case let .markers(radius):
                for p in points { out += "<circle cx=\"\(fmt(px(p.x)))\" cy=\"\(fmt(py(p.y)))\" r=\"\(fmt(radius))\" fill=\"\(s.color)\" fill-opacity=\"\(fmt(s.opacity))\"/>" }
                out += "\n"
            case let .rings(radius):
                for p in points { out += "<circle cx=\"\(fmt(px(p.x)))\" cy=\"\(fmt(py(p.y)))\" r=\"\(fmt(radius))\" fill=\"none\" stroke=\"\(s.color)\" stroke-width=\"1.5\" stroke-opacity=\"\(fmt(s.opacity))\"/>" }
                out += "\n"
            case let .crosses(size):
                for p in points {
                    let (x, y) = (px(p.x), py(p.y))
                    out += "<path d=\"M\(fmt(x - size)),\(fmt(y - size))L\(fmt(x + size)),\(fmt(y + size))M\(fmt(x - size)),\(fmt(y + size))L\(fmt(x + size)),\(fmt(y - size))\" stroke=\"\(s.color)\" stroke-width=\"2\"/>"
                }
                out += "\n"
            }
        }
        out += "</g>\n"
        out += legend(left: left, top: top)
        out += "</g>\n"
        return out
    }

    func legend(left: Double, top: Double) -> String {
        var entries: [(String, String, SeriesStyle?)] = series.compactMap { s in s.name.map { ($0, s.color, s.style) } }
        entries += circles.compactMap { c in c.name.map { ($0, c.color, nil) } }
        guard !entries.isEmpty else { return "" }
        let longest = entries.map(\.0.count).max() ?? 0
        var out = "<g class=\"legend\"><rect x=\"\(fmt(left + 6))\" y=\"\(fmt(top + 6))\" width=\"\(fmt(Double(longest) * 6.2 + 30))\" height=\"\(fmt(Double(entries.count) * 15 + 6))\" fill=\"white\" fill-opacity=\"0.85\" stroke=\"#bbb\"/>\n"
        for (k, entry) in entries.enumerated() {
            let y = top + 18 + Double(k) * 15
            switch entry.2 {
            case .line?, .dashedLine?, nil:
                var dashed = entry.2 == nil
                if case .dashedLine? = entry.2 { dashed = true }
                out += "<line x1=\"\(fmt(left + 11))\" y1=\"\(fmt(y - 4))\" x2=\"\(fmt(left + 27))\" y2=\"\(fmt(y - 4))\" stroke=\"\(entry.1)\" stroke-width=\"2\"\(dashed ? " stroke-dasharray=\"4 3\"" : "")/>"
            case .rings?:
                out += "<circle cx=\"\(fmt(left + 19))\" cy=\"\(fmt(y - 4))\" r=\"4\" fill=\"none\" stroke=\"\(entry.1)\" stroke-width=\"1.5\"/>"
            case .crosses?:
                let (x, y) = (left + 19, y - 4)
                out += "<path d=\"M\(fmt(x - 4)),\(fmt(y - 4))L\(fmt(x + 4)),\(fmt(y + 4))M\(fmt(x - 4)),\(fmt(y + 4))L\(fmt(x + 4)),\(fmt(y - 4))\" stroke=\"\(entry.1)\" stroke-width=\"2\"/>"
            default:
                out += "<circle cx=\"\(fmt(left + 19))\" cy=\"\(fmt(y - 4))\" r=\"4\" fill=\"\(entry.1)\"/>"
            }
            out += "<text x=\"\(fmt(left + 32))\" y=\"\(fmt(y))\">\(escape(entry.0))</text>\n"
        }
        return out + "</g>\n"
    }
}

/// Tick positions at 1, 2 or 5 × 10^k spacing, about 5 per axis.
func niceTicks(_ range: ClosedRange<Double>) -> [Double] {
    let span = range.upperBound - range.lowerBound
    guard span > 0, span.isFinite else { return [range.lowerBound] }
    let raw = span / 5
    let magnitude = pow(10, floor(log10(raw)))
    let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? 10 * magnitude
    var ticks: [Double] = []
    var t = ceil(range.lowerBound / step) * step
    while t <= range.upperBound + step * 1e-9 {
        ticks.append(abs(t) < step * 1e-9 ? 0 : t)
        t += step
    }
    return ticks
}

/// A short tick label: up to 4 significant digits, no trailing zeros.
func tickLabel(_ value: Double) -> String {
    var text = String(format: "%.4g", value)
    if text == "-0" { text = "0" }
    return text
}

/// Two decimals, enough for pixel coordinates: `%.2f` without its cost (figures of a few thousand
/// points spent most of their time in `String(format:)`), and without the "-0.00" it can print.
func fmt(_ value: Double) -> String {
    let hundredths = (value * 100).rounded(.toNearestOrEven)
    guard hundredths.magnitude < 1e15 else { return String(format: "%.2f", value) }   // also NaN and ±inf
    let units = Int(hundredths.magnitude)
    let fraction = units % 100
    return (hundredths < 0 ? "-" : "") + String(units / 100) + (fraction < 10 ? ".0" : ".") + String(fraction)
}

/// Escapes the XML special characters of a text node or attribute.
public func escape(_ text: String) -> String {
    text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
        .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
}
