import Dynamics
import DynamicsCommand
import Foundation
import XCTest

/// `--shard k/N` and `dynamics merge`: the merged report is the one a single run writes (the numbers
/// to the last bit where each candidate's work is the same), and parts that do not belong together
/// are refused by name with nothing written.
final class ShardMergeTests: XCTestCase {
    private var scratch = ""

    override func setUpWithError() throws {
        scratch = NSTemporaryDirectory() + "dynamics-shards-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
    }

    override func tearDown() { try? FileManager.default.removeItem(atPath: scratch) }

    /// A GRU (H units, 3 inputs) as PyTorch-named .npy files, recurrent weights strong enough for
    /// several attractors.
    private func gru(hidden: Int, seed: UInt64) throws -> String {
        var rng = SeededGenerator(seed: seed)
        let folder = scratch + "/gru-\(seed)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        func random(_ count: Int, _ scale: Double) -> [Double] { (0..<count).map { _ in scale * rng.nextStandardNormal() } }
        let s = 1 / Double(hidden).squareRoot()
        for (name, shape, scale) in [("weight_ih_l0", [3 * hidden, 3], s), ("weight_hh_l0", [3 * hidden, hidden], 3 * s), ("bias_ih_l0", [3 * hidden], s), ("bias_hh_l0", [3 * hidden], s)] {
            try NumPyArray(shape: shape, values: random(shape.reduce(1, *), scale)).write(to: "\(folder)/\(name).npy")
        }
        return folder
    }

    private func dynamics(_ arguments: [String]) throws {
        var command = try DynamicsCommand.parseAsRoot(arguments)
        try command.run()
    }

    /// report.json without its timings (they differ between any two runs).
    private func report(_ folder: String) throws -> NSDictionary {
        var object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder + "/report.json"))) as? [String: Any])
        for key in object.keys where key.lowercased().contains("seconds") || key == "timings" { object[key] = nil }
        if var summary = object["summary"] as? [String: Any] {
            for key in summary.keys where key.lowercased().contains("seconds") { summary[key] = nil }
            object["summary"] = summary
        }
        return object as NSDictionary
    }

    private func bytes(_ path: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }

    /// Shards in an order other than 0..<N, merged, against one run: every file equal, the report
    /// equal outside timings.
    private func assertMergedEqualsSingle(_ options: [String], shards: Int, command: String = "analyze", files: [String], file: StaticString = #filePath, line: UInt = #line) throws {
        let single = scratch + "/single-\(UUID().uuidString)"
        try dynamics([command] + options + ["--output", single, "--quiet"])
        var parts: [String] = []
        for k in (0..<shards).reversed() {
            let part = scratch + "/part-\(k)-\(UUID().uuidString)"
            try dynamics([command] + options + ["--shard", "\(k)/\(shards)", "--output", part, "--quiet"])
            parts.append(part)
        }
        let merged = scratch + "/merged-\(UUID().uuidString)"
        try dynamics(["merge"] + parts + ["--output", merged, "--quiet"])
        XCTAssertEqual(try report(single), try report(merged), "report.json differs outside timings", file: file, line: line)
        for name in files {
            XCTAssertEqual(try bytes(single + "/" + name), try bytes(merged + "/" + name), "\(name) differs", file: file, line: line)
        }
    }

    func testEightCandidateShardsMergeToTheSingleRunToTheLastBit() throws {
        let weights = try gru(hidden: 12, seed: 3)
        try assertMergedEqualsSingle(
            ["--cell", "gru", "--weights", weights, "--input", "1,0.5,0.5", "--samples", "300", "--refine-each-candidate", "--sweep-input", "1:0.5:0"],
            shards: 8, files: ["fixed-points.npy", "slow-points.npy", "candidates.npy", "fixed-points.svg", "eigenvalues.svg"])
    }

    func testShardsReadOnlyTheirRowsOfACandidateFileWithNaNRows() throws {
        let weights = try gru(hidden: 10, seed: 9)
        var rng = SeededGenerator(seed: 17)
        // (T, B, n) = (7, 9, 10), every fifth row NaN: the candidates' indices count the finite rows.
        var values: [Double] = []
        for row in 0..<63 { values += (0..<10).map { _ in row % 5 == 3 ? .nan : rng.nextStandardNormal() } }
        let candidates = scratch + "/states.npy"
        try NumPyArray(shape: [7, 9, 10], values: values).write(to: candidates)
        let options = ["--cell", "gru", "--weights", weights, "--input", "1,0.5,0.5", "--candidates", candidates, "--refine-each-candidate"]
        try assertMergedEqualsSingle(options, shards: 6, files: ["fixed-points.npy", "slow-points.npy", "candidates.npy"])
        // Shards of one file, merged after the file changed: refused, nothing written.
        var parts: [String] = []
        for k in 0..<3 {
            parts.append(scratch + "/changed-\(k)")
            try dynamics(["analyze"] + options + ["--shard", "\(k)/3", "--output", parts[k], "--quiet"])
        }
        values[0] += 1
        try NumPyArray(shape: [7, 9, 10], values: values).write(to: candidates)
        XCTAssertThrowsError(try dynamics(["merge"] + parts + ["--output", scratch + "/changed", "--quiet"])) {
            XCTAssertTrue("\($0)".contains("differ from those the shard refined"), "\($0)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: scratch + "/changed"))
    }

    func testBasinRowShardsMergeToTheSingleRun() throws {
        let weights = try gru(hidden: 8, seed: 5)
        try assertMergedEqualsSingle(
            ["--cell", "gru", "--weights", weights, "--input", "1,0.5,0.5", "--samples", "200", "--basins", "24"],
            shards: 16, command: "basins", files: ["basin-labels.npy", "basins.json", "basins.svg", "fixed-points.npy"])
    }

    func testA3DBasinGridOverSixteenShardsMergesToTheSingleRun() throws {
        // 12 slabs of 12 × 12 over 16 shards: four shards have no slab.
        let weights = try gru(hidden: 8, seed: 5)
        try assertMergedEqualsSingle(
            ["--cell", "gru", "--weights", weights, "--input", "1,0.5,0.5", "--samples", "200", "--basins", "12", "--basin-dimensions", "3"],
            shards: 16, command: "basins", files: ["basin-labels.npy", "basins.json", "basins.svg"])
        let labels = try NumPyArray(contentsOf: scratch + "/" + (try FileManager.default.contentsOfDirectory(atPath: scratch).first { $0.hasPrefix("merged-") }!) + "/basin-labels.npy")
        XCTAssertEqual(labels.shape, [12, 12, 12])
        XCTAssertTrue(labels.values.contains { $0 >= 1 }, "no point of the box reached an attractor")
    }

    func testMoreShardsThanCandidatesLeaveSomeEmpty() throws {
        let weights = try gru(hidden: 6, seed: 7)
        try assertMergedEqualsSingle(
            ["--cell", "gru", "--weights", weights, "--input", "1,0.5,0.5", "--samples", "5", "--refine-each-candidate"],
            shards: 8, files: ["fixed-points.npy"])
    }

    func testASweepOfTwentyNetworksOverFourShardsMergesToTheSingleSweep() throws {
        var models: [[String: Any]] = []
        for seed in 0..<20 {
            let weights = try gru(hidden: 5, seed: 100 + UInt64(seed))
            models.append(["name": "seed-\(seed)", "cell": "gru", "weights": weights, "input": [1, 0.5, 0.5]])
        }
        let manifest = scratch + "/sweep.json"
        try JSONSerialization.data(withJSONObject: ["models": models]).write(to: URL(fileURLWithPath: manifest))
        let options = [manifest, "--samples", "60", "--refine-each-candidate", "--quiet"]
        let single = scratch + "/sweep-single"
        try dynamics(["sweep"] + options + ["--output", single])
        var parts: [String] = []
        for k in [2, 0, 3, 1] {
            parts.append(scratch + "/sweep-part-\(k)")
            try dynamics(["sweep"] + options + ["--shard", "\(k)/4", "--output", parts.last!])
        }
        let merged = scratch + "/sweep-merged"
        try dynamics(["merge"] + parts + ["--output", merged, "--quiet"])
        for name in ["summary.csv", "summary.json", "summary.html"] {
            XCTAssertEqual(try bytes(single + "/" + name), try bytes(merged + "/" + name), "\(name) differs")
        }
        let csv = try String(contentsOfFile: merged + "/summary.csv", encoding: .utf8)
        XCTAssertEqual(csv.split(separator: "\n").count, 21, "a header and 20 rows")
        for seed in 0..<20 {
            XCTAssertEqual(try report(single + "/models/seed-\(seed)"), try report(merged + "/models/seed-\(seed)"), "seed-\(seed)")
            XCTAssertEqual(try bytes(single + "/models/seed-\(seed)/fixed-points.npy"), try bytes(merged + "/models/seed-\(seed)/fixed-points.npy"))
        }
        // A CSV manifest of the same models gives the same table.
        let rows = ["name,cell,weights,input"] + models.map { "\($0["name"]!),gru,\($0["weights"]!),1;0.5;0.5" }
        try (rows.joined(separator: "\n") + "\n").write(toFile: scratch + "/sweep.csv", atomically: true, encoding: .utf8)
        try dynamics(["sweep", scratch + "/sweep.csv", "--samples", "60", "--refine-each-candidate", "--quiet", "--output", scratch + "/sweep-csv"])
        XCTAssertEqual(try bytes(single + "/summary.csv"), try bytes(scratch + "/sweep-csv/summary.csv"))
    }

    func testBadPartsAreRefusedByNameAndNothingIsWritten() throws {
        let weights = try gru(hidden: 6, seed: 11)
        let options = ["analyze", "--cell", "gru", "--weights", weights, "--input", "1,0.5,0.5", "--samples", "40", "--quiet"]
        var parts: [String] = []
        for k in 0..<4 {
            parts.append(scratch + "/p\(k)")
            try dynamics(options + ["--shard", "\(k)/4", "--output", parts[k]])
        }
        let foreign = scratch + "/foreign"
        try dynamics(options.map { $0 == "40" ? "41" : $0 } + ["--shard", "1/4", "--output", foreign])
        let corrupt = scratch + "/corrupt"
        try FileManager.default.copyItem(atPath: parts[2], toPath: corrupt)
        // One refined candidate's iteration count changed after the shard wrote it.
        var shard = try XCTUnwrap(JSONSerialization.jsonObject(with: bytes(corrupt + "/shard.json")) as? [String: Any])
        var payload = try XCTUnwrap(shard["payload"] as? [String: Any])
        var refined = try XCTUnwrap(payload["refined"] as? [[String: Any]])
        refined[0]["iterations"] = (refined[0]["iterations"] as? Int ?? 0) + 1
        payload["refined"] = refined
        shard["payload"] = payload
        try JSONSerialization.data(withJSONObject: shard).write(to: URL(fileURLWithPath: corrupt + "/shard.json"))
        // One refined state's bit flipped in the binary states file.
        let flipped = scratch + "/flipped"
        try FileManager.default.copyItem(atPath: parts[1], toPath: flipped)
        var states = try bytes(flipped + "/shard-states.f64")
        states[states.count / 2] ^= 1
        try states.write(to: URL(fileURLWithPath: flipped + "/shard-states.f64"))
        let out = scratch + "/merged"
        for (given, words) in [
            ([parts[0], flipped, parts[2], parts[3]], "shard-states.f64 does not match its checksum"),
            ([parts[0], parts[1], parts[3]], "2/4 missing"),
            ([parts[0], parts[1], parts[2], parts[3], parts[1]], "both shard 1/4"),
            ([parts[0], foreign, parts[2], parts[3]], "not parts of one run"),
            ([parts[0], parts[1], corrupt, parts[3]], "does not match its checksum"),
            ([parts[0], parts[1], parts[2], scratch + "/nothing"], "no such shard"),
        ] {
            XCTAssertThrowsError(try dynamics(["merge"] + given + ["--output", out, "--quiet"]), words) { error in
                XCTAssertTrue("\(error)".contains(words), "\(words): \(error)")
            }
            XCTAssertFalse(FileManager.default.fileExists(atPath: out), "a refused merge left \(out)")
        }
        XCTAssertThrowsError(try dynamics(options + ["--shard", "4/4", "--output", out]))
        XCTAssertThrowsError(try dynamics(options + ["--shard", "slurm", "--output", out]))
        XCTAssertThrowsError(try dynamics(options + ["--shard", "0/4", "--warm-start-steps", "10", "--output", out]))
    }
}
