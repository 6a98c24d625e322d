import ClusterExecution
import Foundation
import Testing
import TestSupport

@Suite("Slurm submission: scripts, study list, task results and status without a cluster")
struct SubmissionFilesTests {
    /// A submission of three studies whose files sit under a folder named like a patient.
    func submission() throws -> (URL, Submission.Folder, Submission, StudyList) {
        let out = try TestPaths.temporaryFolder()
        var submission = Submission(resources: SlurmResources(partition: "debug", cpusPerTask: 2, memory: "1G", arrayLimit: 2))
        let folder = Submission.Folder(output: out, id: submission.id)
        try folder.create()
        let list = StudyList(studies: (0..<3).map {
            StudyList.Study(key: "st-000000000000000\($0)", inputsHash: "h\($0)", files: ["/export/DOE^JANE/\($0).dcm"])
        })
        try list.write(to: folder.studyList)
        submission.rounds = [Submission.Round(attempt: 1, indices: [0, 1, 2], arrayJob: "41", mergeJob: "42")]
        try folder.write(submission)
        return (out, folder, submission, list)
    }

    @Test("scripts name the submission only: no input path, no patient value; the array range and limits are set")
    func scriptsCarryNoInputPath() throws {
        let (out, folder, submission, _) = try submission()
        defer { try? FileManager.default.removeItem(at: out) }
        let array = BatchScript.array(executable: "/opt/rad station/radstation", folder: folder, id: submission.id, attempt: 1,
                                      indices: [0, 1, 2], resources: submission.resources)
        #expect(array.contains("#SBATCH --array=0-2%2"))
        #expect(array.contains("#SBATCH --job-name=radstation-\(submission.id)"))
        #expect(array.contains("#SBATCH --cpus-per-task=2") && array.contains("#SBATCH --mem=1G") && array.contains("#SBATCH --partition=debug"))
        #expect(array.contains("'/opt/rad station/radstation' slurm task '\(folder.url.path)' --attempt 1"))
        let merge = BatchScript.merge(executable: "/x/radstation", folder: folder, id: submission.id, attempt: 2, resources: submission.resources)
        #expect(merge.contains("--cpus-per-task=1") && merge.contains("slurm merge") && merge.contains("--attempt 2"))
        for script in [array, merge] { #expect(!script.contains("DOE") && !script.contains("/export")) }
        #expect(BatchScript.quote("it's") == "'it'\\''s'")
    }

    @Test("the study list is private (0600) and round-trips")
    func studyListIsPrivate() throws {
        let (out, folder, _, list) = try submission()
        defer { try? FileManager.default.removeItem(at: out) }
        let mode = try FileManager.default.attributesOfItem(atPath: folder.studyList.path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(try StudyList.read(folder.studyList) == list)
    }

    @Test("status from the files alone: results, published manifests, and tasks left without a result after the merge")
    func statusFromFiles() throws {
        let (out, folder, submission, _) = try submission()
        defer { try? FileManager.default.removeItem(at: out) }
        try folder.write(TaskResult(index: 0, studyKey: "st-0000000000000000", attempt: 1, status: .done, seconds: 1))
        try folder.write(TaskResult(index: 1, studyKey: "st-0000000000000001", attempt: 1, status: .failed, reason: "boom", seconds: 1))
        var status = try SubmissionStatus.read(folder, slurm: nil) { _ in false }
        #expect(status.tasks.map(\.state) == [.done, .failed, .pending])
        #expect(status.tasks[1].reason == "boom")
        let list = try StudyList.read(folder.studyList)
        #expect(SubmissionRound.unfinished(submission.rounds[0], folder: folder, list: list) { _ in false } == [1, 2])
        #expect(SubmissionRound.unfinished(submission.rounds[0], folder: folder, list: list) { $0.key.hasSuffix("2") } == [1])
        var merged = submission
        merged.merged = Date()
        try folder.write(merged)
        status = try SubmissionStatus.read(folder, slurm: nil) { _ in false }
        #expect(status.tasks[2].state == .failed && status.merged)
        #expect(Submission.Folder.all(output: out).map(\.url.lastPathComponent) == [folder.url.lastPathComponent])
    }

    /// The merge job's DICOM folders for the courses' Lipiodol SEG (`dicom_seg`): each file's folder once, none inside
    /// another (a recursive scan would count their files twice), `/export/a` and `/export/ab` kept apart.
    @Test func studyListFoldersAreOuterFoldersOnly() {
        let list = StudyList(studies: [
            .init(key: "st-1", inputsHash: "h", files: ["/export/a/1.dcm", "/export/a/series/2.dcm", "/export/a/series/3.dcm"]),
            .init(key: "st-2", inputsHash: "h", files: ["/export/ab/4.dcm", "/other/deep/x/5.dcm"]),
        ])
        #expect(list.folders.map(\.path) == ["/export/a", "/export/ab", "/other/deep/x"])
    }
}
