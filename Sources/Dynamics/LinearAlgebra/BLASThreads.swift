#if canImport(Glibc)
import Glibc
#endif

/// The thread count of the BLAS library, when it is OpenBLAS.
///
/// The slow-point search and refinement spread independent work over the cores themselves; an
/// OpenBLAS that also starts its own threads inside each small product then oversubscribes the cores
/// and spins. Call ``setThreadCount(_:)`` with 1 before such work (products of 64 × 64 matrices are
/// also faster single-threaded). The symbol is looked up at run time, so the call is a no-op with
/// another BLAS.
public enum BLASThreads {
    /// Sets OpenBLAS's thread count; returns false when the BLAS in use is not OpenBLAS.
    @discardableResult
    public static func setThreadCount(_ count: Int) -> Bool {
        #if canImport(Glibc)
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "openblas_set_num_threads") else { return false }
        typealias Setter = @convention(c) (Int32) -> Void
        unsafeBitCast(symbol, to: Setter.self)(Int32(count))
        return true
        #else
        return false
        #endif
    }
}
