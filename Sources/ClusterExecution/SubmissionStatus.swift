import Foundation

/// Where every task of a submission stands, from the task results, Slurm (`sacct` when the cluster keeps
/// accounting, else `squeue`) and the published manifests.
public struct SubmissionStatus: Sendable, Equatable {
    /// The state of one study's task.
    public enum State: String, Sendable, CaseIterable {
        /// Waiting in the queue (resources, dependency, or the retry not yet submitted).
        case pending
        /// Running.
        case running
        /// Published by this submission.
        case done
        /// Already published with the same inputs and configuration (no work).
        case unchanged
        /// Failed; retried once unless ``Task/attempt`` is the last.
        case failed
    }

    /// One task.
    public struct Task: Sendable, Equatable {
        public var index: Int
        public var studyKey: String
        public var state: State
        /// The attempt this state belongs to (1 or 2).
        public var attempt: Int
        /// Why it failed (no patient data).
        public var reason: String?
    }

    /// Every task, by index.
    public var tasks: [Task]
    /// Whether the last merge finished.
    public var merged: Bool

    /// Tasks per state.
    public var counts: [State: Int] { tasks.reduce(into: [:]) { $0[$1.state, default: 0] += 1 } }

    /// Reads the status of the submission in `folder`.
    /// - Parameters:
    ///   - slurm: the commands to ask; `nil` (or a failing Slurm) leaves only the files to judge by.
    ///   - published: whether a study is published with the inputs of the list (its manifest).
    /// - Throws: ``ClusterExecutionError/submission(reason:)`` when the record or the list cannot be read.
    public static func read(_ folder: Submission.Folder, slurm: SlurmCommands?,
                            published: (StudyList.Study) -> Bool) throws -> SubmissionStatus {
        let submission = try folder.read()
        let list = try StudyList.read(folder.studyList)
        let jobs = submission.rounds.flatMap { [$0.arrayJob, $0.mergeJob] }
        var states: [String: SlurmJobState] = [:]
        if let slurm {
            let entries = ((try? slurm.accounting(jobs: jobs)) ?? nil) ?? (try? slurm.queue(jobs: jobs)) ?? []
            for entry in entries { states[entry.jobID + (entry.taskIndex.map { "_\($0)" } ?? "")] = entry.state }
        }
        var tasks: [Task] = []
        for (index, study) in list.studies.enumerated() {
            guard let round = submission.rounds.last(where: { $0.indices.contains(index) }) else { continue }
            var task = Task(index: index, studyKey: study.key, state: .pending, attempt: round.attempt)
            if let result = folder.readResult(index: index, attempt: round.attempt) {
                switch result.status {
                case .done: task.state = .done
                case .unchanged: task.state = .unchanged
                case .failed: (task.state, task.reason) = (.failed, result.reason)
                }
            } else if let state = states["\(round.arrayJob)_\(index)"], state.isActive {
                task.state = state.isPending ? .pending : .running
            } else if published(study) {
                task.state = .done
            } else if let state = states["\(round.arrayJob)_\(index)"] {
                (task.state, task.reason) = (.failed, "the Slurm task ended \(state) without a result")
            } else if submission.merged != nil || states[round.mergeJob].map({ !$0.isActive }) == true {
                (task.state, task.reason) = (.failed, "the Slurm task ended without a result (killed by a limit or a node failure?)")
            }
            tasks.append(task)
        }
        return SubmissionStatus(tasks: tasks, merged: submission.merged != nil)
    }
}
