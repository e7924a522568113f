import DynamicsONNX
import Foundation

/// One libFuzzer input: read it as an ONNX model; refusal must be an `ONNXError`. A model that
/// compiles is evaluated and differentiated once at a small state (when it has at most 512 values).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzONNX(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    guard let step = try? ONNXStep(serialized: Data(bytes: data, count: size)), step.dimension <= 512, step.parameterCount <= 512 else { return 0 }
    let x = [Double](repeating: 0.25, count: step.dimension), u = [Double](repeating: -0.5, count: step.parameterCount)
    _ = step.step(x, parameters: u)
    _ = step.jointJacobian(at: x, parameters: u)
    return 0
}
