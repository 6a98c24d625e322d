import Foundation

/// Submits one round of a submission race-free: the array job held (`sbatch --hold`), then its merge job
/// (`--dependency=afterany:<array>`), then the record naming both is written, and only then the array is
/// released, so a merge never runs before the record knows its round.
public enum SubmissionRound {
    /// Writes the round's scripts, submits them and records the round in `submission`.
    /// - Parameters:
    ///   - executable: absolute path of `radstation` as the nodes see it.
    ///   - indices: the task indices of this round.
    /// - Throws: ``ClusterExecutionError``; when the merge job cannot be submitted the array job is cancelled.
    public static func submit(_ submission: inout Submission, folder: Submission.Folder, attempt: Int, indices: [Int],
                              executable: String, slurm: SlurmCommands) throws {
        let arrayScript = folder.arrayScript(attempt: attempt), mergeScript = folder.mergeScript(attempt: attempt)
        try PrivateFile.write(Data(BatchScript.array(executable: executable, folder: folder, id: submission.id, attempt: attempt,
                                                     indices: indices, resources: submission.resources).utf8), to: arrayScript, mode: 0o700)
        try PrivateFile.write(Data(BatchScript.merge(executable: executable, folder: folder, id: submission.id, attempt: attempt,
                                                     resources: submission.resources).utf8), to: mergeScript, mode: 0o700)
        let array = try slurm.submit(script: arrayScript, options: ["--hold"])
        let merge: String
        do {
            merge = try slurm.submit(script: mergeScript, options: ["--dependency=afterany:\(array)"])
            submission.rounds.append(Submission.Round(attempt: attempt, indices: indices, arrayJob: array, mergeJob: merge))
            try folder.write(submission)
        } catch {
            try? slurm.cancel(jobs: [array])
            throw error
        }
        _ = try slurm.run("scontrol", ["release", array])
    }

    /// The task indices of a round that need another attempt: no result, or a failed one, and not published
    /// since (a task killed after its publication counts as done).
    public static func unfinished(_ round: Submission.Round, folder: Submission.Folder, list: StudyList,
                                  published: (StudyList.Study) -> Bool) -> [Int] {
        round.indices.filter { index in
            let result = folder.readResult(index: index, attempt: round.attempt)
            if let result, result.status != .failed { return false }
            return result != nil || !published(list.studies[index])
        }
    }
}
