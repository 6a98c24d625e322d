import ArgumentParser
import ClusterExecution
import Foundation

/// `radstation slurm status <out>`: the tasks of every Slurm submission into an output folder.
struct SlurmStatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Tasks of the Slurm submissions into an output folder: pending, running, done, failed.",
        discussion: "From sacct when the cluster keeps accounting, else squeue, and the task results and manifests.")

    @Argument(help: "The output folder given to `slurm submit`.")
    var out: String

    @Flag(help: "One line per task, not only the failed ones.")
    var tasks = false

    func run() throws {
        let output = URL(fileURLWithPath: out).standardizedFileURL
        let folders = Submission.Folder.all(output: output)
        guard !folders.isEmpty else {
            print("no Slurm submission in \(output.path)")
            return
        }
        let slurm = SlurmCommands()
        var anyFailed = false
        for folder in folders {
            let record = try folder.read()
            let status = try SubmissionStatus.read(folder, slurm: slurm.isInstalled ? slurm : nil) { isPublished($0, output: output) }
            let counts = status.counts
            let summary = SubmissionStatus.State.allCases.map { "\(counts[$0] ?? 0) \($0.rawValue)" }.joined(separator: ", ")
            let jobs = record.rounds.map { "\($0.arrayJob)" }.joined(separator: ", ")
            print("\(record.id)  jobs \(jobs)  \(summary); \(record.skipped.count) skipped (already published)"
                  + (status.merged ? "; merged" : ""))
            for task in status.tasks where tasks || task.state == .failed {
                print("  \(task.index)  \(task.studyKey)  \(task.state.rawValue)  attempt \(task.attempt)" + (task.reason.map { "  \($0)" } ?? ""))
            }
            anyFailed = anyFailed || (counts[.failed] ?? 0) > 0
        }
        if anyFailed { throw RadStationCommand.partialSuccess }
    }
}
