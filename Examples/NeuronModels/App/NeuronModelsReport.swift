import CommandSupport
import Dynamics

/// The schema of neuron-models' report.json (Docs/PhasePlane.md).
struct NeuronModelsReport: Codable {
    var schemaVersion = 2
    var models: [Model]
    /// Morris–Lecar's fold and Hopf curves in (I, g_Ca), when computed.
    var twoParameter: TwoParameter?

    struct TwoParameter: Codable {
        var parameters: [String]
        var curves: [Curve]
        var specialPoints: [SpecialPoint]
        var seconds: Double
    }

    struct Curve: Codable {
        var kind: String
        /// (I, g_Ca) along the curve.
        var points: [[Double]]
        var ends: [String]
    }

    struct SpecialPoint: Codable {
        var kind: String
        var parameters: [Double]
        var state: [Double]
    }

    struct Model: Codable {
        var name: String
        var input: String
        var portraits: [Portrait]
        /// The equilibrium followed across the input range: its events, and why it stopped.
        var bifurcations: [Event]
        var branchPoints: Int
        var branchTermination: String?
        /// The cycles born at the first Hopf point: one entry per point.
        var cycles: [BranchCycle]
    }

    struct BranchCycle: Codable {
        var input: Double
        var period: Double
        var minimum: Double
        var maximum: Double
        var isStable: Bool
    }

    struct Portrait: Codable {
        var input: Double
        var equilibria: [Equilibrium]
        var nullclines: [NullclineSummary]
        var limitCycle: Cycle?
        var trajectories: Int
        var seconds: Double
    }

    struct Equilibrium: Codable {
        var state: [Double]
        var residual: Double
        var kind: String
        var eigenvalues: [ReportComplexNumber]
    }

    struct NullclineSummary: Codable {
        /// 0: the first variable's (ẋ = 0); 1: the second's.
        var variable: Int
        var branches: Int
        var vertices: Int
        var largestResidual: Double
    }

    struct Cycle: Codable {
        var period: Double
        var residual: Double
        var multipliers: [ReportComplexNumber]
        var isStable: Bool
    }

    struct Event: Codable {
        var kind: String
        var input: Double
        var state: [Double]
        /// Hopf points: the first Lyapunov coefficient (negative: supercritical).
        var firstLyapunovCoefficient: Double?
    }
}

extension NeuronModelsReport.Model {
    init<M>(_ result: ModelAnalysis<M>.Result) {
        name = result.setup.name
        input = result.setup.inputName
        portraits = result.portraits.map { portrait in
            NeuronModelsReport.Portrait(
                input: portrait.input,
                equilibria: portrait.equilibria.map {
                    .init(state: $0.point.state, residual: $0.point.residual, kind: $0.kind,
                          eigenvalues: $0.stability.eigenvalues.map { ReportComplexNumber(re: $0.real, im: $0.imaginary) })
                },
                nullclines: portrait.nullclines.map {
                    .init(variable: $0.variable, branches: $0.segments.count, vertices: $0.segments.reduce(0) { $0 + $1.count }, largestResidual: $0.largestResidual)
                },
                limitCycle: portrait.cycle.map {
                    .init(period: $0.period, residual: $0.residual, multipliers: $0.multipliers.map { ReportComplexNumber(re: $0.real, im: $0.imaginary) }, isStable: $0.isStable)
                },
                trajectories: portrait.trajectories.count, seconds: portrait.seconds)
        }
        bifurcations = result.branch?.bifurcations.map { .init(kind: $0.kind.rawValue, input: $0.parameter, state: $0.state, firstLyapunovCoefficient: $0.firstLyapunovCoefficient) } ?? []
        branchPoints = result.branch?.points.count ?? 0
        branchTermination = result.branch?.termination.rawValue
        cycles = result.cycles?.points.map { .init(input: $0.parameter, period: $0.period, minimum: $0.minimum, maximum: $0.maximum, isStable: $0.isStable) } ?? []
    }
}

extension NeuronModelsReport.TwoParameter {
    init(_ result: TwoParameterAnalysis.Result) {
        parameters = ["I", "g_Ca"]
        curves = result.curves.map { .init(kind: $0.kind.rawValue, points: $0.points.map(\.parameters), ends: $0.ends.map(\.rawValue)) }
        specialPoints = TwoParameterAnalysis.specialPoints(result).map { .init(kind: $0.kind.rawValue, parameters: $0.parameters, state: $0.state) }
        seconds = result.seconds
    }
}
