import Dynamics
import Foundation
import XCTest
import Yang2020
@_spi(Testing) import Yang2020App
#if canImport(FoundationXML)
import FoundationXML
#endif

/// The `yang2020` command on tiny configurations: every file, the report schema, well-formed SVG,
/// `--weights` round trip, and a clear error for each kind of bad input.
final class Yang2020CommandTests: XCTestCase {
    /// The reading names a certified residual by its decade, which rounding in different BLAS kernels
    /// does not move (3.3e-15, 3.0e-15 and 2.5e-15 on three OpenBLAS families all read "below 1e-14").
    func testReadingStatesResidualsByTheirDecade() {
        XCTAssertEqual(residualBound(3.3e-15), "below 1e-14")
        XCTAssertEqual(residualBound(2.5e-15), "below 1e-14")
        XCTAssertEqual(residualBound(1e-14), "below 1e-13", "strictly below")
        XCTAssertEqual(residualBound(9.99e-11), "below 1e-10")
        XCTAssertEqual(residualBound(0), "0")
    }

    var scratch = ""

    override func setUpWithError() throws {
        scratch = NSTemporaryDirectory() + "yang2020-cli-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
    }

    override func tearDown() { try? FileManager.default.removeItem(atPath: scratch) }

    static let tiny = ["--epochs", "1", "--batches-per-epoch", "4", "--hidden", "8", "--trials", "6", "--fp-steps", "40", "--fp-batch", "20", "--basin-resolution", "24", "--quiet"]

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
        for key in ["epoch", "loss", "accuracy"] { XCTAssertNotNil(epochs[0][key], "training.epochs[].\(key)") }
        XCTAssertNil(epochs[0]["seconds"], "durations live in timings only")
        XCTAssertEqual(((report["timings"] as? [String: Any])?["epochSeconds"] as? [Double])?.count, 1)
        let ratios = try XCTUnwrap((report["pca"] as? [String: Any])?["explainedVarianceRatio"] as? [Double])
        XCTAssertEqual(ratios.count, 2)
        XCTAssertTrue(ratios.allSatisfy { $0 > 0 } && ratios.reduce(0, +) <= 1, "\(ratios)")
        let slow = try XCTUnwrap(report["slowPoints"] as? [String: Any])
        for key in ["optimized", "afterLossFilter", "afterUnique", "afterOutliers", "keptCandidateIndices", "finalObjective"] {
            XCTAssertNotNil(slow[key], "slowPoints.\(key)")
        }
        XCTAssertEqual(slow["optimized"] as? Int, 6 * 22)
        // The decision-period basins: a 24 × 24 plane, fractions that add up, the check by simulation.
        XCTAssertTrue(FileManager.default.fileExists(atPath: output + "/decision-basins.svg"))
        let basins = try XCTUnwrap(report["decisionBasins"] as? [String: Any])
        XCTAssertEqual(basins["resolution"] as? Int, 24)
        for key in ["fractions", "oneStepFractions"] {
            XCTAssertEqual((basins[key] as? [Double])?.reduce(0, +) ?? 0, 1, accuracy: 1e-12, key)
        }
        XCTAssertEqual(basins["agreementSamples"] as? Int, 24 * 24)
        XCTAssertEqual(basins["tracingBlock"] as? Int, 32, "border tracing by default")
        XCTAssertTrue((1...(24 * 24)).contains(basins["followedStates"] as? Int ?? 0), "\(basins["followedStates"] ?? "none")")
        XCTAssertGreaterThanOrEqual(basins["agreement"] as? Double ?? 0, 0.9, "the predicted choices hold under simulation")
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

        for key in ["inputSweep", "decisionSweep"] {
            let sweep = try XCTUnwrap(report[key] as? [String: Any], key)
            XCTAssertEqual(sweep["coherenceRange"] as? [Double], [-51.2, 51.2])
            let branches = try XCTUnwrap(sweep["branches"] as? [[String: Any]])
            let gaps = try XCTUnwrap(sweep["noFixedPoint"] as? [[Double]])
            XCTAssertFalse(branches.isEmpty && gaps.isEmpty, "\(key): either branches or the ranges without a fixed point")
            for branch in branches {
                for point in try XCTUnwrap(branch["points"] as? [[String: Any]]) {
                    for field in ["coherence", "state", "residual", "spectralRadius", "isStable"] { XCTAssertNotNil(point[field], "\(key).branches[].points[].\(field)") }
                    XCTAssertLessThan(point["residual"] as? Double ?? 1, 1e-8)
                }
                for event in try XCTUnwrap(branch["bifurcations"] as? [[String: Any]]) {
                    for field in ["kind", "coherence", "state"] { XCTAssertNotNil(event[field], "\(key).branches[].bifurcations[].\(field)") }
                }
            }
        }
        XCTAssertNotNil(report["selection"] as? [[String: Any]])
        // Beyond fixed points: two leading exponents, and exact cycles of periods 1 to 4.
        let lyapunov = try XCTUnwrap(report["lyapunov"] as? [[String: Any]])
        XCTAssertEqual(lyapunov.compactMap { $0["condition"] as? String }, ["fixation", "stimulus, coherence 25.6"])
        for entry in lyapunov { XCTAssertTrue((entry["leadingExponentPerStep"] as? Double)?.isFinite == true) }
        let cycles = try XCTUnwrap(report["cycles"] as? [String: Any])
        let periods = try XCTUnwrap(cycles["periods"] as? [[String: Any]])
        XCTAssertEqual(periods.compactMap { $0["period"] as? Int }, [1, 2, 3, 4])
        for period in periods {
            XCTAssertGreaterThan(period["regionsTried"] as? Int ?? 0, 0)
            for cycle in try XCTUnwrap(period["cycles"] as? [[String: Any]]) {
                XCTAssertLessThanOrEqual(try XCTUnwrap(cycle["residual"] as? Double), 1e-9, "an exact cycle")
                XCTAssertEqual((cycle["states"] as? [[Double]])?.count, period["period"] as? Int)
            }
        }
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
        // Nothing was trained: the report does not claim training options.
        let trainedSettings = try XCTUnwrap(a["settings"] as? [String: Any]), loadedSettings = try XCTUnwrap(b["settings"] as? [String: Any])
        for key in ["epochs", "batchesPerEpoch", "batchSize", "learningRate", "trainingPrecision"] {
            XCTAssertNotNil(trainedSettings[key], key)
            XCTAssertNil(loadedSettings[key], "\(key) recorded for loaded weights")
        }
        XCTAssertNotNil(loadedSettings["hidden"])
        for key in ["slowPoints", "pca"] {
            let left = try XCTUnwrap(a[key] as? [String: Any]), right = try XCTUnwrap(b[key] as? [String: Any])
            XCTAssertEqual(NSDictionary(dictionary: left), NSDictionary(dictionary: right), key)
        }
        XCTAssertEqual((a["fixedPoints"] as? [[String: Any]])?.map { $0["state"] as? [Double] }, (b["fixedPoints"] as? [[String: Any]])?.map { $0["state"] as? [Double] })
    }

    /// Same seed, same report byte for byte outside `timings` (Docs/Yang2020.md §6).
    func testSameSeedSameReport() throws {
        try run(Self.tiny + ["--output", scratch + "/a", "--seed", "7"])
        try run(Self.tiny + ["--output", scratch + "/b", "--seed", "7"])
        let bytes = try ["a", "b"].map { name in
            let path = scratch + "/\(name)/report.json"
            var report = try json(path)
            XCTAssertNotNil(report.removeValue(forKey: "timings"), "report.json has timings")
            let raw = try String(contentsOfFile: path, encoding: .utf8)
            XCTAssertFalse(raw.replacingOccurrences(of: "Seconds", with: "").contains("seconds"), "a duration outside timings")
            return try JSONSerialization.data(withJSONObject: report, options: [.sortedKeys])
        }
        XCTAssertEqual(bytes[0], bytes[1], "two runs with seed 7 differ outside timings")
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
        expectParseError(["--epochs", "0"], "--epochs must be between 1 and")
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

extension Yang2020CommandTests {
    /// Absurd sizes are refused before any work, naming the option and its limit (they used to abort
    /// on allocation, trap on overflow or corrupt the heap).
    func testAbsurdSizesAreRefusedUpFront() {
        let output = scratch + "/out"
        let cases: [([String], String)] = [
            (["--fp-steps", "10000000000"], "--fp-steps must be between 1 and 10000000"),
            (["--fp-steps", "9223372036854775807"], "--fp-steps must be between"),
            (["--fp-batch", "9223372036854775807"], "--fp-batch must be between"),
            (["--trials", "9223372036854775807"], "--trials must be between 1 and 1000000"),
            (["--batch-size", "9223372036854775807"], "--batch-size must be between"),
            (["--batch-size", "100000000000"], "--batch-size must be between"),
            (["--epochs", "9223372036854775807"], "--epochs must be between"),
            (["--trials", "500000", "--hidden", "4096"], "GiB of memory"),
            (["--batch-size", "1000000", "--hidden", "4096"], "GiB of memory"),
            (["--hidden", "1"], "--hidden must be between 2 and 4096"),
            (["--basin-block=-1"], "--basin-block must be in 0...1000"),
            (["--basin-block", "1001"], "--basin-block must be in 0...1000"),
        ]
        for (arguments, fragment) in cases {
            XCTAssertThrowsError(try Yang2020Command.parseAsRoot(arguments + ["--output", output]), "\(arguments)") { error in
                let message = Yang2020Command.message(for: error)
                XCTAssertTrue(message.contains(fragment), "\(arguments): \(message)")
            }
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: output))
    }

    /// Messages that say what is wrong: an empty input entry, a file passed as the weights folder, a
    /// negative first input without '=', candidate files with a bad row (skipped, not fatal).
    func testInputAndFileMessages() throws {
        let output = scratch + "/out"
        XCTAssertThrowsError(try Yang2020Command.parseAsRoot(["--input", "1,,0.5,0.5", "--output", output])) {
            XCTAssertTrue(Yang2020Command.message(for: $0).contains("--input must be comma-separated numbers"), Yang2020Command.message(for: $0))
        }
        let file = scratch + "/w_ir.npy"
        try NumPyArray(shape: [1], values: [1]).write(to: file)
        XCTAssertThrowsError(try Yang2020Command.parseAsRoot(["--weights", file, "--output", output])) {
            XCTAssertTrue(Yang2020Command.message(for: $0).contains("is a file; pass the folder"), Yang2020Command.message(for: $0))
        }
        let parsed = try XCTUnwrap(try Yang2020Command.parseAsRoot(["--input", "-1,0.5,0.5", "--output", output]) as? Yang2020Command)
        XCTAssertEqual(parsed.inputVector, [-1, 0.5, 0.5], "a leading minus sign needs no '='")
        let candidates = scratch + "/candidates.npy"
        var values = (0..<48).map { Double($0 % 7) / 7 }
        values[9] = .nan
        try NumPyArray(shape: [6, 8], values: values).write(to: candidates)
        try run(Self.tiny + ["--output", output, "--candidates", candidates])
        XCTAssertEqual((try json(output + "/report.json")["slowPoints"] as? [String: Any])?["optimized"] as? Int, 5, "the row with NaN is skipped")
    }

    /// Training that diverges is one clear error, with no output (it used to trap).
    func testDivergentTrainingIsAClearError() {
        let output = scratch + "/out"
        XCTAssertThrowsError(try run(Self.tiny + ["--epochs", "2", "--batches-per-epoch", "16", "--learning-rate", "1e300", "--output", output])) { error in
            XCTAssertTrue("\(error)".contains("training diverged") && "\(error)".contains("lower --learning-rate"), "\(error)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: output))
        XCTAssertTrue(((try? FileManager.default.contentsOfDirectory(atPath: scratch)) ?? []).allSatisfy { !$0.contains("partial") })
    }

    /// A loaded network with 4 inputs (or 2) cannot run the 3-channel task: without candidates, an
    /// error that says what to pass; with them, a complete analysis (it used to trap).
    func testNetworkWithAnotherInputCount() throws {
        for inputs in [2, 4] {
            var rng = SeededGenerator(seed: UInt64(inputs))
            let network = RecurrentNetwork(inputs: inputs, hidden: 8, using: &rng)
            let weights = scratch + "/weights-\(inputs)"
            try FileManager.default.createDirectory(atPath: weights, withIntermediateDirectories: true)
            try network.save(to: weights)
            let input = (["1"] + Array(repeating: "0.5", count: inputs - 1)).joined(separator: ",")
            let output = scratch + "/out-\(inputs)"
            XCTAssertThrowsError(try run(Self.tiny + ["--weights", weights, "--input", input, "--output", output])) { error in
                XCTAssertTrue("\(error)".contains("has \(inputs) inputs") && "\(error)".contains("--candidates"), "\(error)")
            }
            XCTAssertFalse(FileManager.default.fileExists(atPath: output))
            let candidates = scratch + "/candidates-\(inputs).npy"
            try NumPyArray(shape: [12, 8], values: (0..<96).map { Double(($0 * 7) % 11) / 11 }).write(to: candidates)
            try run(Self.tiny + ["--weights", weights, "--input", input, "--candidates", candidates, "--output", output])
            let report = try json(output + "/report.json")
            XCTAssertEqual((report["slowPoints"] as? [String: Any])?["optimized"] as? Int, 12)
            XCTAssertEqual(try NumPyArray(contentsOf: output + "/activity.npy").shape, [22, 0, 8], "no task activity")
        }
    }
}

/// Collects element names while parsing.
final class ElementCollector: NSObject, XMLParserDelegate {
    var names: Set<String> = []
    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        names.insert(elementName)
    }
}
