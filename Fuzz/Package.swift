// swift-tools-version:6.0
// libFuzzer harnesses for the file readers: .npy (NumPyArray), .safetensors and .npz (StateDict), .onnx (ONNXStep).
// Build and run with Fuzz/run.sh, which passes -sanitize=fuzzer; not part of the main package.
import PackageDescription

let package = Package(
    name: "swift-dynamics-fuzz",
    dependencies: [.package(name: "swift-dynamics", path: "..")],
    targets: [
        .target(name: "FuzzDriver"),
        .executableTarget(name: "fuzz-npy", dependencies: ["FuzzDriver", .product(name: "Dynamics", package: "swift-dynamics")]),
        .executableTarget(name: "fuzz-safetensors", dependencies: ["FuzzDriver", .product(name: "DynamicsNN", package: "swift-dynamics")]),
        .executableTarget(name: "fuzz-npz", dependencies: ["FuzzDriver", .product(name: "DynamicsNN", package: "swift-dynamics")]),
        .executableTarget(name: "fuzz-onnx", dependencies: ["FuzzDriver", .product(name: "DynamicsONNX", package: "swift-dynamics")]),
    ]
)
