import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// What SIGINT, SIGTERM and SIGHUP do while a command writes its results: remove the staging folder
/// and end the process with status 128 + signal, without replacing the previous output at any moment.
///
/// The signal handler only writes the signal's number to a pipe (the one thing a handler may safely do
/// while other threads run OpenBLAS); one watcher thread reads it and does the rest. That thread and
/// ``OutputFolder/commit()`` take the same lock, so the swap of the results and the reaction to a
/// signal happen one after the other, never interleaved: a signal before the swap removes the staging
/// folder and ends the process with `_exit` (no exit handlers racing the worker threads); a signal
/// after it, or while no folder is registered, gets the signal's default action, as if the process had
/// no handler. The handler is installed once per process, synchronously, so no signal is ever lost.
final class InterruptGuard: @unchecked Sendable {
    /// The process's guard.
    static let shared = InterruptGuard()

    /// The signals handled.
    static let signals: [Int32] = [SIGINT, SIGTERM, SIGHUP]

    private let lock = NSLock()
    /// The staging folder removed on a signal, while a run writes one.
    private var staging: String?
    private var installed = false

    /// Registers `path` as the folder to remove on a signal (installing the handler on first use).
    func register(_ path: String) {
        lock.lock()
        defer { lock.unlock() }
        if !installed { install() }
        staging = path
    }

    /// Forgets the folder `path` (if it is the one registered): from now on a signal has its default
    /// action.
    func unregister(_ path: String) {
        lock.lock()
        if staging == path { staging = nil }
        lock.unlock()
    }

    /// Runs `swap` (the commit of the results) so that no signal is handled during it; afterwards the
    /// folder is unregistered.
    func withoutInterruption<T>(_ swap: () throws -> T) rethrows -> T {
        lock.lock()
        defer {
            staging = nil
            lock.unlock()
        }
        return try swap()
    }

    /// The pipe, the handler and the watcher thread. Called with the lock held.
    private func install() {
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else { return }   // without a pipe, the signals keep their default action
        _ = fcntl(ends[1], F_SETFL, fcntl(ends[1], F_GETFL) | O_NONBLOCK)
        interruptPipeWriteEnd = ends[1]
        let readEnd = ends[0]
        let watcher = Thread { [unowned self] in
            var number: UInt8 = 0
            while true {
                let count = read(readEnd, &number, 1)
                if count == 1 { self.handle(Int32(number)) } else if count < 0 && errno == EINTR { continue } else { return }
            }
        }
        watcher.name = "signal watcher"
        watcher.start()
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { number in
            var byte = UInt8(truncatingIfNeeded: number)
            _ = write(interruptPipeWriteEnd, &byte, 1)
        }
        sigemptyset(&action.sa_mask)
        action.sa_flags = SA_RESTART
        for number in Self.signals { sigaction(number, &action, nil) }
        installed = true
    }

    /// On the watcher thread: clean up and end the process, or give the signal its default action.
    private func handle(_ number: Int32) {
        lock.lock()   // held until the process ends: no commit can start after this point
        guard let path = staging else {
            signal(number, SIG_DFL)
            kill(getpid(), number)
            lock.unlock()
            return
        }
        try? FileManager.default.removeItem(atPath: path)
        let message = "interrupted: no output was written (the previous output, if any, is unchanged)\n"
        _ = message.withCString { write(STDERR_FILENO, $0, strlen($0)) }
        _exit(128 + number)
    }
}

/// The write end of the guard's pipe, read by the signal handler (a C function pointer cannot
/// capture); set once, before the handler is installed.
nonisolated(unsafe) private var interruptPipeWriteEnd: Int32 = -1
