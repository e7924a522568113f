// swift-tools-version: 6.2
import PackageDescription

let package = Package(
    name: "swift-dynamics",
    products: [
        .library(name: "Dynamics", targets: ["Dynamics"]),
        .library(name: "ToySystems", targets: ["ToySystems"]),
        .library(name: "Yang2020", targets: ["Yang2020"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-numerics", from: "1.1.1"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
    ],
    targets: [
        .systemLibrary(
            name: "CLapack",
            path: "Sources/CLapack",
            providers: [.apt(["liblapacke-dev", "libopenblas-dev"])]
        ),
        .target(
            name: "Dynamics",
            dependencies: [
                "CLapack",
                .product(name: "RealModule", package: "swift-numerics"),
                .product(name: "ComplexModule", package: "swift-numerics"),
            ],
            path: "Sources/Dynamics"
        ),
        .target(name: "ToySystems", dependencies: ["Dynamics"], path: "Examples/ToySystems"),
        .target(name: "Yang2020", dependencies: ["Dynamics"], path: "Examples/Yang2020/Yang2020"),
        .executableTarget(name: "toy-demo", dependencies: ["Dynamics", "ToySystems"], path: "Examples/ToyDemo"),
        .target(
            name: "DynamicsTestSupport",
            dependencies: ["Dynamics", .product(name: "PropertyBased", package: "swift-property-based")],
            path: "Tests/DynamicsTestSupport"
        ),
        .testTarget(name: "DynamicsTests", dependencies: ["Dynamics", "DynamicsTestSupport"]),
        .testTarget(name: "ToySystemsTests", dependencies: ["ToySystems", "Dynamics", "DynamicsTestSupport"]),
        .testTarget(name: "Yang2020Tests", dependencies: ["Yang2020", "Dynamics", "DynamicsTestSupport"]),
    ]
)
