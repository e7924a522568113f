// swift-tools-version: 6.2
// Performance runners for swift-dynamics, kept out of the main package so that `swift test` does not
// build them. Run with ./Benchmarks/run.sh (release build, OPENBLAS_NUM_THREADS=1, malloc counting).
import PackageDescription

let package = Package(
    name: "swift-dynamics-benchmarks",
    dependencies: [
        .package(name: "swift-dynamics", path: ".."),
        .package(url: "https://github.com/ordo-one/malloc-interposer", from: "1.6.1"),
    ],
    targets: [
        .executableTarget(
            name: "dynamics-benchmarks",
            dependencies: [
                .product(name: "Dynamics", package: "swift-dynamics"),
                .product(name: "ToySystems", package: "swift-dynamics"),
                .product(name: "Yang2020", package: "swift-dynamics"),
                .product(name: "CANN", package: "swift-dynamics"),
                .product(name: "DynamicsNN", package: "swift-dynamics"),
                .product(name: "NeuronModels", package: "swift-dynamics"),
                .product(name: "MallocInterposerSwift", package: "malloc-interposer"),
            ]
        )
    ],
    // Swift 5 mode: the runner touches C's `stdout` (line buffering), which Swift 6 rejects as shared state.
    swiftLanguageModes: [.v5]
)
