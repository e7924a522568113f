import Dynamics
import DynamicsONNX
import Foundation

/// One libFuzzer input: read it as an ONNX model; refusal must be an `ONNXError`. A model that
/// compiles is evaluated, differentiated and run through its batched kernels once at small states
/// (when it has at most 512 values).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzONNX(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    guard let step = try? ONNXStep(serialized: Data(bytes: data, count: size)), step.dimension <= 512, step.parameterCount <= 512 else { return 0 }
    let x = [Double](repeating: 0.25, count: step.dimension), u = [Double](repeating: -0.5, count: step.parameterCount)
    _ = step.step(x, parameters: u)
    _ = step.jointJacobian(at: x, parameters: u)
    let map = step.map(input: u)
    let states = Matrix(rows: 3, columns: step.dimension, elements: (0..<(3 * step.dimension)).map { Double($0 % 7) / 7 - 0.5 })
    _ = map.evaluate(states)
    _ = map.vectorJacobianProducts(at: states, cotangents: states)
    return 0
}
