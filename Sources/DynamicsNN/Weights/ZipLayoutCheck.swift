/// Checks the offsets of a zip archive's directory before ZIPFoundation reads it. ZIPFoundation 0.9.20
/// converts 64-bit offsets from the archive to `off_t` without a check, and traps on one beyond
/// Int64.max (a 102-byte archive found by `Fuzz/run.sh npz`). Here the end-of-central-directory record
/// (and its zip64 form) must place the central directory inside the file, no zip64 field of an entry may
/// exceed 2⁶² (so that every offset ZIPFoundation derives stays representable), and every entry's data
/// must end inside the file (a member claiming more bytes than the file holds made ZIPFoundation read
/// at the end of the file for ever).
enum ZipLayoutCheck {
    /// nil when the layout is safe to hand over, else what is wrong.
    static func problem(in bytes: [UInt8]) -> String? {
        let size = UInt64(bytes.count)
        func read(_ offset: Int, _ width: Int) -> UInt64 {
            var value: UInt64 = 0
            for k in 0..<width { value |= UInt64(bytes[offset + k]) << (8 * UInt64(k)) }
            return value
        }
        func signature(at offset: Int, _ expected: UInt64) -> Bool { offset >= 0 && offset + 4 <= bytes.count && read(offset, 4) == expected }
        // The last end-of-central-directory record (a comment may follow it: at most 65535 bytes).
        guard bytes.count >= 22 else { return "the file has \(bytes.count) bytes, too few for a zip archive" }
        let earliest = Swift.max(0, bytes.count - 22 - 0xFFFF)
        guard let end = stride(from: bytes.count - 22, through: earliest, by: -1).first(where: { signature(at: $0, 0x0605_4B50) }) else {
            return "no end-of-central-directory record"
        }
        var entries = read(end + 10, 2), directorySize = read(end + 12, 4), directoryOffset = read(end + 16, 4)
        if signature(at: end - 20, 0x0706_4B50) {
            let record = read(end - 20 + 8, 8)
            guard record <= size, record + 56 <= size, signature(at: Int(record), 0x0606_4B50) else {
                return "the zip64 end-of-central-directory record lies outside the file"
            }
            (entries, directorySize, directoryOffset) = (read(Int(record) + 32, 8), read(Int(record) + 40, 8), read(Int(record) + 48, 8))
        }
        guard directoryOffset <= size, directorySize <= size, directoryOffset + directorySize <= size else {
            return "the central directory (offset \(directoryOffset), \(directorySize) bytes) lies outside the \(size)-byte file"
        }
        guard entries <= directorySize / 46 + 1 else { return "the archive claims \(entries) entries in a \(directorySize)-byte directory" }
        var position = Int(directoryOffset)
        for _ in 0..<entries {
            guard position + 46 <= bytes.count, signature(at: position, 0x0201_4B50) else { break }
            let (name, extra, comment) = (Int(read(position + 28, 2)), Int(read(position + 30, 2)), Int(read(position + 32, 2)))
            // Sizes and offset, replaced by the zip64 extra field's values where the 32-bit ones are
            // 0xFFFFFFFF (in the order uncompressed, compressed, offset).
            var (uncompressed, compressed, offset) = (read(position + 24, 4), read(position + 20, 4), read(position + 42, 4))
            var field = position + 46 + name
            let fieldsEnd = Swift.min(field + extra, bytes.count)
            while field + 4 <= fieldsEnd {
                let (id, length) = (read(field, 2), Int(read(field + 2, 2)))
                if id == 0x0001 {
                    var value = field + 4
                    let valuesEnd = Swift.min(field + 4 + length, fieldsEnd)
                    func next() -> UInt64? {
                        guard value + 8 <= valuesEnd else { return nil }
                        defer { value += 8 }
                        return read(value, 8)
                    }
                    if uncompressed == 0xFFFF_FFFF, let v = next() { uncompressed = v }
                    if compressed == 0xFFFF_FFFF, let v = next() { compressed = v }
                    if offset == 0xFFFF_FFFF, let v = next() { offset = v }
                    for v in [uncompressed, compressed, offset] where v > 1 << 62 { return "an entry's zip64 size or offset (\(v)) is beyond any file" }
                }
                field += 4 + length
            }
            // A member whose data would run past the end of the file: ZIPFoundation would read on
            // at the end of the file for ever (a hang found by the fuzzer).
            guard offset <= size, compressed <= size, offset + compressed <= size else {
                return "an entry's data (offset \(offset), \(compressed) bytes) runs past the end of the \(size)-byte file"
            }
            position += 46 + name + extra + comment
        }
        return nil
    }
}
