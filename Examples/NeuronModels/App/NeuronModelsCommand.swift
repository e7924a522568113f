import ArgumentParser
import CommandSupport
import Dynamics
import DynamicsPlots
import Foundation
import NeuronModels

/// `neuron-models`: phase portraits and bifurcation diagrams of FitzHugh–Nagumo, Wilson–Cowan and
/// Morris–Lecar.
public struct NeuronModelsCommand: ParsableCommand {
    /// The command's name and help.
    public static let configuration = CommandConfiguration(
        commandName: "neuron-models",
        abstract: "Phase portraits (field, nullclines, equilibria, trajectories, limit cycles) and bifurcation diagrams of three neuron models.",
        discussion: """
            FitzHugh–Nagumo (a = 0.7, b = 0.8, tau = 12.5), Wilson–Cowan (1972) and Morris–Lecar (Rinzel–Ermentrout), each at \
            an input where it rests and one where it oscillates, its equilibrium continued across the input, the cycles born at \
            its first Hopf point, and Morris–Lecar's fold and Hopf curves in (I, g_Ca). Writes one SVG per portrait and per diagram, report.json and report.md into the output folder, which appears only when the \
            run is complete.
            """)

    @Option(help: "The models: all, fitzhugh-nagumo, wilson-cowan or morris-lecar.") var model = "all"
    @Option(help: "Cells per side of the nullclines' grid.") var resolution = 200
    @Option(help: "Output folder; an existing one is replaced only if it holds nothing but an earlier run's files.") var output = "neuron-models-output"
    @Flag(help: "Print only the summary.") var quiet = false
    @Flag(inversion: .prefixedNo, help: "Follow the cycles born at the first Hopf point across the input range (seconds in a release build).")
    var cycleBranches = true
    @Flag(inversion: .prefixedNo, help: "Follow Morris–Lecar's fold and Hopf curves in (I, g_Ca) with their codimension-two points.")
    var twoParameter = true

    /// Options at their defaults.
    public init() {}

    /// Rejects nonsense options before any work, naming the option.
    public func validate() throws {
        let names = ["all"] + [NeuronModelSetup.fitzHughNagumo, .wilsonCowan, .morrisLecar].map(\.identifier)
        guard names.contains(model) else { throw ValidationError("--model must be one of \(names.joined(separator: ", ")), got '\(model)'") }
        guard resolution >= 10 && resolution <= 2000 else { throw ValidationError("--resolution must be between 10 and 2000, got \(resolution)") }
        guard !output.isEmpty else { throw ValidationError("--output must name a folder") }
    }

    /// Runs the three models and writes the folder.
    public func run() throws {
        let folder = try OutputFolder(destination: output, ownedNames: NeuronModelsWriter.fileNames, tool: "neuron-models")
        do {
            let log: (String) -> Void = quiet ? { _ in } : { print($0) }
            var writer = NeuronModelsWriter(folder: folder)
            func wanted(_ setup: NeuronModelSetup) -> Bool { model == "all" || model == setup.identifier }
            if wanted(.fitzHughNagumo) { try writer.add(ModelAnalysis(model: FitzHughNagumo(), setup: .fitzHughNagumo, resolution: resolution, followsCycles: cycleBranches).run(), log: log) }
            if wanted(.wilsonCowan) { try writer.add(ModelAnalysis(model: WilsonCowan(), setup: .wilsonCowan, resolution: resolution, followsCycles: cycleBranches).run(), log: log) }
            if wanted(.morrisLecar) { try writer.add(ModelAnalysis(model: MorrisLecar(), setup: .morrisLecar, resolution: resolution, followsCycles: cycleBranches).run(), log: log) }
            if wanted(.morrisLecar) && twoParameter { try writer.add(TwoParameterAnalysis().run(), log: log) }
            try writer.finish()
            let note = try folder.commit()
            print("Results in \(folder.destination)")
            if let note { FileHandle.standardError.write(Data((note + "\n").utf8)) }
        } catch {
            folder.discard()
            throw error
        }
    }
}
