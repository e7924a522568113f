import CommandSupport
import Dynamics
import DynamicsPlots
import Foundation

/// The basins of a cell's certified stable fixed points on the PCA plane (or box, with three
/// dimensions) of its candidates: which attractor each state of the grid reaches under the constant
/// input (proximity labelling, batched by the cell's kernel).
struct CellBasins: Codable {
    /// Grid points per side.
    var resolution: Int
    var pc1Range: [Double]
    var pc2Range: [Double]
    /// The third axis of a three-dimensional grid (`--basin-dimensions 3`); absent on a plane.
    var pc3Range: [Double]?
    /// The attractors (certified stable fixed points), in the order of their ids 1, 2, ...
    var attractors: [[Double]]
    /// Fraction of the plane reaching each attractor, index 0 for none (diverged or undecided).
    /// (No timing here: the file is the same byte for byte for the same inputs and seed.)
    var fractions: [Double]

    /// Maps the grid for `map` from the analysis' stable fixed points; nil without any.
    ///
    /// - Parameters:
    ///   - dimensions: 2 (the PCA plane) or 3 (a box over three principal components).
    ///   - rows: label only these rows of the grid, indices along its last axis (a shard's; the labels
    ///     returned are theirs alone).
    ///   - knownLabels: every row's labels from the shards: nothing is mapped again.
    static func map<M: DiscreteMap>(
        _ map: M, result: CellAnalysisResult, resolution: Int, dimensions: Int = 2, log: (String) -> Void,
        progress: (@Sendable (String) -> Void)? = nil, rows: Range<Int>? = nil, knownLabels: [Int]? = nil
    ) throws -> (CellBasins, [Int])? {
        let stable = result.fixedPoints.filter(\.isStable).map(\.point.state)
        guard let pca = result.pca, !stable.isEmpty else {
            log("Basins: no stable certified fixed point to map the plane against")
            return nil
        }
        let start = ContinuousClock().now
        do {
            let grid = try InitialConditionGrid.pcaGrid(pca, components: dimensions, covering: result.candidates, resolution: resolution)
            let (pc1, pc2) = (grid.axes[0], grid.axes[1])
            let points = grid.count
            let size = stable.map { $0.reduce(0) { $0 + $1 * $1 }.squareRoot() }.max()!
            var options = AttractorMapperOptions()
            options.maximumSteps = 10_000
            // Grids of a million points and more say how far they are.
            if let progress {
                options.progress = { @Sendable line in progress("  basins: " + line) }
            }
            let mapper = try AttractorMapper(map, attractors: stable.map { [$0] }, radius: 1e-4 * Swift.max(1, size), options: options)
            let labels: [Int]
            if let knownLabels {
                guard knownLabels.count == points else {
                    throw CommandError("the parts hold \(knownLabels.count) basin labels; the grid has \(points)")
                }
                labels = knownLabels
            } else if let rows {
                // Row j is the j-th value of the last axis (the first runs fastest): a contiguous block.
                let axes = Array(grid.axes.dropLast()) + [Array(grid.axes.last![rows])]
                labels = rows.isEmpty
                    ? [] : try mapper.basins(on: InitialConditionGrid.plane(origin: grid.origin, directions: grid.directions, coordinates: axes)).labels
            } else {
                labels = try mapper.basins(on: grid).labels
            }
            let elapsed = ContinuousClock().now - start
            let fractions = (0...stable.count).map { id in Double(labels.filter { $0 == id }.count) / Double(Swift.max(labels.count, 1)) }
            let basins = CellBasins(
                resolution: resolution, pc1Range: [pc1.first!, pc1.last!], pc2Range: [pc2.first!, pc2.last!],
                pc3Range: dimensions == 3 ? [grid.axes[2].first!, grid.axes[2].last!] : nil, attractors: stable, fractions: fractions)
            let seconds = elapsed.inSeconds
            let shape = Array(repeating: "\(resolution)", count: dimensions).joined(separator: " × ")
            log(String(format: "Basins of %d stable fixed point(s) on a %@ grid: fractions %@; %.2f s", stable.count, shape,
                       fractions.map { String(format: "%.3f", $0) }.joined(separator: ", "), seconds))
            return (basins, labels)
        } catch let error as CommandError {
            throw error
        } catch {
            throw CommandError("basins: \(error)")
        }
    }

    /// The shape of basin-labels.npy: the last axis of the grid first (C order, the first axis fastest).
    var labelShape: [Int] { Array(repeating: resolution, count: pc3Range == nil ? 2 : 3) }

    /// The figure: each attractor's basin coloured, the attractors marked; on a box, its middle slice
    /// across PC3.
    func figure(labels: [Int], pca: PCAProjector) -> Figure {
        let plane = resolution * resolution
        let middle = pc3Range.map { _ in resolution / 2 } ?? 0
        let sliceNote = pc3Range.map { String(format: ", slice PC3 = %.3g", $0[0] + ($0[1] - $0[0]) * Double(middle) / Double(resolution - 1)) } ?? ""
        var panel = Panel(title: "Basins of the stable fixed points (grey: none reached\(sliceNote))", xLabel: "PC1", yLabel: "PC2")
        panel.image = RasterImage(labels: Array(labels[(middle * plane)..<((middle + 1) * plane)]), width: resolution)
        panel.imageRange = (pc1Range[0]...pc1Range[1], pc2Range[0]...pc2Range[1])
        panel.xRange = panel.imageRange!.x
        panel.yRange = panel.imageRange!.y
        panel.add(Series(name: "stable fixed points", points: attractors.map { pca.transform($0) }.map { (x: $0[0], y: $0[1]) }, style: .markers(radius: 5), color: "#222222"))
        return Figure(panels: [panel], panelWidth: 520, height: 480, identifier: "basins")
    }
}
