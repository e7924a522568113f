// A tour of the foundation on analytic toy systems: exact Jacobians, map trajectories and flow
// integration, each checked against its closed form.
import Dynamics
import ToySystems

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
