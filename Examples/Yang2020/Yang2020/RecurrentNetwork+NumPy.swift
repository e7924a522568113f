import Dynamics
import Foundation

extension RecurrentNetwork {
    /// The five files, in the row-vector layout NumPy / JAX / PyTorch users have:
    /// `w_ir.npy` (inputs × hidden), `w_rr.npy` (hidden × hidden), `b_rr.npy` (hidden),
    /// `w_ro.npy` (hidden × outputs), `b_ro.npy` (outputs).
    public static let parameterFiles = ["w_ir.npy", "w_rr.npy", "b_rr.npy", "w_ro.npy", "b_ro.npy"]

    /// The files of PyTorch's `nn.RNN(nonlinearity="relu")` that compute the same step when α = 1:
    /// `weight_ih_l0` = W_irᵀ, `weight_hh_l0` = W_rrᵀ, `bias_ih_l0` = 0, `bias_hh_l0` = b_rr.
    public static let pyTorchFiles = ["weight_ih_l0.npy", "weight_hh_l0.npy", "bias_ih_l0.npy", "bias_hh_l0.npy"]

    /// Writes the network as PyTorch's single-layer ReLU RNN (``pyTorchFiles``) into `directory`, so
    /// that `dynamics analyze --cell rnn-relu --weights directory` reads it; nothing when α ≠ 1 (a leaky
    /// network is not an Elman cell). Returns whether it wrote.
    ///
    /// - Throws: ``NumPyError/io(path:reason:)`` when a file cannot be written.
    @discardableResult
    public func savePyTorchLayout(to directory: String) throws(NumPyError) -> Bool {
        guard alpha == 1 else { return false }
        let arrays = [
            NumPyArray(matrix: inputWeights.transposed), NumPyArray(matrix: recurrentWeights.transposed),
            NumPyArray(vector: [Double](repeating: 0, count: hiddenCount)), NumPyArray(vector: recurrentBias),
        ]
        for (name, array) in zip(Self.pyTorchFiles, arrays) {
            try array.write(to: (directory as NSString).appendingPathComponent(name))
        }
        return true
    }

    /// Writes the five `.npy` files (float64, C order) into `directory`, which must exist.
    ///
    /// - Throws: ``NumPyError/io(path:reason:)`` when a file cannot be written.
    public func save(to directory: String) throws(NumPyError) {
        let arrays = [
            NumPyArray(matrix: inputWeights), NumPyArray(matrix: recurrentWeights), NumPyArray(vector: recurrentBias),
            NumPyArray(matrix: readoutWeights), NumPyArray(vector: readoutBias),
        ]
        for (name, array) in zip(Self.parameterFiles, arrays) {
            try array.write(to: (directory as NSString).appendingPathComponent(name))
        }
    }

    /// Loads the five `.npy` files (float32 or float64, any byte order, C or Fortran order) from
    /// `directory`, e.g. a network trained with PyTorch or JAX.
    ///
    /// - Parameters:
    ///   - directory: the folder holding the five files.
    ///   - alpha: dt/τ; default 1 (the tutorial's).
    /// - Throws: ``NetworkLoadingError`` naming the file and what is wrong with it.
    public init(loadingFrom directory: String, alpha: Double = 1) throws(NetworkLoadingError) {
        var arrays: [NumPyArray] = []
        for name in Self.parameterFiles {
            let path = (directory as NSString).appendingPathComponent(name)
            do { arrays.append(try NumPyArray(contentsOf: path)) } catch { throw .file(path, error) }
        }
        let expectedRanks = [2, 2, 1, 2, 1]
        for (k, array) in arrays.enumerated() where array.shape.count != expectedRanks[k] {
            throw .rank(Self.parameterFiles[k], shape: array.shape, expected: expectedRanks[k])
        }
        do {
            try self.init(
                inputWeights: try arrays[0].matrix(), recurrentWeights: try arrays[1].matrix(), recurrentBias: arrays[2].values,
                readoutWeights: try arrays[3].matrix(), readoutBias: arrays[4].values, alpha: alpha)
        } catch let error as NetworkError {
            throw .network(error)
        } catch {
            throw .network(.shapes("\(error)"))
        }
    }
}

/// Why a saved network could not be loaded.
public enum NetworkLoadingError: Error, CustomStringConvertible {
    /// A file is missing or malformed.
    case file(String, NumPyError)
    /// A file has the wrong number of dimensions.
    case rank(String, shape: [Int], expected: Int)
    /// The arrays do not form a network.
    case network(NetworkError)

    /// A readable explanation.
    public var description: String {
        switch self {
        case let .file(path, error): return "cannot load \(path): \(error)"
        case let .rank(name, shape, expected):
            return "\(name) has shape \(shape); expected a \(expected == 1 ? "vector" : "matrix") (\(expected) dimension\(expected == 1 ? "" : "s"))"
        case let .network(error): return "\(error)"
        }
    }
}
