#if canImport(Glibc)
import Glibc
#endif
import Dynamics

/// Runs `body` with OpenBLAS dispatching to its kernel family `family` ("Haswell", "SkylakeX", "Zen",
/// "Prescott", ...) and restores the family in use afterwards, through OpenBLAS's exported
/// dynamic-dispatch entry points (as the library's load-time selection does). Lets one test process
/// compare results across the kernel families that would otherwise each need a process with
/// `OPENBLAS_CORETYPE` set.
///
/// - Returns: the body's result, or nil (body not run) when the BLAS is not a dynamic-dispatch
///   OpenBLAS or it refused the family.
/// - Complexity: that of `body`, plus two re-initialisations of OpenBLAS's dispatch table.
public func withOpenBLASKernels<R>(_ family: String, _ body: () throws -> R) rethrows -> R? {
    #if canImport(Glibc)
    guard let nameSymbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "openblas_get_corename"),
          let quitSymbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "gotoblas_dynamic_quit"),
          let initSymbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "gotoblas_dynamic_init") else { return nil }
    typealias NameFunction = @convention(c) () -> UnsafeMutablePointer<CChar>?
    typealias VoidFunction = @convention(c) () -> Void
    let name = { unsafeBitCast(nameSymbol, to: NameFunction.self)().map { String(cString: $0) } ?? "" }
    let previousVariable = getenv("OPENBLAS_CORETYPE").map { String(cString: $0) }
    func select(_ family: String) {
        setenv("OPENBLAS_CORETYPE", family, 1)
        unsafeBitCast(quitSymbol, to: VoidFunction.self)()
        unsafeBitCast(initSymbol, to: VoidFunction.self)()
        if let previousVariable { setenv("OPENBLAS_CORETYPE", previousVariable, 1) } else { unsetenv("OPENBLAS_CORETYPE") }
    }
    let original = name()
    select(family)
    defer { select(original) }
    guard name().lowercased() == family.lowercased() else { return nil }
    return try body()
    #else
    return nil
    #endif
}
