/// A Slurm job state as `squeue` and `sacct` print it (`PENDING`, `RUNNING`, `COMPLETED`, `FAILED`,
/// `TIMEOUT`, `OUT_OF_MEMORY`, …; Slurm's `job_state_string`), with the two questions RadStation asks of it.
public struct SlurmJobState: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
    /// The state name, upper case, without `sacct`'s suffixes (`CANCELLED by 0` → `CANCELLED`).
    public var rawValue: String

    /// A state from its name as Slurm prints it.
    public init(rawValue: String) {
        self.rawValue = rawValue.split(separator: " ").first.map { String($0).uppercased() } ?? ""
    }

    public static let pending = SlurmJobState(rawValue: "PENDING")
    public static let running = SlurmJobState(rawValue: "RUNNING")
    public static let completed = SlurmJobState(rawValue: "COMPLETED")
    public static let failed = SlurmJobState(rawValue: "FAILED")

    /// Waiting for resources or a dependency, or held/requeued: not started yet.
    public var isPending: Bool { ["PENDING", "REQUEUED", "REQUEUE_HOLD", "REQUEUE_FED", "RESV_DEL_HOLD", "CONFIGURING"].contains(rawValue) }

    /// Not finished: pending, running, or on its way out (`COMPLETING`, `SUSPENDED`, `STAGE_OUT`, …).
    public var isActive: Bool {
        isPending || ["RUNNING", "COMPLETING", "SUSPENDED", "STOPPED", "RESIZING", "SIGNALING", "STAGE_OUT"].contains(rawValue)
    }

    public var description: String { rawValue }
}

/// One line of `squeue`/`sacct` output about a job or an array task.
public struct SlurmQueueEntry: Sendable, Equatable {
    /// The job id (`1234`), without the task index.
    public var jobID: String
    /// The array task index (`1234_7` → 7), `nil` for a job that is not an array task.
    public var taskIndex: Int?
    /// Its state.
    public var state: SlurmJobState

    /// An entry with these values.
    public init(jobID: String, taskIndex: Int?, state: SlurmJobState) {
        self.jobID = jobID
        self.taskIndex = taskIndex
        self.state = state
    }

    /// Parses `id|STATE` lines (`squeue -o '%i|%T'`, `sacct -P -o JobID,State`): `1234`, `1234_7`, and
    /// unexpanded pending ranges `1234_[0-3,7%2]` (one entry per task). Job steps (`1234.batch`) and lines
    /// that are not of this shape are skipped.
    public static func parse(_ output: String) -> [SlurmQueueEntry] {
        var entries: [SlurmQueueEntry] = []
        for line in output.split(whereSeparator: \.isNewline) {
            let fields = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard fields.count >= 2, !fields[0].isEmpty, !fields[0].contains(".") else { continue }
            let state = SlurmJobState(rawValue: fields[1])
            let id = fields[0]
            guard let underscore = id.firstIndex(of: "_") else {
                if id.allSatisfy(\.isNumber) { entries.append(SlurmQueueEntry(jobID: id, taskIndex: nil, state: state)) }
                continue
            }
            let job = String(id[..<underscore])
            var tasks = String(id[id.index(after: underscore)...])
            if tasks.hasPrefix("[") {
                tasks = String(tasks.dropFirst().prefix { $0 != "]" && $0 != "%" })
            }
            for index in ArrayRange.expand(tasks) { entries.append(SlurmQueueEntry(jobID: job, taskIndex: index, state: state)) }
        }
        return entries
    }
}

/// Slurm's array index notation (`0-3,7,9-10`).
public enum ArrayRange {
    /// The shortest `--array` notation for these indices: runs of consecutive indices as `a-b`.
    public static func compress(_ indices: [Int]) -> String {
        let sorted = Array(Set(indices)).sorted()
        var parts: [String] = []
        var n = 0
        while n < sorted.count {
            var end = n
            while end + 1 < sorted.count, sorted[end + 1] == sorted[end] + 1 { end += 1 }
            parts.append(end == n ? "\(sorted[n])" : "\(sorted[n])-\(sorted[end])")
            n = end + 1
        }
        return parts.joined(separator: ",")
    }

    /// The indices of a notation (`0-3,7` → 0, 1, 2, 3, 7); malformed parts are skipped.
    public static func expand(_ notation: String) -> [Int] {
        notation.split(separator: ",").flatMap { part -> [Int] in
            let bounds = part.split(separator: "-").compactMap { Int($0) }
            if bounds.count == 1 { return bounds }
            if bounds.count == 2, bounds[0] <= bounds[1] { return Array(bounds[0]...bounds[1]) }
            return []
        }
    }
}
