import Foundation

/// Runs one command-line tool (elastix) with a wall-clock limit; output goes to a file (no pipe to fill).
struct ElastixProcess {
    /// The executable on `PATH` named `name`, or `nil`.
    static func locate(_ name: String) -> URL? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for folder in path.split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(folder)).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }

    /// Runs `executable arguments`, stdout and stderr into `log`; kills it (SIGTERM, then SIGKILL after 2 s)
    /// when it runs longer than `timeout` seconds.
    /// - Returns: the exit status.
    /// - Throws: ``RegistrationError/timeout(seconds:)``; `workFolderFailed` when it cannot start.
    static func run(_ executable: URL, _ arguments: [String], log: URL, timeout: Double) throws -> Int32 {
        guard FileManager.default.createFile(atPath: log.path, contents: nil),
              let handle = try? FileHandle(forWritingTo: log)
        else { throw RegistrationError.workFolderFailed(reason: "cannot create the elastix log file") }
        defer { try? handle.close() }
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        let done = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in done.signal() }
        do { try process.run() } catch {
            throw RegistrationError.workFolderFailed(reason: "elastix could not be started")
        }
        if done.wait(timeout: .now() + timeout) == .timedOut {
            process.terminate()
            if done.wait(timeout: .now() + 2) == .timedOut {
                kill(process.processIdentifier, SIGKILL)
                done.wait()
            }
            throw RegistrationError.timeout(seconds: timeout)
        }
        return process.terminationStatus
    }
}
