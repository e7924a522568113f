import CANN
import CommandSupport
import Dispatch
import Dynamics
import Foundation

/// A distinct point the analysis found, with what the report says of it.
struct AnalysedPoint {
    var point: SlowPoint
    /// The bump's centre (population vector angle).
    var position: Double
    /// ‖f(u)‖: 0 to rounding at a fixed point; the drift speed of a slow point.
    var speed: Double
    /// d(position)/dt under the flow: how fast and which way a slow bump drifts along the ring.
    var drift: Double
    var spectrum: LeadingSpectrum
}

/// Everything one lattice's analysis produced.
struct LatticeResult {
    var network: RingNetwork
    var candidates: [[Double]]
    var found: SlowPointResult
    var fixedPoints: [AnalysedPoint]
    var slowPoints: [AnalysedPoint]
    var verdict: AttractorVerdict
    var findSeconds: Double
    var stabilitySeconds: Double
}

/// The CANN analysis of one lattice: bump candidates, `find(from:)` (matrix-free at this size),
/// the leading spectrum at every distinct point (on all cores), the verdict.
struct LatticeAnalysis {
    let network: RingNetwork
    let settings: CANNSettings
    let log: (String) -> Void

    func run() throws -> LatticeResult {
        let clock = ContinuousClock()
        var rng = SeededGenerator(seed: settings.seed)
        let candidates = network.bumpCandidates(spacing: settings.spacing, noise: settings.noise, using: &rng)
        let method = SlowPointOptions().refinement.resolved(dimension: network.dimension)
        log("\(network.lattice.rawValue) lattice: \(candidates.count) bump candidates, \(network.dimension) units, \(method) refinement")
        let finder = SlowPointFinder(network)
        var found: SlowPointResult?
        var findError: (any Error)?
        let findDuration = clock.measure {
            do { found = try finder.find(from: candidates) } catch { findError = error }
        }
        if let findError { throw CommandError("\(findError)") }
        let result = found!
        let certified = result.refined.filter(\.isFixedPoint).count
        log(String(format: "  find: %d of %d candidates certified, %d distinct fixed points, %d slow points, %.2f s",
                   certified, candidates.count, result.fixedPoints.count, result.slowPoints.count, seconds(findDuration)))
        var analysed: [AnalysedPoint?] = []
        var spectrumError: (any Error)?
        let stabilityDuration = clock.measure {
            let points = result.points
            analysed = [AnalysedPoint?](repeating: nil, count: points.count)
            let failures = Locked<(any Error)?>(nil)
            let (network, count) = (network, settings.spectrumCount)
            analysed.withUnsafeMutableBufferPointer { slots in
                let output = SendableBuffer(slots)
                DispatchQueue.concurrentPerform(iterations: points.count) { k in
                    do { output.buffer[k] = try Self.analyse(points[k], network: network, spectrumCount: count) } catch { failures.set(error) }
                }
            }
            spectrumError = failures.value
        }
        if let spectrumError { throw CommandError("leading spectrum failed: \(spectrumError)") }
        let points = analysed.map { $0! }
        let fixed = points.filter(\.point.isFixedPoint)
        let slow = points.filter { !$0.point.isFixedPoint }
        let verdict = AttractorVerdict(points: fixed.map(\.point.state), spectra: fixed.map(\.spectrum))
        log(String(format: "  leading spectra at %d points: %.2f s", points.count, seconds(stabilityDuration)))
        log("  verdict: \(verdict)")
        return LatticeResult(
            network: network, candidates: candidates, found: result, fixedPoints: fixed, slowPoints: slow, verdict: verdict,
            findSeconds: seconds(findDuration), stabilitySeconds: seconds(stabilityDuration))
    }

    /// Position, speed, drift and leading spectrum (`spectrumCount` eigenvalues) of one point.
    static func analyse(_ point: SlowPoint, network: RingNetwork, spectrumCount: Int) throws(LinearAlgebraError) -> AnalysedPoint {
        let velocity = network.step(point.state)
        let speed = velocity.reduce(0) { $0 + $1 * $1 }.squareRoot()
        let position = network.bumpPosition(of: point.state)
        // d(position)/dt along f, by a central difference of the population-vector angle.
        let h = 1e-6 / Swift.max(speed, 1e-300)
        let ahead = network.bumpPosition(of: zip(point.state, velocity).map { $0 + h * $1 })
        let behind = network.bumpPosition(of: zip(point.state, velocity).map { $0 - h * $1 })
        let drift = speed == 0 ? 0 : RingNetwork.ringDistance(ahead - behind) / (2 * h)
        let spectrum = try LeadingSpectrum(network, at: point.state, count: spectrumCount, seed: UInt64(point.candidateIndex))
        return AnalysedPoint(point: point, position: position, speed: speed, drift: drift, spectrum: spectrum)
    }
}

/// Seconds of a duration.
func seconds(_ duration: Duration) -> Double {
    duration.inSeconds
}

/// A buffer written at distinct indices from concurrent iterations.
struct SendableBuffer<Element>: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<Element>
    init(_ buffer: UnsafeMutableBufferPointer<Element>) { self.buffer = buffer }
}

/// A value set from concurrent iterations (the last write wins).
final class Locked<Value>: @unchecked Sendable {
    private var stored: Value
    private let lock = NSLock()
    init(_ value: Value) { stored = value }
    func set(_ value: Value) { lock.lock(); stored = value; lock.unlock() }
    var value: Value { lock.lock(); defer { lock.unlock() }; return stored }
}
