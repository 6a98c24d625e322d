import Foundation
import Ingest
import Pipeline

/// The contract between a parent (`watch`, `process`) and the isolated child (`process-study`) that runs
/// one study attempt: the child writes this JSON result file last; the parent reads it only after the child
/// exited normally. A child that dies, or runs past its limits, leaves no result and is classified by
/// ``StudyAttemptRunner`` from its exit alone.
struct StudyAttemptResult: Codable {
    enum Status: String, Codable {
        /// Outputs written (possibly with failed stages, recorded in the manifest).
        case done
        /// The attempt failed with `error` (no patient data).
        case failed
        /// The output disk filled up: the environment's fault, retried without counting an attempt.
        case diskFull
    }
    var status: Status
    var warnings: [String] = []
    var error: String?
    /// `process` mode: the study's report (manifest included).
    var report: StudyProcessing.Report?

    /// Writes the result atomically (temporary file + rename), so a half-written result is never read.
    func write(to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let temporary = path + ".partial"
        try encoder.encode(self).write(to: URL(fileURLWithPath: temporary))
        guard rename(temporary, path) == 0 else { throw CocoaError(.fileWriteUnknown) }
    }

    static func read(_ path: String) -> StudyAttemptResult? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return try? JSONDecoder().decode(StudyAttemptResult.self, from: data)
    }
}

/// Starts `radstation process-study` (this same executable) for one study attempt, under the attempt's
/// limits, and turns how it ended into a result or a reason (signal name, limit hit; never a patient value).
struct StudyAttemptRunner: Sendable {
    /// This executable.
    let executable: String
    let limits: AttemptLimits
    /// The pseudonym key file the child must use (the parent's).
    let keyFile: String

    /// Why an attempt ended without a result.
    struct Failure: Error, CustomStringConvertible {
        var reason: String
        /// True for a full output disk (never counted as an attempt).
        var diskFull = false
        var description: String { reason }
    }

    init(limits: AttemptLimits, keyFile: String) {
        executable = Self.currentExecutable()
        self.limits = limits
        self.keyFile = keyFile
    }

    /// This executable (`/proc/self/exe`). Inside a test bundle (`.build/<config>/…xctest`), the
    /// `radstation` built beside it; `RADSTATION_EXECUTABLE` overrides both.
    static func currentExecutable() -> String {
        if let override = ProcessInfo.processInfo.environment["RADSTATION_EXECUTABLE"], !override.isEmpty { return override }
        var buffer = [CChar](repeating: 0, count: 4096)
        let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard n > 0 else { return CommandLine.arguments[0] }
        let exe = URL(fileURLWithPath: String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self))
        if exe.lastPathComponent == "radstation" { return exe.path }
        var folder = exe.deletingLastPathComponent()
        while folder.path != "/", folder.lastPathComponent.hasSuffix(".xctest") || ["MacOS", "Contents"].contains(folder.lastPathComponent) {
            folder.deleteLastPathComponent()
        }
        let sibling = folder.appendingPathComponent("radstation")
        return FileManager.default.isExecutableFile(atPath: sibling.path) ? sibling.path : exe.path
    }

    /// Runs one attempt whose scratch files (configuration, result, the child's stderr) live in `scratch`.
    /// - Parameters:
    ///   - arguments: the `process-study` arguments naming the study and where it goes.
    ///   - configuration: the pipeline configuration, handed over as JSON (no second parse of the YAML).
    /// - Parameter stages: called with each stage name the child reports (progress).
    func run(_ arguments: [String], configuration: ProcessConfiguration, scratch: String,
             stages: (@Sendable (String) -> Void)? = nil) -> Result<StudyAttemptResult, Failure> {
        do {
            try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
            let configurationFile = scratch + "/configuration.json"
            try JSONEncoder().encode(configuration).write(to: URL(fileURLWithPath: configurationFile))
            let resultFile = scratch + "/result.json", errors = scratch + "/stderr.txt"
            var all = ["process-study"] + arguments + ["--key-file", keyFile, "--configuration-json", configurationFile,
                                                       "--result", resultFile]
            if let bytes = limits.addressSpaceBytes { all += ["--address-space-bytes", "\(bytes)"] }
            var lines: (@Sendable (String) -> Void)?
            if let stages {
                let prefix = Self.stagePrefix
                lines = { line in
                    if line.hasPrefix(prefix) { stages(String(line.dropFirst(prefix.count))) }
                }
            }
            let outcome = try ChildProcess.run(executable: executable, arguments: all, standardError: errors,
                                               timeout: limits.wallClockSeconds, outputLines: lines)
            switch outcome {
            case .exited(let status):
                guard let result = StudyAttemptResult.read(resultFile) else {
                    return .failure(Failure(reason: "the isolated attempt exited with status \(status) without a result"))
                }
                switch result.status {
                case .done: return .success(result)
                case .failed: return .failure(Failure(reason: result.error ?? "the attempt failed"))
                case .diskFull: return .failure(Failure(reason: result.error ?? "the output disk is full", diskFull: true))
                }
            case .signalled(let signal):
                var reason = "the isolated attempt died by \(ChildProcess.signalName(signal))"
                if Self.ranOutOfMemory(errors), let bytes = limits.addressSpaceBytes {
                    reason += " after running out of memory under the address-space limit of \(bytes >> 20) MiB"
                } else if signal == SIGKILL {
                    reason += " (killed from outside: out-of-memory killer or an operator?)"
                }
                return .failure(Failure(reason: reason))
            case .timedOut(let seconds):
                return .failure(Failure(reason: "the isolated attempt exceeded the wall-clock limit of \(Int(seconds)) s and was killed"))
            }
        } catch {
            return .failure(Failure(reason: "the isolated attempt could not be started: \(error)"))
        }
    }

    /// Runs one attempt that publishes study `studyKey`, read from `files`, into `output` itself (`process` and
    /// the Slurm tasks): the file list and the attempt's scratch files live in `<output>/.radstation/attempt-…`,
    /// removed afterwards.
    func publish(studyKey: String, files: [String], output: URL, configuration: ProcessConfiguration,
                 stages: (@Sendable (String) -> Void)? = nil) -> Result<StudyAttemptResult, Failure> {
        let scratch = output.appendingPathComponent(".radstation/attempt-\(studyKey)-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let list = scratch.appendingPathComponent("files.txt")
        do {
            try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
            try files.joined(separator: "\n").write(to: list, atomically: true, encoding: .utf8)
        } catch {
            return .failure(Failure(reason: "cannot prepare the isolated attempt: \(error)"))
        }
        return run(["--files", list.path, "--study-key", studyKey, "--publish", output.path], configuration: configuration,
                   scratch: scratch.path, stages: stages)
    }

    /// How the child announces a stage on its standard output (one line each).
    static let stagePrefix = "stage: "

    /// Whether the child's last words (its stderr, which holds no patient data) say an allocation failed.
    static func ranOutOfMemory(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        let size = (try? handle.seekToEnd()) ?? 0
        try? handle.seek(toOffset: size > 8192 ? size - 8192 : 0)
        let tail = String(decoding: handle.readDataToEndOfFile(), as: UTF8.self)
        return ["failed to allocate", "bad_alloc", "Cannot allocate memory", "out of memory"].contains { tail.contains($0) }
    }
}
