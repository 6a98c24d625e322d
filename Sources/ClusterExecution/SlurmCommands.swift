import Foundation

/// The Slurm command-line tools (`sbatch`, `squeue`, `sacct`, `scancel`), run as child processes. RadStation
/// talks to Slurm only through them, as a user at a login node would.
public struct SlurmCommands: Sendable {
    /// Environment of the commands (`nil`: this process's; e.g. `SLURM_CONF` for a test cluster).
    public var environment: [String: String]?

    /// Commands found on `PATH`.
    public init(environment: [String: String]? = nil) {
        self.environment = environment
    }

    /// Whether `sbatch` is installed (on `PATH`).
    public var isInstalled: Bool { Self.locate("sbatch") != nil }

    /// Submits a batch script (`sbatch --parsable [options] script`).
    /// - Parameter options: extra `sbatch` options, e.g. `--dependency=afterany:1234`.
    /// - Returns: the job id.
    /// - Throws: ``ClusterExecutionError``.
    public func submit(script: URL, options: [String] = []) throws -> String {
        let output = try run("sbatch", ["--parsable"] + options + [script.path])
        // `--parsable` prints `jobid` or `jobid;cluster`.
        guard let id = output.split(whereSeparator: \.isNewline).last?.split(separator: ";").first.map(String.init),
              !id.isEmpty, id.allSatisfy(\.isNumber) else {
            throw ClusterExecutionError.unexpectedOutput(command: "sbatch", output: output)
        }
        return id
    }

    /// The jobs and array tasks `squeue` still knows (pending, running, and finished ones younger than the
    /// cluster's `MinJobAge`), one entry per array task.
    /// - Throws: ``ClusterExecutionError``; a job id Slurm has forgotten is no error (it is simply absent).
    public func queue(jobs: [String]) throws -> [SlurmQueueEntry] {
        guard !jobs.isEmpty else { return [] }
        do {
            return SlurmQueueEntry.parse(try run("squeue", ["-h", "-r", "--states=all", "-o", "%i|%T", "-j", jobs.joined(separator: ",")]))
        } catch ClusterExecutionError.commandFailed(_, _, let message) where message.contains("Invalid job id") {
            return []
        }
    }

    /// The jobs named `name` that `squeue` still knows (any state).
    /// - Throws: ``ClusterExecutionError``.
    public func queue(named name: String) throws -> [SlurmQueueEntry] {
        SlurmQueueEntry.parse(try run("squeue", ["-h", "-r", "--states=all", "-o", "%i|%T", "-n", name]))
    }

    /// The jobs' final states from Slurm's accounting (`sacct`), or `nil` when the cluster keeps no accounting
    /// (no slurmdbd: "accounting storage is disabled").
    /// - Throws: ``ClusterExecutionError`` for other failures.
    public func accounting(jobs: [String]) throws -> [SlurmQueueEntry]? {
        guard !jobs.isEmpty else { return [] }
        do {
            return SlurmQueueEntry.parse(try run("sacct", ["-n", "-P", "-X", "-o", "JobID,State", "-j", jobs.joined(separator: ",")]))
        } catch ClusterExecutionError.commandFailed(_, _, let message) where message.lowercased().contains("accounting storage is disabled") {
            return nil
        }
    }

    /// Cancels jobs (`scancel`).
    /// - Throws: ``ClusterExecutionError``.
    public func cancel(jobs: [String]) throws {
        guard !jobs.isEmpty else { return }
        _ = try run("scancel", jobs)
    }

    /// Runs a Slurm command and returns its standard output.
    /// - Throws: ``ClusterExecutionError/commandNotFound(_:)``, ``ClusterExecutionError/commandFailed(command:status:message:)``.
    public func run(_ command: String, _ arguments: [String]) throws -> String {
        guard let path = Self.locate(command) else { throw ClusterExecutionError.commandNotFound(command) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        if let environment { process.environment = environment }
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch { throw ClusterExecutionError.commandNotFound(command) }
        // Both pipes drained at once, so neither can fill up and block the command.
        final class Box: @unchecked Sendable { var data = Data() }
        let errorBox = Box()
        let reader = DispatchGroup()
        DispatchQueue.global().async(group: reader) { errorBox.data = errors.fileHandleForReading.readDataToEndOfFile() }
        let stdout = output.fileHandleForReading.readDataToEndOfFile()
        reader.wait()
        process.waitUntilExit()
        let text = String(decoding: stdout, as: UTF8.self)
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            let message = String(decoding: errorBox.data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw ClusterExecutionError.commandFailed(command: command, status: process.terminationStatus,
                                                      message: String((message.isEmpty ? text : message).prefix(500)))
        }
        return text
    }

    /// The absolute path of `command` on `PATH` (or in /usr/bin, /usr/local/bin), `nil` when absent.
    static func locate(_ command: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let folders = path.split(separator: ":").map(String.init) + ["/usr/bin", "/usr/local/bin"]
        return folders.lazy.map { $0 + "/" + command }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
