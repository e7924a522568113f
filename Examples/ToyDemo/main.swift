// A tour of the foundation on analytic toy systems: exact Jacobians, map trajectories and flow
// integration, each checked against its closed form.
import Dynamics
import DynamicsNN
import ToySystems

BLASKernels.selectForThisCPU()
var rng = SeededGenerator(seed: 1)

let network = HopfieldNetwork(log2Size: 3, patternCount: 2, beta: 2, using: &rng)
let m = HopfieldNetwork.overlap(beta: 2)
let memory = network.patterns[0].map { m * $0 }
print("Hopfield network, N = \(network.dimension), 2 patterns, β = 2: m* = \(m)")
print("  |f(m*·ξ)| = \(network.step(memory).map(abs).max()!)  (a fixed point)")
let spectrum = try EigenDecomposition(of: network.dualNumberJacobian(at: memory)).eigenvalues
print("  spectrum by dual numbers: \(spectrum.map { ($0.real * 1e6).rounded() / 1e6 })")
print("  predicted: -1 + β(1 - m*²) = \(-1 + 2 * (1 - m * m)) (x2) and -1 (x6)")
let start = memory.map { $0 + 0.3 * rng.nextStandardNormal() }
let relaxed = try network.integrate(from: start, duration: 20)
let distance = zip(relaxed.finalState, memory).map { abs($0 - $1) }.max()!
print("  from a perturbed memory, Dormand-Prince relaxes back in \(relaxed.times.count - 1) steps (max |x - m*ξ| = \(distance))")

let line = LineAttractorMap(dimension: 4, inputScale: 1, using: &rng)
let orbit = line.trajectory(from: [1, -1, 0.5, 2], steps: 200)
let endpoint = orbit[orbit.count - 1]
print("Line attractor map, n = 4: after 200 steps |F(x) - x| = \(zip(line.step(endpoint), endpoint).map { abs($0 - $1) }.max()!)")

// Beyond fixed points: Lyapunov spectra and cycles against their closed forms.
let henon = HenonFamily().fixing(parameters: [1.4, 0.3])
let henonSpectrum = try LyapunovSpectrum(henon, from: [0.1, 0.1], steps: 100_000, transient: 1_000)
print("Hénon map (a = 1.4, b = 0.3): Lyapunov exponents \(henonSpectrum.exponents.map { ($0 * 1e4).rounded() / 1e4 })")
print("  sum \(henonSpectrum.exponents.reduce(0, +)) against ln b = \(Double.log(0.3)) (det J = −b everywhere)")
let henonTwoCycles = try PeriodicOrbitFinder(henon).find(period: 2, from: [[0.9, -0.1], [-0.4, 0.3]])
for cycle in henonTwoCycles {
    let product = cycle.multipliers.reduce(Complex<Double>(1, 0)) { $0 * $1 }
    print("  2-cycle \(cycle.states.map { $0.map { ($0 * 1e6).rounded() / 1e6 } }): product of multipliers \(product.real) against b² = \(0.3 * 0.3)")
}
let lorenz = LorenzFamily().fixing(parameters: [10, 28, 8.0 / 3])
let lorenzSpectrum = try LyapunovSpectrum(lorenz, from: [1, 1, 1], duration: 100, transient: 5, timeStep: 0.005)
print("Lorenz (σ = 10, ρ = 28, β = 8/3), 100 time units: exponents \(lorenzSpectrum.exponents.map { ($0 * 1e3).rounded() / 1e3 })")
print("  sum \(lorenzSpectrum.exponents.reduce(0, +)) against −(σ + 1 + β) = \(-(10 + 1 + 8.0 / 3)) (the trace is constant)")

// A ReLU network with self-inhibition overshoots into 2-cycles: the region search finds cycles
// exactly from seeds, and the enumeration of all 2^(n·k) activation patterns is the oracle (the search
// finds those its seeds' patterns lead to, the attracting ones first).
var weights = RandomMatrices.gaussian(rows: 6, columns: 6, scale: 1.5 / 6.0.squareRoot(), using: &rng)
for i in 0..<6 { weights[i, i] -= 2 }
let relu = ReluNetworkMap(weights: weights, bias: (0..<6).map { _ in Double.random(in: -1...1, using: &rng) })
let regionSearch = ReLURegionSearch(relu.layer)
let seeds = (0..<100).map { _ in (0..<6).map { _ in Double.random(in: -2...2, using: &rng) } }
for period in 1...2 {
    let searched = try regionSearch.cycles(period: period, seeds: seeds)
    let enumerated = try regionSearch.allCycles(period: period)
    let found = "\(searched.cycles.count) exact cycle(s) (\(searched.cycles.filter(\.isStable).count) stable) in \(searched.regionsTried) regions"
    print("ReLU network, n = 6, period \(period): region search \(found); enumeration of \(enumerated.regionsTried): \(enumerated.cycles.count) (\(enumerated.cycles.filter(\.isStable).count) stable)")
}

// Global dynamics: attractors, basins, boundaries and manifolds (figures with --figures DIR).
let figureFolder = CommandLine.arguments.firstIndex(of: "--figures").flatMap { CommandLine.arguments.indices.contains($0 + 1) ? CommandLine.arguments[$0 + 1] : nil }
try globalTour(figures: figureFolder)
