import Foundation
import XCTest

/// Runs tests in a fresh process: one test of this same test binary (for what must be observed from
/// outside: a trap's message, a process untouched by earlier tests), or an executable that
/// `swift test` builds beside the test bundle.
public enum ChildProcess {
    /// Runs the test `name` ("Target.Class/testMethod") of this test binary in a child process with
    /// `environment` added to this one's and the variables `removing` taken out; returns its exit
    /// status and everything it printed.
    public static func runTest(_ name: String, environment extra: [String: String], removing: Set<String> = []) throws -> (status: Int32, output: String) {
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/proc/self/exe")
        child.arguments = [name]
        child.environment = ProcessInfo.processInfo.environment.merging(extra) { $1 }.filter { !removing.contains($0.key) }
        let output = Pipe()
        child.standardOutput = output
        child.standardError = output
        try child.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        child.waitUntilExit()
        return (child.terminationStatus, text)
    }

    /// The package executable `name` beside the test bundle, or nil (with a failure) when it is missing.
    public static func executable(_ name: String, file: StaticString = #filePath, line: UInt = #line) -> URL? {
        let url = URL(fileURLWithPath: ProcessInfo.processInfo.arguments[0]).deletingLastPathComponent().appendingPathComponent(name)
        guard FileManager.default.isExecutableFile(atPath: url.path) else {
            XCTFail("no \(name) executable beside the tests at \(url.path)", file: file, line: line)
            return nil
        }
        return url
    }

    /// Starts `executable` with `arguments`, its output discarded.
    public static func start(_ executable: URL, _ arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }
}
