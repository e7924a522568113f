import Dynamics
import DynamicsPlots
import Foundation
import ToySystems

/// The global-dynamics tour: Hénon's basin and the manifolds of its saddle, Newton's map for z³ = 1
/// and its fractal boundary, the damped double well and the saddle on its basin boundary. With a
/// folder, writes the figures there (Docs/images holds them).
func globalTour(figures folder: String?) throws {
    func axis(_ range: ClosedRange<Double>, _ count: Int) -> [Double] {
        (0..<count).map { range.lowerBound + (range.upperBound - range.lowerBound) * Double($0) / Double(count - 1) }
    }
    func points(_ polyline: [[Double]]) -> [(x: Double, y: Double)] { polyline.map { (x: $0[0], y: $0[1]) } }

    // Hénon: one chaotic attractor; the unstable manifold of the saddle traces it, the stable manifold
    // runs along the basin boundary.
    let henon = HenonFamily().fixing(parameters: [1.4, 0.3])
    let mapper = try AttractorMapper(henon, box: [-3...3, -3...3], cellsPerDimension: 500)
    let side = 600
    let basins = try mapper.basins(grid: [axis(-3...3, side), axis(-3...3, side)])
    let attractor = basins.attractors[0]
    print(String(format: "Hénon basins, %d × %d: %@, leading Lyapunov exponent %.3f; %.1f %% of [-3, 3]² reaches it",
                 side, side, "\(attractor.kind)", attractor.leadingLyapunovExponent ?? .nan, 100 * (basins.fractions[1] ?? 0)))
    let x = (-0.7 + (0.49 + 5.6).squareRoot()) / 2.8
    let saddle = try SlowPointFinder(henon).refine([[x, 0.3 * x]])[0].state
    let unstable = try InvariantManifold.unstable(of: saddle, in: henon, length: 6)
    let stable = try InvariantManifold.stable(of: saddle, in: henon, length: 4)
    print("  saddle \(saddle.map { ($0 * 1e6).rounded() / 1e6 }): unstable manifold \(unstable.map(\.count)) points per side, stable \(stable.map(\.count))")

    // Newton's map for z³ = 1: three roots, a fractal boundary (the square is not 3-fold symmetric, so
    // the real root's basin takes more of it).
    var options = AttractorMapperOptions()
    options.stepsOutsideToGiveUp = 200
    let newton = try AttractorMapper(NewtonCubeRoots(), box: [-2...2, -2...2], cellsPerDimension: 400, options: options)
    let newtonBasins = try newton.basins(grid: [axis(-1.5...1.5, 400), axis(-1.5...1.5, 400)])
    let measures = try BasinBoundaryMeasures(newtonBasins)
    let fractions = try newton.basinFractions(samples: 20_000, seed: 1, box: [-1.5...1.5, -1.5...1.5])
    print(String(format: "Newton's map for z³ = 1: %d roots (%@); fractions of the square %@", newtonBasins.attractors.count,
                 newtonBasins.attractors.map { "\($0.kind)" }.joined(separator: ", "),
                 fractions.map { String(format: "%.3f ± %.3f", $0.fraction, $0.standardError) }.joined(separator: ", ")))
    print(String(format: "  basin entropy %.3f, boundary basin entropy %.3f (> log 2 = %.3f: fractal), uncertainty exponent %.3f",
                 measures.basinEntropy, measures.boundaryBasinEntropy, Double.log(2), measures.uncertaintyExponent ?? .nan))

    // The damped double well: two wells, and the saddle at the origin found by edge tracking.
    let well = try AttractorMapper(DampedDoubleWell(), box: [-2.5...2.5, -2.5...2.5], cellsPerDimension: 250)
    let wellBasins = try well.basins(grid: [axis(-2.5...2.5, 300), axis(-2.5...2.5, 300)])
    // Two neighbouring grid points of the middle row in different basins bracket the boundary.
    let row = 150 * 300
    let k = (0..<299).first { wellBasins.labels[row + $0] != wellBasins.labels[row + $0 + 1] }!
    var (a, b) = ([0.0, 0.0], [0.0, 0.0])
    wellBasins.grid.state(at: row + k, into: &a)
    wellBasins.grid.state(at: row + k + 1, into: &b)
    let edge = try well.edgeState(between: a, and: b)
    print("Damped double well: attractors \(wellBasins.attractors.map { $0.states[0].map { ($0 * 1e9).rounded() / 1e9 } }); edge state \(edge.state.map { ($0 * 1e9).rounded() / 1e9 }) (certified: \(edge.isCertified))")

    // An attractor born in a fold: ẋ = μ − x² on [−2, 2]; from μ = 0 the stable point √μ attracts x > −√μ,
    // a fraction (2 + √μ)/4 of the box.
    let values = Swift.stride(from: -0.5, through: 1.5, by: 0.1).map { ($0 * 10).rounded() / 10 }
    let sweep = try AttractorContinuation(SaddleNodeNormalForm(), box: [-2...2], cellsPerDimension: 400, parameters: [0], varying: 0,
                                          values: values, samples: 2_000, seed: 5)
    let births = sweep.events.filter { $0.kind == .born }.map { "\($0.parameter) (\($0.bifurcation.map { "\($0.kind) at \($0.parameter)" } ?? "no bifurcation named"))" }
    print("Saddle-node family: attractor born at μ = \(births.joined(separator: ", ")); fraction at μ = 1: \(String(format: "%.3f", sweep.steps.last { $0.parameter == 1 }?.fractions[1] ?? .nan)) (exact 0.75)")

    guard let folder else { return }
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    var henonPanel = Panel(title: "Hénon map: basin (blue) and the saddle's manifolds", xLabel: "x", yLabel: "y", equalAspect: true)
    henonPanel.image = RasterImage(labels: basins.labels, width: side)
    henonPanel.imageRange = (-3...3, -3...3)
    henonPanel.xRange = -3...3
    henonPanel.yRange = -3...3
    for (k, branch) in unstable.enumerated() { henonPanel.add(Series(name: k == 0 ? "unstable manifold" : nil, points: points(branch), style: .line(width: 1), color: "#222222")) }
    for (k, branch) in stable.enumerated() { henonPanel.add(Series(name: k == 0 ? "stable manifold" : nil, points: points(branch), style: .line(width: 1.2), color: "#b00020")) }
    var newtonPanel = Panel(title: "Newton's map for z³ = 1: three basins", xLabel: "Re z", yLabel: "Im z", equalAspect: true)
    newtonPanel.image = RasterImage(labels: newtonBasins.labels, width: 400)
    newtonPanel.imageRange = (-1.5...1.5, -1.5...1.5)
    newtonPanel.xRange = -1.5...1.5
    newtonPanel.yRange = -1.5...1.5
    newtonPanel.add(Series(name: "roots", points: newtonBasins.attractors.map { (x: $0.states[0][0], y: $0.states[0][1]) }, style: .markers(radius: 4), color: "#222222"))
    let figure = Figure(panels: [henonPanel, newtonPanel], panelWidth: 440, height: 440, identifier: "global-tour")
    try figure.svg().write(toFile: folder + "/global-henon-newton.svg", atomically: true, encoding: .utf8)
    print("  figure: \(folder)/global-henon-newton.svg")
    var fractionPanel = Panel(title: "ẋ = μ − x²: basin fraction of the attractor in [−2, 2]", xLabel: "μ", yLabel: "fraction")
    fractionPanel.yRange = 0...1
    let exact = Swift.stride(from: 0.0, through: 1.5, by: 0.01).map { (x: $0, y: (2 + $0.squareRoot()) / 4) }
    fractionPanel.add(Series(name: "(2 + √μ)/4", points: exact, style: .line(width: 1.2), color: "#222222"))
    let measured = sweep.steps.map { (x: $0.parameter, y: $0.fractions.filter { $0.key != 0 }.values.reduce(0, +)) }
    fractionPanel.add(Series(name: "measured (2000 samples each)", points: measured, style: .markers(radius: 3.5), color: "#1f77b4"))
    let fractionFigure = Figure(panels: [fractionPanel], panelWidth: 520, height: 360, identifier: "global-fractions")
    try fractionFigure.svg().write(toFile: folder + "/global-fractions-fold.svg", atomically: true, encoding: .utf8)
    print("  figure: \(folder)/global-fractions-fold.svg")
}
