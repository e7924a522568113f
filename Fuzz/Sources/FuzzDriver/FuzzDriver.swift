import Foundation

@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<Int32>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> Int32) -> Int32

/// Runs libFuzzer's driver on `callback` with this process's arguments and exits with its status.
/// Called from each harness's own main: SwiftPM defines `main` for an executable, so libFuzzer's is
/// never linked in.
public func runLibFuzzer(_ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> Int32) -> Never {
    var argumentCount = CommandLine.argc
    var arguments = CommandLine.unsafeArgv
    exit(runFuzzerDriver(&argumentCount, &arguments, callback))
}
