import CANN
import Dynamics
import DynamicsTestSupport
import PropertyBased
import XCTest

/// The continuous attractor network against its analytic structure: on the exact ring every bump is
/// a fixed point at its own position, the marginal mode is the derivative of the bump along the ring,
/// the other leading modes decay, and the verdict reads "ring attractor"; on BrainPy's lattice nothing
/// that drifts is certified. Debug-sized (n = 64); the 512-unit run is the example and the benchmark.
final class RingNetworkTests: XCTestCase {
    /// The derivative of a periodic lattice function by Fourier interpolation: multiply mode k by i·k
    /// (k in −n/2 < k < n/2, the Nyquist mode dropped). This is the generator of sub-lattice
    /// translations, the exact marginal direction of a circulant ring.
    func spectralDerivative(_ u: [Double]) -> [Double] {
        let n = u.count
        var derivative = [Double](repeating: 0, count: n)
        for k in 1..<((n + 1) / 2) {
            var (re, im) = (0.0, 0.0)
            for j in 0..<n {
                let angle = -2 * Double.pi * Double(j * k) / Double(n)
                re += u[j] * Double.cos(angle)
                im += u[j] * Double.sin(angle)
            }
            // Modes k and n − k together: d/dθ of 2·Re(û_k·e^{ikθ})/n = 2·Re(i·k·û_k·e^{ikθ})/n.
            for j in 0..<n {
                let angle = 2 * Double.pi * Double(j * k) / Double(n)
                derivative[j] += 2 * Double(k) * (-im * Double.cos(angle) - re * Double.sin(angle)) / Double(n)
            }
        }
        return derivative
    }

    func testExactRingFixedPointsAndMarginalMode() throws {
        let network = RingNetwork(units: 64)
        var rng = SeededGenerator(seed: 1)
        let candidates = network.bumpCandidates(spacing: 0.5, noise: 0.01, using: &rng)   // 13 bumps
        for method in [RefinementMethod.dense, .matrixFree] {
            var options = SlowPointOptions()
            options.refinement = method
            let result = try SlowPointFinder(network, options: options).find(from: candidates)
            XCTAssertEqual(result.refined.filter(\.isFixedPoint).count, candidates.count, "\(method): every bump certified")
            XCTAssertEqual(result.fixedPoints.count, candidates.count, "\(method): each at its own position")
            var spectra: [LeadingSpectrum] = []
            for (k, point) in result.refined.enumerated() {
                let target = -Double.pi + 0.5 * Double(k)
                let position = network.bumpPosition(of: point.state)
                XCTAssertLessThan(abs(RingNetwork.ringDistance(position - target)), 0.05, "\(method): bump \(k) stays near \(target), at \(position)")
            }
            for point in result.fixedPoints {
                let spectrum = try LeadingSpectrum(network, at: point.state, count: 3)
                XCTAssertTrue(spectrum.isConverged, "\(method): residuals \(spectrum.residuals)")
                XCTAssertLessThan(spectrum.eigenvalues[0].length, 1e-9, "\(method): a zero eigenvalue leads, got \(spectrum.eigenvalues)")
                XCTAssertLessThan(spectrum.growthRates[1], -0.1, "\(method): the other modes decay, got \(spectrum.eigenvalues)")
                let derivative = spectralDerivative(point.state)
                let norm = derivative.reduce(0) { $0 + $1 * $1 }.squareRoot()
                let cosine = abs(zip(spectrum.slowDirection, derivative).reduce(0) { $0 + $1.0 * $1.1 }) / norm
                XCTAssertEqual(cosine, 1, accuracy: 1e-7, "\(method): the marginal mode is the bump's derivative along the ring")
                spectra.append(spectrum)
            }
            let verdict = AttractorVerdict(points: result.fixedPoints.map(\.state), spectra: spectra)
            XCTAssertEqual(verdict.kind, .ringAttractor, "\(method): \(verdict)")
        }
    }

    /// On BrainPy's lattice (first and last unit at the same place) every certified point really is a
    /// fixed point (its residual, recomputed from `step`, meets the certificate) and every other point
    /// is reported with its speed.
    func testBrokenRingCertifiesOnlyFixedPoints() throws {
        let network = RingNetwork(units: 64, lattice: .coincidentEnds)
        var rng = SeededGenerator(seed: 2)
        let candidates = network.bumpCandidates(spacing: 0.4, noise: 0.01, using: &rng)
        var options = SlowPointOptions()
        options.refinement = .matrixFree
        let refined = try SlowPointFinder(network, options: options).refine(candidates)
        var slow = 0
        for point in refined {
            let speed = network.step(point.state).reduce(0) { $0 + $1 * $1 }.squareRoot()
            let size = point.state.reduce(0) { $0 + $1 * $1 }.squareRoot()
            if point.isFixedPoint {
                XCTAssertLessThanOrEqual(speed, 1e-10 * Swift.max(1, size), "certified with speed \(speed)")
            } else {
                slow += 1
                XCTAssertGreaterThan(speed, 1e-10 * Swift.max(1, size), "a fixed point reported as slow")
                XCTAssertEqual(point.residual, speed, accuracy: 1e-12 * Swift.max(1, speed))
            }
        }
        XCTAssertGreaterThan(slow, 0, "bumps near the seam drift")
    }

    /// The lattice and the connectivity: circulant on the exact ring, and the example's parameters.
    func testConnectivity() {
        let ring = RingNetwork(units: 16)
        for i in 0..<16 { for j in 0..<16 { XCTAssertEqual(ring.connections[i * 16 + j], ring.connections[((i + 1) % 16) * 16 + (j + 1) % 16], "circulant to the last bit") } }
        let brainpy = RingNetwork(units: 16, lattice: .coincidentEnds)
        XCTAssertEqual(brainpy.positions.first!, -Double.pi)
        XCTAssertEqual(brainpy.positions.last!, Double.pi, accuracy: 1e-15)
        XCTAssertEqual(RingNetwork.ringDistance(2 * Double.pi - 0.1), -0.1, accuracy: 1e-15)
        var rng = SeededGenerator(seed: 0)
        XCTAssertEqual(RingNetwork(units: 32).bumpCandidates(using: &rng).count, 629, "arange(−π, π, 0.01)")
    }
}
