import ArgumentParser
import ClusterExecution
import Cohort
import Foundation
import Logging
import Pipeline

/// `radstation slurm merge <submission> --attempt N` (hidden): the merge job of a round, run after every task
/// of its array ended (`afterany`). Failed tasks of the first round are submitted once more (with a new merge
/// job); otherwise the patient courses and the cohort table are rebuilt and what still failed is recorded.
struct SlurmMerge: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge", abstract: "Merge a Slurm submission's round (run by its merge job; not for direct use).",
        shouldDisplay: false)

    @Argument(help: "The submission folder.")
    var submission: String

    @Option(help: "The round's attempt.")
    var attempt: Int = 1

    func run() throws {
        let folder = Submission.Folder(url: URL(fileURLWithPath: submission))
        var record = try folder.read()
        let list = try StudyList.read(folder.studyList)
        guard let round = record.rounds.first(where: { $0.attempt == attempt }) else {
            throw ValidationError("the submission has no round \(attempt)")
        }
        let output = folder.output
        let unfinished = SubmissionRound.unfinished(round, folder: folder, list: list) { isPublished($0, output: output) }
        if !unfinished.isEmpty, attempt < Submission.maxAttempts {
            try SubmissionRound.submit(&record, folder: folder, attempt: attempt + 1, indices: unfinished,
                                       executable: record.executable ?? StudyAttemptRunner.currentExecutable(), slurm: SlurmCommands())
            print("retrying \(unfinished.count) failed task(s) as array job \(record.rounds.last!.arrayJob)")
            return
        }
        for index in unfinished {
            record.failed[list.studies[index].key] = folder.readResult(index: index, attempt: attempt)?.reason
                ?? "the Slurm task ended without a result (killed by a limit or a node failure?)"
        }
        let logger = RadStationLog.logger("radstation.slurm", format: .text, level: .info)
        let configuration = try JSONDecoder().decode(ProcessConfiguration.self, from: Data(contentsOf: folder.configuration))
        // dicom_seg: the courses' Lipiodol SEGs reference the studies' series, found in the folders of the listed files.
        let dicomFolders = configuration.dicomSeg ? list.folders : []
        CourseCommand.refresh(output: output, configuration: configuration, dicomFolders: dicomFolders, logger: logger)
        do { try Cohort.rebuild(output: output) } catch {
            logger.error("the cohort table could not be rebuilt", metadata: ["reason": "\(safeDescription(error))"])
        }
        record.merged = Date()
        try folder.write(record)
        print("merged: \(list.studies.count - record.failed.count) of \(list.studies.count) studies published; \(record.failed.count) failed")
        for (key, reason) in record.failed.sorted(by: { $0.key < $1.key }) { print("\(key)  failed  \(reason)") }
    }
}
