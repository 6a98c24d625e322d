import ArgumentParser
import ClusterExecution
import Foundation
import Ingest
import Pipeline

/// `radstation slurm task <submission> --attempt N` (hidden): what array task `$SLURM_ARRAY_TASK_ID` runs —
/// `process` on that study of the list, isolated in a child process, then its ``TaskResult``.
struct SlurmTask: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "task", abstract: "Process one study of a Slurm submission (run by its array job; not for direct use).",
        shouldDisplay: false)

    @Argument(help: "The submission folder.")
    var submission: String

    @Option(help: "The attempt (1, or 2 for the retry).")
    var attempt: Int = 1

    @Option(help: "The task index (default: $SLURM_ARRAY_TASK_ID).")
    var index: Int?

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        guard let index = index ?? environment["SLURM_ARRAY_TASK_ID"].flatMap(Int.init) else {
            throw ValidationError("no task index: give --index or run inside a Slurm array job")
        }
        let folder = Submission.Folder(url: URL(fileURLWithPath: submission))
        let list = try StudyList.read(folder.studyList)
        guard list.studies.indices.contains(index) else { throw ValidationError("task index \(index) is not in the study list") }
        let study = list.studies[index]
        if let previous = folder.readResult(index: index, attempt: attempt), previous.status != .failed {
            print("\(study.key)  \(previous.status.rawValue) (already, requeued task)")
            return
        }
        let output = folder.output
        let started = Date()
        let jobID = environment["SLURM_ARRAY_JOB_ID"].map { "\($0)_\(index)" } ?? environment["SLURM_JOB_ID"]
        let configuration = try JSONDecoder().decode(ProcessConfiguration.self, from: Data(contentsOf: folder.configuration))
        // The task's own limits are Slurm's (--time, --mem); the child only isolates a crash into a failed result.
        let runner = StudyAttemptRunner(limits: AttemptLimits(wallClockSeconds: 7 * 86_400, addressSpaceBytes: nil),
                                        keyFile: output.appendingPathComponent(Conversion.keyFile).path)
        var result = TaskResult(index: index, studyKey: study.key, attempt: attempt, status: .failed, seconds: 0, jobID: jobID)
        switch runner.publish(studyKey: study.key, files: study.files, output: output, configuration: configuration) {
        case .success(let attempt):
            result.status = attempt.report?.unchanged == true ? .unchanged : .done
        case .failure(let failure):
            result.reason = failure.reason
        }
        result.seconds = Date().timeIntervalSince(started)
        result.finished = Date()
        try folder.write(result)
        print("\(study.key)  \(result.status.rawValue)  \(String(format: "%.1f", result.seconds)) s" + (result.reason.map { "  \($0)" } ?? ""))
        if result.status == .failed { throw ExitCode.failure }
    }
}
