import Dynamics

/// One libFuzzer input: parse it as a .npy file. Any input must be accepted or refused with a
/// `NumPyError`; an accepted array must write back to bytes that read as the same array.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzNumPy(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let array = try? NumPyArray(npyBytes: bytes) else { return 0 }
    _ = "\(array.shape)"
    guard let again = try? NumPyArray(npyBytes: array.npyBytes()) else { fatalError("an accepted array did not read back") }
    guard again.shape == array.shape, zip(again.values, array.values).allSatisfy({ $0.bitPattern == $1.bitPattern }) else {
        fatalError("an accepted array changed in a write and read")
    }
    return 0
}
