// swift-tools-version: 6.2
import PackageDescription

let package = Package(
    name: "swift-dynamics",
    products: [
        .library(name: "Dynamics", targets: ["Dynamics"]),
        .library(name: "DynamicsPlots", targets: ["DynamicsPlots"]),
        .library(name: "ToySystems", targets: ["ToySystems"]),
        .library(name: "Yang2020", targets: ["Yang2020"]),
        .library(name: "CANN", targets: ["CANN"]),
        .library(name: "DynamicsNN", targets: ["DynamicsNN"]),
        .library(name: "NeuronModels", targets: ["NeuronModels"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-numerics", from: "1.1.1"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        .systemLibrary(
            name: "CLapack",
            path: "Sources/CLapack",
            providers: [.apt(["liblapacke-dev", "libopenblas-dev"])]
        ),
        .systemLibrary(name: "CZlibPNG", path: "Sources/CZlibPNG", providers: [.apt(["zlib1g-dev"])]),
        .target(name: "DynamicsKernels", path: "Sources/DynamicsKernels"),
        // libmvec (glibc's vector math library, in libc6-dev) evaluates the cells' activations.
        .target(name: "NNKernels", path: "Sources/NNKernels", linkerSettings: [.linkedLibrary("mvec", .when(platforms: [.linux]))]),
        .target(
            name: "Dynamics",
            dependencies: [
                "CLapack",
                "DynamicsKernels",
                .product(name: "RealModule", package: "swift-numerics"),
                .product(name: "ComplexModule", package: "swift-numerics"),
            ],
            path: "Sources/Dynamics"
        ),
        .target(name: "DynamicsPlots", dependencies: ["CZlibPNG"], path: "Sources/DynamicsPlots"),
        .target(name: "DynamicsNN", dependencies: ["Dynamics", "NNKernels", .product(name: "ZIPFoundation", package: "ZIPFoundation")], path: "Sources/DynamicsNN"),
        .target(name: "ToySystems", dependencies: ["Dynamics", "DynamicsNN"], path: "Examples/ToySystems"),
        .target(name: "CommandSupport", path: "Sources/CommandSupport"),
        .target(name: "Yang2020Kernels", dependencies: ["DynamicsKernels"], path: "Examples/Yang2020/Kernels"),
        .target(name: "Yang2020", dependencies: ["Dynamics", "DynamicsNN", "Yang2020Kernels"], path: "Examples/Yang2020/Yang2020"),
        .target(
            name: "Yang2020App",
            dependencies: ["Yang2020", "Dynamics", "DynamicsNN", "DynamicsPlots", "CommandSupport", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Examples/Yang2020/App"
        ),
        .target(name: "CANN", dependencies: ["Dynamics"], path: "Examples/CANN/CANN"),
        .target(
            name: "CANNApp",
            dependencies: ["CANN", "Dynamics", "DynamicsPlots", "CommandSupport", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Examples/CANN/App"
        ),
        .executableTarget(name: "cann", dependencies: ["CANNApp", "Dynamics", "CommandSupport"], path: "Examples/CANN/Main"),
        .target(name: "NeuronModels", dependencies: ["Dynamics"], path: "Examples/NeuronModels/NeuronModels"),
        .target(
            name: "NeuronModelsApp",
            dependencies: ["NeuronModels", "Dynamics", "DynamicsPlots", "CommandSupport", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Examples/NeuronModels/App"
        ),
        .executableTarget(name: "neuron-models", dependencies: ["NeuronModelsApp", "Dynamics", "CommandSupport"], path: "Examples/NeuronModels/neuron-models"),
        .target(
            name: "DynamicsCommand",
            dependencies: ["Dynamics", "DynamicsNN", "DynamicsPlots", "CommandSupport", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Sources/DynamicsCommand"
        ),
        .executableTarget(name: "dynamics", dependencies: ["DynamicsCommand", "Dynamics", "CommandSupport"], path: "Sources/DynamicsTool"),
        .executableTarget(name: "yang2020", dependencies: ["Yang2020App", "Dynamics", "CommandSupport"], path: "Examples/Yang2020/Main"),
        .executableTarget(name: "toy-demo", dependencies: ["Dynamics", "DynamicsNN", "DynamicsPlots", "ToySystems"], path: "Examples/ToyDemo"),
        .target(
            name: "DynamicsTestSupport",
            dependencies: ["Dynamics", .product(name: "PropertyBased", package: "swift-property-based")],
            path: "Tests/DynamicsTestSupport"
        ),
        .testTarget(name: "DynamicsTests", dependencies: ["Dynamics", "DynamicsKernels", "DynamicsTestSupport"]),
        .testTarget(name: "ToySystemsTests", dependencies: ["ToySystems", "Dynamics", "DynamicsNN", "DynamicsTestSupport"]),
        .testTarget(name: "Yang2020Tests", dependencies: ["Yang2020", "Yang2020Kernels", "Dynamics", "DynamicsNN", "DynamicsTestSupport"]),
        .testTarget(name: "Yang2020AppTests", dependencies: ["Yang2020App", "Yang2020", "Dynamics", "DynamicsTestSupport"]),
        .testTarget(name: "DynamicsPlotsTests", dependencies: ["DynamicsPlots", "DynamicsTestSupport"]),
        .testTarget(name: "CANNTests", dependencies: ["CANN", "Dynamics", "DynamicsTestSupport"]),
        .testTarget(name: "NeuronModelsTests", dependencies: ["NeuronModels", "NeuronModelsApp", "Dynamics", "DynamicsTestSupport"]),
        .testTarget(name: "DynamicsCommandTests", dependencies: ["DynamicsCommand", "Dynamics", "DynamicsNN", "DynamicsTestSupport"]),
        .testTarget(
            name: "DynamicsNNTests",
            dependencies: ["DynamicsNN", "Dynamics", "DynamicsTestSupport", .product(name: "PropertyBased", package: "swift-property-based"), .product(name: "ZIPFoundation", package: "ZIPFoundation")]),
    ]
)
