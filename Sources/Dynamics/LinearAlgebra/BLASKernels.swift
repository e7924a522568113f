import DynamicsKernels
#if canImport(Glibc)
import Glibc
#endif

/// Which OpenBLAS kernels run the products and decompositions.
///
/// OpenBLAS picks its kernels by the CPU's model number, and an OpenBLAS older than the CPU (Debian
/// 12's 0.3.21 on Intel Sapphire or Emerald Rapids) falls back to its SSE3 "Prescott" kernels, 4-5x
/// slower for gemm than the AVX-512 ones the CPU runs. Linking the library changes nothing: a program
/// that wants the CPU's own kernels calls ``selectForThisCPU()`` once, first thing (the package's
/// commands do). Setting `OPENBLAS_CORETYPE` (Haswell, SkylakeX, Zen, ...) always wins.
public enum BLASKernels {
    /// When OpenBLAS fell back to its SSE3 kernels on a CPU it does not know and `OPENBLAS_CORETYPE`
    /// is unset, re-initialises OpenBLAS with the best kernel family the CPU's features allow
    /// (Cooperlake or SkylakeX with AVX-512, Haswell with AVX2, Sandybridge with AVX); otherwise
    /// changes nothing. Call it before any product runs and from one thread: OpenBLAS's kernel table
    /// is replaced in place. Repeated calls return the first call's answer.
    ///
    /// - Returns: the family selected, or nil when OpenBLAS's own choice (or the user's) stands.
    /// - Complexity: O(1); one OpenBLAS re-initialisation when it selects.
    @discardableResult
    public static func selectForThisCPU() -> String? {
        dynamics_select_blas_kernels().map { String(cString: $0) }
    }

    /// OpenBLAS's name for the kernel family in use ("Cooperlake", "Haswell", ...), or nil when the BLAS
    /// is not OpenBLAS.
    ///
    /// - Complexity: O(1) (one symbol lookup).
    public static var familyName: String? {
        #if canImport(Glibc)
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "openblas_get_corename") else { return nil }
        typealias Getter = @convention(c) () -> UnsafeMutablePointer<CChar>?
        return unsafeBitCast(symbol, to: Getter.self)().map { String(cString: $0) }
        #else
        return nil
        #endif
    }

    /// The family ``selectForThisCPU()`` selected from the CPU's features because OpenBLAS did not
    /// recognise the CPU, or nil when it has not run or OpenBLAS's own choice (or the user's
    /// `OPENBLAS_CORETYPE`) stands.
    public static var familySelectedFromCPUFeatures: String? {
        dynamics_blas_family_selected_from_features().map { String(cString: $0) }
    }

    /// One line for logs and benchmark headers: the family, and whether the library chose it.
    public static var summary: String {
        guard let name = familyName else { return "BLAS: not OpenBLAS" }
        if let selected = familySelectedFromCPUFeatures { return "OpenBLAS kernels: \(selected) (chosen from the CPU's features; OpenBLAS did not know this CPU)" }
        return "OpenBLAS kernels: \(name)"
    }
}
