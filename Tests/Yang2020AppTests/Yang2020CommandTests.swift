import Dynamics
import Foundation
import XCTest
import Yang2020
import Yang2020App
#if canImport(FoundationXML)
import FoundationXML
#endif

/// The `yang2020` command on tiny configurations: every file, the report schema, well-formed SVG,
/// `--weights` round trip, and a clear error for each kind of bad input.
final class Yang2020CommandTests: XCTestCase {
    var scratch = ""

    override func setUpWithError() throws {
        scratch = NSTemporaryDirectory() + "yang2020-cli-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
    }

    override func tearDown() { try? FileManager.default.removeItem(atPath: scratch) }

    static let tiny = ["--epochs", "1", "--batches-per-epoch", "4", "--hidden", "8", "--trials", "6", "--fp-steps", "40", "--fp-batch", "20", "--quiet"]

    func run(_ arguments: [String]) throws {
        let command = try Yang2020Command.parseAsRoot(arguments) as! Yang2020Command
        try command.run()
    }

    func json(_ path: String) throws -> [String: Any] {
        try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
    }

    func testTinyRunWritesEveryFileWithTheSchema() throws {
        let output = scratch + "/out"
        try run(Self.tiny + ["--output", output])
        let expected = [
            "report.json", "report.html", "trajectories.svg", "fixed-points.svg", "eigenvalues.svg", "activity.npy",
            "optimized-points.npy", "kept-slow-points.npy", "fixed-points.npy", "slow-minima.npy",
        ] + RecurrentNetwork.parameterFiles.map { "network/" + $0 }
        for name in expected { XCTAssertTrue(FileManager.default.fileExists(atPath: output + "/" + name), "\(name) written") }
        XCTAssertTrue(try FileManager.default.contentsOfDirectory(atPath: scratch).allSatisfy { !$0.contains("partial") }, "no staging folder left")

        let report = try json(output + "/report.json")
        let training = try XCTUnwrap(report["training"] as? [String: Any])
        let epochs = try XCTUnwrap(training["epochs"] as? [[String: Any]])
        XCTAssertEqual(epochs.count, 1)
        for key in ["epoch", "loss", "accuracy", "seconds"] { XCTAssertNotNil(epochs[0][key], "training.epochs[].\(key)") }
        let ratios = try XCTUnwrap((report["pca"] as? [String: Any])?["explainedVarianceRatio"] as? [Double])
        XCTAssertEqual(ratios.count, 2)
        XCTAssertTrue(ratios.allSatisfy { $0 > 0 } && ratios.reduce(0, +) <= 1, "\(ratios)")
        let slow = try XCTUnwrap(report["slowPoints"] as? [String: Any])
        for key in ["optimized", "afterLossFilter", "afterUnique", "afterOutliers", "keptCandidateIndices", "finalObjective", "seconds"] {
            XCTAssertNotNil(slow[key], "slowPoints.\(key)")
        }
        XCTAssertEqual(slow["optimized"] as? Int, 6 * 22)
        let fixed = try XCTUnwrap(report["fixedPoints"] as? [[String: Any]])
        let minima = try XCTUnwrap(report["slowMinima"] as? [[String: Any]])
        XCTAssertFalse(fixed.isEmpty && minima.isEmpty, "refinement reports every candidate somewhere")
        for point in fixed {
            for key in ["state", "residual", "iterations", "eigenvalues", "spectralRadius", "classification", "timeConstantsMs", "slowDirectionAlignmentPC1"] {
                XCTAssertNotNil(point[key], "fixedPoints[].\(key)")
            }
            XCTAssertEqual((point["state"] as? [Double])?.count, 8)
        }
        for point in minima { for key in ["state", "loss", "eigenvalues", "spectralRadius"] { XCTAssertNotNil(point[key], "slowMinima[].\(key)") } }
        XCTAssertNotNil(report["verdict"])
        let timings = try XCTUnwrap(report["timings"] as? [String: Any])
        for key in ["trainingSeconds", "slowPointSearchSeconds", "refinementSeconds", "totalSeconds"] { XCTAssertNotNil(timings[key], "timings.\(key)") }
        let settings = try XCTUnwrap(report["settings"] as? [String: Any])
        XCTAssertEqual(settings["hidden"] as? Int, 8)
        XCTAssertEqual(settings["input"] as? [Double], [1, 0.5, 0.5])
        XCTAssertFalse((report["reading"] as? String ?? "").isEmpty)

        let activity = try NumPyArray(contentsOf: output + "/activity.npy")
        XCTAssertEqual(activity.shape, [22, 6, 8])
        let html = try String(contentsOfFile: output + "/report.html", encoding: .utf8)
        XCTAssertTrue(html.contains("<svg") && html.contains("</html>"))
    }

    func testSVGFilesAreWellFormedWithTheExpectedElements() throws {
        let output = scratch + "/out"
        try run(Self.tiny + ["--output", output])
        let expectations = ["trajectories.svg": ["svg", "polyline", "text", "line"], "fixed-points.svg": ["svg", "circle", "text"], "eigenvalues.svg": ["svg", "ellipse", "text"]]
        for (file, elements) in expectations {
            let data = try Data(contentsOf: URL(fileURLWithPath: output + "/" + file))
            let collector = ElementCollector()
            let parser = XMLParser(data: data)
            parser.delegate = collector
            XCTAssertTrue(parser.parse(), "\(file) is well-formed XML: \(String(describing: parser.parserError))")
            for element in elements { XCTAssertTrue(collector.names.contains(element), "\(file) has <\(element)>") }
        }
    }

    /// Save, load with --weights, same analysis: the same fixed points and filter counts.
    func testWeightsRoundTrip() throws {
        let first = scratch + "/first", second = scratch + "/second"
        try run(Self.tiny + ["--output", first])
        try run(Self.tiny + ["--output", second, "--weights", first + "/network"])
        let a = try json(first + "/report.json"), b = try json(second + "/report.json")
        XCTAssertEqual((b["training"] as? [String: Any])?["source"] as? String, "loaded")
        for key in ["slowPoints", "pca"] {
            var left = try XCTUnwrap(a[key] as? [String: Any]), right = try XCTUnwrap(b[key] as? [String: Any])
            left["seconds"] = nil
            right["seconds"] = nil
            XCTAssertEqual(NSDictionary(dictionary: left), NSDictionary(dictionary: right), key)
        }
        XCTAssertEqual((a["fixedPoints"] as? [[String: Any]])?.map { $0["state"] as? [Double] }, (b["fixedPoints"] as? [[String: Any]])?.map { $0["state"] as? [Double] })
    }

    /// Same seed, same report numbers (timings aside).
    func testSameSeedSameReport() throws {
        try run(Self.tiny + ["--output", scratch + "/a", "--seed", "7"])
        try run(Self.tiny + ["--output", scratch + "/b", "--seed", "7"])
        var a = try json(scratch + "/a/report.json"), b = try json(scratch + "/b/report.json")
        for key in ["timings", "training", "slowPoints"] {
            a[key] = nil
            b[key] = nil
        }
        XCTAssertEqual(NSDictionary(dictionary: a), NSDictionary(dictionary: b))
        let epochs = { (path: String) in (try self.json(path)["training"] as? [String: Any])?["epochs"] as? [[String: Any]] }
        XCTAssertEqual(try epochs(scratch + "/a/report.json")?.map { $0["loss"] as? Double }, try epochs(scratch + "/b/report.json")?.map { $0["loss"] as? Double })
        let slow = { (path: String) in (try self.json(path)["slowPoints"] as? [String: Any])?["finalObjective"] as? Double }
        XCTAssertEqual(try slow(scratch + "/a/report.json"), try slow(scratch + "/b/report.json"))
    }

    func testCandidatesFile() throws {
        let file = scratch + "/candidates.npy"
        try NumPyArray(shape: [2, 3, 8], values: (0..<48).map { Double($0 % 7) / 7 }).write(to: file)
        try run(Self.tiny + ["--output", scratch + "/out", "--candidates", file])
        XCTAssertEqual((try json(scratch + "/out/report.json")["slowPoints"] as? [String: Any])?["optimized"] as? Int, 6)
    }

    /// Each bad input: a clear message, and no output folder.
    func testBadInputs() throws {
        let output = scratch + "/out"
        func expectParseError(_ arguments: [String], _ fragment: String) {
            XCTAssertThrowsError(try Yang2020Command.parseAsRoot(arguments + ["--output", output])) { error in
                let message = Yang2020Command.message(for: error)
                XCTAssertTrue(message.contains(fragment), "\(arguments): \(message)")
            }
        }
        expectParseError(["--epochs", "0"], "--epochs must be at least 1")
        expectParseError(["--learning-rate", "0"], "--learning-rate must be positive")
        expectParseError(["--fp-tolerance=-1"], "--fp-tolerance must be positive")
        expectParseError(["--input", "1,abc"], "--input must be comma-separated numbers")
        expectParseError(["--weights", scratch + "/missing"], "no such folder")
        expectParseError(["--candidates", scratch + "/missing.npy"], "no such file")
        expectParseError(["--fp-precision", "quad"], "quad")

        func expectRunError(_ arguments: [String], _ fragment: String) {
            XCTAssertThrowsError(try run(Self.tiny + arguments)) { XCTAssertTrue("\($0)".contains(fragment), "\(arguments): \($0)") }
            XCTAssertFalse(FileManager.default.fileExists(atPath: output), "\(arguments): no output folder")
            XCTAssertTrue(((try? FileManager.default.contentsOfDirectory(atPath: scratch)) ?? []).allSatisfy { !$0.contains("partial") }, "staging removed")
        }
        let bad = scratch + "/bad.npy"
        try Data("not a numpy file".utf8).write(to: URL(fileURLWithPath: bad))
        expectRunError(["--output", output, "--candidates", bad], "not a NumPy .npy file")
        try NumPyArray(shape: [4, 5], values: Array(repeating: 0, count: 20)).write(to: bad)
        expectRunError(["--output", output, "--candidates", bad], "candidates must be (N, 8) or (T, B, 8)")
        try FileManager.default.createDirectory(atPath: scratch + "/weights", withIntermediateDirectories: true)
        expectRunError(["--output", output, "--weights", scratch + "/weights"], "w_ir.npy")
        expectRunError(["--output", output, "--input", "1,0.5"], "--input has 2 values")
        expectRunError(["--output", scratch + "/no/such/parent"], "does not exist")
        let file = scratch + "/a-file"
        try Data().write(to: URL(fileURLWithPath: file))
        expectRunError(["--output", file], "not a folder")
    }
}

/// Collects element names while parsing.
final class ElementCollector: NSObject, XMLParserDelegate {
    var names: Set<String> = []
    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        names.insert(elementName)
    }
}
