import ArgumentParser
import CANN
import CommandSupport
import Dynamics
import Foundation

/// `cann`: the continuous attractor network of BrainPy's `highdim_CANN` example, written as a plain
/// generic `step`, analysed at full size on both lattices.
public struct CANNCommand: ParsableCommand {
    /// The command's name, abstract and discussion for `--help`.
    public static let configuration = CommandConfiguration(
        commandName: "cann",
        abstract: "Find the fixed points of a 512-unit ring attractor network from bump candidates, certify them, and tell a ring from drifting bumps.",
        discussion: """
            Runs the exact ring (units evenly on the circle) and BrainPy's lattice (linspace(-pi, pi, n): the first and \
            last unit coincide, the ring is broken) from 629 noisy bumps each. Writes report.json, report.html, SVG \
            figures and the points (.npy) into the output folder, which appears only when the run is complete.
            """)

    @Option(help: "Units on the ring.") var units = 512
    @Option(help: "Lattices: both, even (the exact ring) or brainpy (coincident ends).") var lattice = "both"
    @Option(help: "Spacing of the bump candidates (rad): BrainPy's arange(-pi, pi, spacing).") var spacing = 0.01
    @Option(help: "Standard deviation of the noise added to each candidate.") var noise = 0.01
    @Option(help: "Random seed: same seed, same report.") var seed: UInt64 = 0
    @Option(help: "Leading eigenvalues computed at each point.") var spectrumCount = 6
    @Option(help: "Output folder; an existing one is replaced only if it holds nothing but an earlier run's files.") var output = "cann-output"
    @Flag(help: "Print only the final summary.") var quiet = false

    /// Options at their defaults (ArgumentParser fills them from the command line).
    public init() {}

    /// Rejects nonsense option values with a message naming the option, before any work.
    public func validate() throws {
        func require(_ condition: Bool, _ message: String) throws { if !condition { throw ValidationError(message) } }
        try require(units >= 8 && units <= 4096, "--units must be between 8 and 4096, got \(units)")
        try require(["both", "even", "brainpy"].contains(lattice), "--lattice must be both, even or brainpy, got '\(lattice)'")
        try require(spacing.isFinite && spacing >= 1e-3 && spacing <= Double.pi, "--spacing must be between 0.001 and pi, got \(spacing)")
        try require(noise.isFinite && noise >= 0 && noise <= 100, "--noise must be between 0 and 100, got \(noise)")
        try require(spectrumCount >= 1 && spectrumCount <= 32, "--spectrum-count must be between 1 and 32, got \(spectrumCount)")
        try require(!output.isEmpty, "--output must name a folder")
    }

    /// The typed settings of this invocation.
    var settings: CANNSettings {
        var s = CANNSettings()
        s.units = units
        s.lattices = lattice == "both" ? RingNetwork.Lattice.allCases : [lattice == "even" ? .evenlySpaced : .coincidentEnds]
        s.spacing = spacing
        s.noise = noise
        s.seed = seed
        s.spectrumCount = spectrumCount
        s.output = output
        s.quiet = quiet
        return s
    }

    /// Runs the analyses and writes the output folder; on any error, removes the staging folder and
    /// rethrows (ArgumentParser prints one `Error:` line and exits non-zero).
    public func run() throws {
        let settings = settings
        BLASThreads.setThreadCount(1)   // parallel over points; OpenBLAS threads would compete
        let folder = try OutputFolder(destination: settings.output, ownedNames: CANNWriter.fileNames, tool: "cann")
        do {
            let log: (String) -> Void = settings.quiet ? { _ in } : { print($0) }
            var results: [LatticeResult] = []
            for lattice in settings.lattices {
                let network = RingNetwork(units: settings.units, lattice: lattice)
                results.append(try LatticeAnalysis(network: network, settings: settings, log: log).run())
            }
            let report = CANNReport(settings: settings, results: results)
            try CANNWriter(folder: folder, results: results, report: report).writeAll()
            let note = try folder.commit()
            for lattice in report.lattices {
                print(String(format: "%@ lattice: %d of %d candidates certified, %d fixed points, %d slow points; %@; %.2f s (find %.2f s, spectra %.2f s)",
                             lattice.lattice, lattice.certifiedCandidates, lattice.candidates, lattice.fixedPoints.count, lattice.slowPoints.count,
                             lattice.verdict.text, lattice.totalSeconds, lattice.findSeconds, lattice.stabilitySeconds))
            }
            print("Results in \(folder.destination)")
            if let note { FileHandle.standardError.write(Data((note + "\n").utf8)) }
        } catch {
            folder.discard()
            throw error
        }
    }
}
