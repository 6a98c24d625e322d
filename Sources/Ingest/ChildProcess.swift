import CProcess
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Limits for one isolated study attempt (a child process): what a malformed study can cost at most before
/// it is stopped and counted as a failed attempt. Defaults are documented in the README (`watch`).
public struct AttemptLimits: Sendable, Equatable {
    /// Wall-clock seconds an attempt may run before it is killed (SIGKILL). Default 1800 (30 min).
    public var wallClockSeconds: Double
    /// Address-space ceiling of the child in bytes (`RLIMIT_AS`, set by the child before any work), or
    /// `nil` for none. Default 16 GiB.
    public var addressSpaceBytes: Int64?

    public init(wallClockSeconds: Double = 1800, addressSpaceBytes: Int64? = 16 << 30) {
        self.wallClockSeconds = wallClockSeconds
        self.addressSpaceBytes = addressSpaceBytes
    }
}

/// How a child process ended.
public enum ChildOutcome: Sendable, Equatable {
    /// It exited with this status.
    case exited(Int32)
    /// It died by this signal (a trap, an abort, an out-of-memory kill…).
    case signalled(Int32)
    /// It ran past the wall-clock limit and was killed.
    case timedOut(seconds: Double)
}

/// Runs one child process with a wall-clock limit, its standard error into a file (read afterwards; no pipe
/// that could fill and block it), its standard output discarded.
public enum ChildProcess {
    /// Starts `executable` with `arguments` and waits for it, at most `timeout` seconds; then SIGKILL.
    /// - Parameter outputLines: called with each line the child writes to standard output (from a reader
    ///   thread), e.g. progress; `nil` discards the output.
    /// - Throws: an error only when the process cannot be started.
    public static func run(executable: String, arguments: [String], standardError: String, timeout: Double,
                           environment: [String: String]? = nil,
                           outputLines: (@Sendable (String) -> Void)? = nil) throws -> ChildOutcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        FileManager.default.createFile(atPath: standardError, contents: nil)
        let errors = try FileHandle(forWritingTo: URL(fileURLWithPath: standardError))
        defer { try? errors.close() }
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        let reader = DispatchGroup()
        if let outputLines {
            let pipe = Pipe()
            process.standardOutput = pipe
            let handle = pipe.fileHandleForReading
            reader.enter()
            Thread.detachNewThread {
                var pending = Data()
                while true {
                    let chunk = handle.availableData  // blocks; empty at end of file (the child and its copies closed it)
                    if chunk.isEmpty { break }
                    pending.append(chunk)
                    while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                        outputLines(String(decoding: pending[pending.startIndex..<newline], as: UTF8.self))
                        pending.removeSubrange(pending.startIndex...newline)
                    }
                }
                reader.leave()
            }
        } else {
            process.standardOutput = FileHandle.nullDevice
        }
        let done = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in done.signal() }
        try process.run()
        if done.wait(timeout: .now() + timeout) == .timedOut {
            kill(process.processIdentifier, SIGKILL)
            done.wait()
            _ = reader.wait(timeout: .now() + 5)
            return .timedOut(seconds: timeout)
        }
        _ = reader.wait(timeout: .now() + 5)
        return process.terminationReason == .uncaughtSignal ? .signalled(process.terminationStatus) : .exited(process.terminationStatus)
    }

    /// The conventional name of a signal ("SIGSEGV"), or "signal N".
    public static func signalName(_ signal: Int32) -> String {
        let names: [Int32: String] = [SIGHUP: "SIGHUP", SIGINT: "SIGINT", SIGQUIT: "SIGQUIT", SIGILL: "SIGILL", SIGTRAP: "SIGTRAP",
                                      SIGABRT: "SIGABRT", SIGBUS: "SIGBUS", SIGFPE: "SIGFPE", SIGKILL: "SIGKILL", SIGSEGV: "SIGSEGV",
                                      SIGPIPE: "SIGPIPE", SIGALRM: "SIGALRM", SIGTERM: "SIGTERM", SIGXCPU: "SIGXCPU", SIGXFSZ: "SIGXFSZ"]
        return names[signal] ?? "signal \(signal)"
    }

    /// Applies the limits a child sets on itself before any work: the address-space ceiling, and death with
    /// its parent (`PR_SET_PDEATHSIG`), so a killed watcher leaves no orphan still writing.
    public static func limitSelf(addressSpaceBytes: Int64?) {
        if let bytes = addressSpaceBytes, bytes > 0 {
            var limit = rlimit(rlim_cur: rlim_t(bytes), rlim_max: rlim_t(bytes))
            _ = setrlimit(Int32(RLIMIT_AS.rawValue), &limit)
        }
        _ = cprocess_die_with_parent(SIGKILL)
        if getppid() == 1 { exit(70) }  // the parent is already gone
    }
}
