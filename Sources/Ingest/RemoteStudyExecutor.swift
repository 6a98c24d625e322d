/// Runs study versions as jobs of a batch scheduler (the CLI plugs in Slurm) instead of in the watcher's own
/// children: ``submit(_:name:)`` returns at once with a job id, which the watcher keeps in its state database
/// and follows with ``states(of:)`` on later passes, also after a restart.
///
/// The job reads ``StudyJob/inputFolder`` and writes into ``StudyJob/outputFolder`` only, as a
/// ``StudyProcessor`` does; the watcher publishes the output once the job has finished.
public protocol RemoteStudyExecutor: Sendable {
    /// Submits one study version as a job named `name` (study key and version only: no patient value).
    /// - Returns: the scheduler's job id.
    /// - Throws: any error; its description (no patient data) becomes the recorded failure reason.
    func submit(_ job: StudyJob, name: String) throws -> String

    /// The id of a job submitted under `name` that the scheduler still knows, or `nil` (used after a crash
    /// between a submission and the database commit of its id).
    func find(named name: String) throws -> String?

    /// What has become of these jobs, in order.
    /// - Throws: when the scheduler cannot be asked (the watcher then asks again on its next pass).
    func states(of jobs: [RemoteJob]) throws -> [RemoteJobState]
}

/// A study version submitted to the scheduler.
public struct RemoteJob: Sendable, Equatable {
    /// The scheduler's job id; `nil` when none was recorded and the scheduler knows no job of that name.
    public var jobID: String?
    /// Its study key, version and folders.
    public var job: StudyJob

    /// A job with these values.
    public init(jobID: String?, job: StudyJob) {
        self.jobID = jobID
        self.job = job
    }
}

/// What has become of a submitted study version.
public enum RemoteJobState: Sendable, Equatable {
    /// Queued or running.
    case waiting
    /// Finished: the output folder holds the study's outputs.
    case finished(warnings: [String])
    /// Ended without outputs; `countsAsAttempt` is false when the environment (a full disk), not the study, was at fault.
    case failed(reason: String, countsAsAttempt: Bool)
    /// No trace of it (no job id, nothing in the scheduler, no result): it was never submitted.
    case missing
}

