import CANN

/// Everything a `cann` run needs, validated: the command-line options in typed form.
struct CANNSettings: Sendable {
    var units = 512
    var lattices: [RingNetwork.Lattice] = RingNetwork.Lattice.allCases
    var spacing = 0.01
    var noise = 0.01
    var seed: UInt64 = 0
    var spectrumCount = 6
    var output = "cann-output"
    var quiet = false
}
