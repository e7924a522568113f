import Foundation
import XCTest

/// The fixtures written by scripts/onnx/make-fixtures.py, and their expected values.
enum Fixtures {
    /// The fixture folder in the test bundle.
    static let folder: URL = Bundle.module.resourceURL!.appendingPathComponent("Fixtures")

    /// The path of fixture `name` (relative to the folder).
    static func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    /// A JSON file of the folder, decoded.
    static func json<T: Decodable>(_ name: String, as type: T.Type) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(contentsOf: folder.appendingPathComponent(name)))
    }

    /// One evaluation of an operator fixture by the ONNX reference evaluator.
    struct OperatorCase: Decodable {
        var state: [Double]
        var input: [Double]
        var output: [Double]
    }

    /// A model family's fixed points as float64 NumPy found them.
    struct Family: Decodable {
        struct Point: Decodable {
            var state: [Double]
            var stable: Bool
            /// [real, imaginary] pairs, largest modulus first.
            var eigenvalues: [[Double]]
        }
        var input: [Double]
        var flow: Bool
        var dimension: Int
        var fixedPoints: [Point]
    }
}
