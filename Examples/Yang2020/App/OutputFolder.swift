import Foundation

/// Writes a run's files into a temporary folder beside the destination and moves it into place at the
/// end, so that an interrupted or failed run never leaves a folder that looks complete.
struct OutputFolder {
    let destination: String
    let staging: String

    /// Creates the staging folder; fails early, before any work, if the destination cannot be written.
    init(destination: String) throws {
        let url = URL(fileURLWithPath: destination).standardizedFileURL
        self.destination = url.path
        let parent = url.deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: parent, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw CommandError("cannot write \(destination): the folder \(parent) does not exist")
        }
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw CommandError("cannot write \(destination): it exists and is not a folder") }
            let contents = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
            guard contents.isEmpty || contents.contains("report.json") else {
                throw CommandError("\(destination) exists and is not a yang2020 output folder; choose another --output")
            }
        }
        staging = parent + "/." + url.lastPathComponent + ".partial-\(ProcessInfo.processInfo.processIdentifier)"
        try? FileManager.default.removeItem(atPath: staging)
        do { try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: false) } catch {
            throw CommandError("cannot write into \(parent): permission denied or read-only")
        }
    }

    /// The path of `name` inside the staging folder.
    func path(_ name: String) -> String { staging + "/" + name }

    /// Writes a text file into the staging folder.
    func write(_ text: String, to name: String) throws {
        do { try text.write(toFile: path(name), atomically: true, encoding: .utf8) } catch {
            throw CommandError("cannot write \(name): \(error.localizedDescription)")
        }
    }

    /// Creates a subfolder of the staging folder.
    func makeFolder(_ name: String) throws {
        do { try FileManager.default.createDirectory(atPath: path(name), withIntermediateDirectories: true) } catch {
            throw CommandError("cannot create \(name): \(error.localizedDescription)")
        }
    }

    /// Replaces the destination with the staging folder.
    func commit() throws {
        if FileManager.default.fileExists(atPath: destination) {
            do { try FileManager.default.removeItem(atPath: destination) } catch {
                throw CommandError("cannot replace \(destination): \(error.localizedDescription)")
            }
        }
        do { try FileManager.default.moveItem(atPath: staging, toPath: destination) } catch {
            throw CommandError("cannot move the results into \(destination): \(error.localizedDescription)")
        }
    }

    /// Removes the staging folder after a failure.
    func discard() { try? FileManager.default.removeItem(atPath: staging) }
}
