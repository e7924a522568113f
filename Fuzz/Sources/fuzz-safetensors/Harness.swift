import DynamicsNN

/// One libFuzzer input: parse it as a .safetensors file; refusal must be a `WeightLoadingError`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSafetensors(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    if let dict = try? StateDict(safetensorsBytes: bytes) {
        for (name, tensor) in dict.tensors { _ = "\(name) \(tensor.shape) \(tensor.values.count)" }
    }
    return 0
}
