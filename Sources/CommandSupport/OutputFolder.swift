import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Writes a run's files into a staging folder beside the destination and swaps it into place at the
/// end, so that the destination always holds either a previous complete output or the new one.
///
/// Rules, each against a way of losing data:
/// - A destination that is a symbolic link stands for the folder it points to: that folder gets the
///   results and the link is kept.
/// - An existing destination is replaced only when everything in it is a file the command writes
///   (`ownedNames`): a folder holding anything else is refused, never deleted.
/// - The swap is one `renameat2(RENAME_EXCHANGE)` (Linux): no moment without a complete output, and
///   two runs into one folder cannot interleave files; the last to finish wins. Where the call is
///   missing, the destination is first renamed aside, so a failure leaves the old output at its
///   hidden name rather than half deleted.
/// - The old output is deleted only after the new one is in place; if that deletion fails, the new
///   results stay and a note says where the remainder is.
/// - SIGINT, SIGTERM and SIGHUP before the swap remove the staging folder and end the run with status
///   128 + signal, the previous output untouched (``InterruptGuard``); staging folders of runs that died
///   otherwise (their process is gone) are removed by the next run.
public final class OutputFolder {
    /// The folder the results end up in (absolute, standardized).
    public let destination: String
    /// The hidden folder the results are written into first.
    public let staging: String
    private let parent: String
    private let ownedNames: Set<String>
    private let tool: String
    private let stagingPrefix: String

    /// Creates the staging folder; fails early, before any work, if the destination cannot be written
    /// or is a folder of someone else's files.
    ///
    /// - Parameters:
    ///   - destination: the output folder as the user named it.
    ///   - ownedNames: every path (relative, subfolders included) the command writes; an existing
    ///     folder holding anything else is never replaced.
    ///   - tool: the command's name, for messages.
    public init(destination: String, ownedNames: Set<String>, tool: String) throws {
        var url = URL(fileURLWithPath: destination).standardizedFileURL
        // A symbolic link names the folder it points to: the results go there, and the link stays.
        if let target = try? FileManager.default.destinationOfSymbolicLink(atPath: url.path) {
            url = URL(fileURLWithPath: target, relativeTo: url.deletingLastPathComponent()).standardizedFileURL.resolvingSymlinksInPath()
        }
        self.destination = url.path
        self.ownedNames = ownedNames
        self.tool = tool
        parent = url.deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: parent, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw CommandError("cannot write \(destination): the folder \(parent) does not exist")
        }
        guard url.lastPathComponent.utf8.count <= 200 else {
            throw CommandError("cannot write \(destination): the folder name has \(url.lastPathComponent.utf8.count) bytes; use at most 200")
        }
        stagingPrefix = "." + url.lastPathComponent + ".partial-"
        staging = parent + "/" + stagingPrefix + "\(getpid())"
        try checkReplaceable(self.destination, shownAs: destination)
        removeAbandonedStagingFolders()
        try? FileManager.default.removeItem(atPath: staging)
        do { try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: false) } catch {
            throw CommandError("cannot write into \(parent): \(Self.reason(error))")
        }
        InterruptGuard.shared.register(staging)
    }

    deinit { InterruptGuard.shared.unregister(staging) }

    /// Throws unless `path` is absent, an empty folder, or a folder holding only files this command
    /// writes.
    func checkReplaceable(_ path: String, shownAs name: String) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return }
        guard isDirectory.boolValue else { throw CommandError("cannot write \(name): it exists and is not a folder") }
        guard let contents = try? FileManager.default.subpathsOfDirectory(atPath: path) else {
            throw CommandError("cannot write \(name): its contents cannot be read")
        }
        let foreign = contents.filter { !ownedNames.contains($0) }.sorted()
        guard foreign.isEmpty else {
            let shown = foreign.prefix(3).joined(separator: ", ") + (foreign.count > 3 ? ", ..." : "")
            throw CommandError("\(name) exists and holds files that are not \(tool) output (\(shown)); nothing was changed. Choose another --output, or move those files away")
        }
    }

    /// The path of `name` inside the staging folder.
    public func path(_ name: String) -> String { staging + "/" + name }

    /// Writes a text file into the staging folder.
    public func write(_ text: String, to name: String) throws {
        do { try text.write(toFile: path(name), atomically: true, encoding: .utf8) } catch {
            throw CommandError("cannot write \(name): \(Self.reason(error))")
        }
    }

    /// Writes `value` as pretty-printed JSON with sorted keys; non-finite numbers as the strings
    /// "Infinity", "-Infinity" and "NaN".
    public func writeJSON(_ value: some Encodable, to name: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        let json: Data
        do { json = try encoder.encode(value) } catch { throw CommandError("cannot encode \(name): \(error)") }
        try write(String(decoding: json, as: UTF8.self), to: name)
    }

    /// Creates a subfolder of the staging folder.
    public func makeFolder(_ name: String) throws {
        do { try FileManager.default.createDirectory(atPath: path(name), withIntermediateDirectories: true) } catch {
            throw CommandError("cannot create \(name): \(Self.reason(error))")
        }
    }

    /// Puts the staging folder in the destination's place. Returns a note when the previous output
    /// could not be deleted completely (the new results are in place either way).
    @discardableResult
    public func commit() throws -> String? {
        try InterruptGuard.shared.withoutInterruption(swapIntoPlace)
    }

    /// The swap itself (see ``commit()``).
    private func swapIntoPlace() throws -> String? {
        // Another run may have created the destination since the start: check again just before.
        try checkReplaceable(destination, shownAs: destination)
        if let rename = Renameat2.function {
            if rename(AT_FDCWD, staging, AT_FDCWD, destination, Renameat2.noReplace) == 0 { return nil }
            if errno == EEXIST || errno == ENOTEMPTY {
                guard rename(AT_FDCWD, staging, AT_FDCWD, destination, Renameat2.exchange) == 0 else {
                    throw CommandError("cannot replace \(destination): \(String(cString: strerror(errno)))")
                }
                return removeLeftover(staging)
            }
            if errno != EINVAL && errno != ENOSYS {   // EINVAL / ENOSYS: the file system or kernel lacks the flags
                throw CommandError("cannot move the results into \(destination): \(String(cString: strerror(errno)))")
            }
        }
        // Portable fallback: the previous output goes aside first (one rename), never half deleted.
        let aside = parent + "/" + stagingPrefix + "\(getpid())-previous"
        var movedAside = false
        if FileManager.default.fileExists(atPath: destination) {
            guard Glibc.rename(destination, aside) == 0 else {
                throw CommandError("cannot replace \(destination): \(String(cString: strerror(errno)))")
            }
            movedAside = true
        }
        guard Glibc.rename(staging, destination) == 0 else {
            let reason = String(cString: strerror(errno))
            if movedAside { _ = Glibc.rename(aside, destination) }
            throw CommandError("cannot move the results into \(destination): \(reason)")
        }
        return movedAside ? removeLeftover(aside) : nil
    }

    /// Removes the staging folder after a failure.
    public func discard() {
        InterruptGuard.shared.unregister(staging)
        try? FileManager.default.removeItem(atPath: staging)
    }

    /// Deletes a previous output that has been swapped out; a note if it could not be deleted whole.
    private func removeLeftover(_ path: String) -> String? {
        do {
            try FileManager.default.removeItem(atPath: path)
            return nil
        } catch {
            return "note: the previous results, moved to \(path), could not be deleted completely (\(Self.reason(error))); the new results are complete"
        }
    }

    /// Removes `.NAME.partial-PID` folders beside the destination whose process no longer runs.
    private func removeAbandonedStagingFolders() {
        guard let siblings = try? FileManager.default.contentsOfDirectory(atPath: parent) else { return }
        for name in siblings where name.hasPrefix(stagingPrefix) {
            let suffix = name.dropFirst(stagingPrefix.count)
            guard let pid = Int32(suffix.split(separator: "-").first ?? ""), pid > 0 else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH { try? FileManager.default.removeItem(atPath: parent + "/" + name) }
        }
    }

    /// The file system's reason for an error, without Foundation's framing.
    public static func reason(_ error: Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        if nsError.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(nsError.code))) }
        return nsError.localizedDescription
    }
}

/// Linux's `renameat2`, looked up at run time (Glibc's module map does not export it).
enum Renameat2 {
    typealias Function = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32
    /// RENAME_NOREPLACE: fail with EEXIST instead of replacing.
    static let noReplace: UInt32 = 1
    /// RENAME_EXCHANGE: swap the two paths atomically.
    static let exchange: UInt32 = 2
    /// The function, or nil where the C library lacks it.
    static let function: Function? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "renameat2") else { return nil }
        return unsafeBitCast(symbol, to: Function.self)
    }()
}
