import Foundation

/// The batch scripts RadStation hands to `sbatch`. They name the job after the submission or the study key
/// and refer to the submission folder only: no patient value, no input path.
public enum BatchScript {
    /// The array job of a submission round: task `$SLURM_ARRAY_TASK_ID` runs
    /// `radstation slurm task <submission> --attempt <attempt>`, which processes that study of the list.
    /// - Parameters:
    ///   - executable: absolute path of `radstation` (on the shared file system, or installed on every node).
    ///   - indices: task indices of the round (all studies first; the failed ones in the retry).
    public static func array(executable: String, folder: Submission.Folder, id: String, attempt: Int, indices: [Int],
                             resources: SlurmResources) -> String {
        var range = ArrayRange.compress(indices)
        if let limit = resources.arrayLimit { range += "%\(limit)" }
        return script(directives: ["--job-name=radstation-\(id)", "--array=\(range)",
                                   "--output=\(folder.logs.path)/task-%a.\(attempt).out"],
                      resources: resources.directives,
                      body: [quote(executable) + " slurm task " + quote(folder.url.path) + " --attempt \(attempt)"])
    }

    /// The merge job of a round (submitted with `--dependency=afterany:<array job>`): retries the round's
    /// failed tasks once, or rebuilds the cohort table and reports what failed
    /// (`radstation slurm merge <submission> --attempt <attempt>`). One CPU; the partition and time of the tasks.
    public static func merge(executable: String, folder: Submission.Folder, id: String, attempt: Int,
                             resources: SlurmResources) -> String {
        var own = SlurmResources(partition: resources.partition, cpusPerTask: 1, memory: resources.memory, time: resources.time)
        own.arrayLimit = nil
        return script(directives: ["--job-name=radstation-merge-\(id)", "--output=\(folder.logs.path)/merge.\(attempt).out"],
                      resources: own.directives,
                      body: [quote(executable) + " slurm merge " + quote(folder.url.path) + " --attempt \(attempt)"])
    }

    /// A single job running one command line (the watcher's study jobs), named `name`, its output in `log`.
    /// The body runs under an exclusive `flock` on `lock`, so a job that Slurm starts twice (requeued after a
    /// node failure) never runs its work twice at once.
    public static func single(name: String, log: URL, lock: URL, resources: SlurmResources, commands: [String]) -> String {
        script(directives: ["--job-name=\(name)", "--output=\(log.path)"], resources: resources.directives,
               body: ["exec 9>" + quote(lock.path), "flock 9"] + commands)
    }

    static func script(directives: [String], resources: [String], body: [String]) -> String {
        (["#!/bin/bash"] + directives.map { "#SBATCH " + $0 } + resources
            + ["# Written by RadStation. Study keys only: no patient value, no input path.", "set -euo pipefail"] + body)
            .joined(separator: "\n") + "\n"
    }

    /// A word for the shell: single-quoted, inner quotes escaped.
    public static func quote(_ word: String) -> String {
        "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
