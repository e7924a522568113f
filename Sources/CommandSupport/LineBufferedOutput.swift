#if canImport(Glibc)
import Glibc
#endif

/// Makes standard output line-buffered, so that progress lines reach a log file (`> run.log`, a
/// cluster job's output) as they are printed rather than in blocks of 4 KiB at the end. Commands call
/// it first thing.
///
/// - Complexity: O(1).
public func makeStandardOutputLineBuffered() {
    // C's `stdout` is a mutable global that Swift 6 will not read directly; its address is looked up
    // instead. Called once, before any other thread prints.
    guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "stdout"),
          let stream = symbol.assumingMemoryBound(to: UnsafeMutablePointer<FILE>?.self).pointee else { return }
    setvbuf(stream, nil, _IOLBF, 0)
}
