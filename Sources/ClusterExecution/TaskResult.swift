import Foundation

/// What one array task did with its study, written last by the task (`tasks/<index>.<attempt>.json` in the
/// submission folder). A task killed by Slurm (time or memory limit, node failure) leaves none, and counts as
/// failed. No patient data: key, status, reason, seconds.
public struct TaskResult: Sendable, Codable, Equatable {
    /// How a task ended.
    public enum Status: String, Sendable, Codable {
        /// Processed and published.
        case done
        /// Already published with the same inputs and configuration: no work.
        case unchanged
        /// Failed with ``TaskResult/reason``.
        case failed
    }
    /// Task index (position in the ``StudyList``).
    public var index: Int
    /// The study's key.
    public var studyKey: String
    /// 1 for the first run, 2 for the retry.
    public var attempt: Int
    public var status: Status
    /// Why it failed (no patient data).
    public var reason: String?
    /// Wall-clock seconds of the task's work.
    public var seconds: Double
    /// The Slurm job id of the task (`1234_7`).
    public var jobID: String?
    /// When the task finished.
    public var finished: Date

    /// A result with these values.
    public init(index: Int, studyKey: String, attempt: Int, status: Status, reason: String? = nil, seconds: Double,
                jobID: String? = nil, finished: Date = Date()) {
        self.index = index
        self.studyKey = studyKey
        self.attempt = attempt
        self.status = status
        self.reason = reason
        self.seconds = seconds
        self.jobID = jobID
        self.finished = finished
    }
}
