import DynamicsNN
import Foundation

/// One libFuzzer input: parse it as a .npz archive; refusal must be a `WeightLoadingError`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzNPZ(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    if let dict = try? StateDict(npzData: Data(bytes: data, count: size)) {
        for (name, tensor) in dict.tensors { _ = "\(name) \(tensor.shape) \(tensor.values.count)" }
    }
    return 0
}
