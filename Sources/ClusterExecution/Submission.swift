import Foundation

/// One `radstation slurm submit`: its folder under `<out>/.radstation/slurm/<id>/` and its record.
///
/// ```text
/// submission.json         this record: resources, rounds (array job and merge job ids), the merge's end
/// studies.json            the ``StudyList`` (0600)
/// configuration.json      the pipeline configuration the tasks use
/// array-<attempt>.sh      the array job of a round; merge-<attempt>.sh its merge job
/// tasks/<index>.<attempt>.json   ``TaskResult`` of each task
/// logs/                   Slurm's output of the tasks and merges (study keys and reasons only)
/// ```
public struct Submission: Sendable, Codable, Equatable {
    /// One round: the array job of its tasks and the merge job that depends on it.
    public struct Round: Sendable, Codable, Equatable {
        /// 1 for the first run, 2 for the retry of the failed tasks.
        public var attempt: Int
        /// Task indices of this round.
        public var indices: [Int]
        /// Slurm job id of the array job.
        public var arrayJob: String
        /// Slurm job id of the merge job (`afterany` on the array job).
        public var mergeJob: String

        /// A round with these values.
        public init(attempt: Int, indices: [Int], arrayJob: String, mergeJob: String) {
            self.attempt = attempt
            self.indices = indices
            self.arrayJob = arrayJob
            self.mergeJob = mergeJob
        }
    }

    /// Folder name under `.radstation/slurm/` (time and a random suffix; no patient data).
    public var id: String
    public var created: Date
    public var resources: SlurmResources
    /// The `radstation` executable the jobs run (as the nodes see it); the retry round runs it too.
    public var executable: String?
    /// Rounds, in order (at most ``maxAttempts``).
    public var rounds: [Round] = []
    /// Studies found but not submitted because they are already published with the same inputs and configuration.
    public var skipped: [String] = []
    /// When the last merge finished (the cohort rebuilt, failures reported); `nil` before.
    public var merged: Date?
    /// Studies that failed in every attempt, by key, with the last reason.
    public var failed: [String: String] = [:]

    /// A failed task runs at most this often (the first run and one retry).
    public static let maxAttempts = 2

    /// A new submission named after the current time, to the millisecond, so that names sort in the order the
    /// submissions were made (``Folder/all(output:)``) even when two come within one second.
    public init(resources: SlurmResources, created: Date = Date()) {
        let stamp = ISO8601DateFormatter.string(from: created, timeZone: TimeZone(identifier: "UTC")!,
                                                formatOptions: [.withYear, .withMonth, .withDay, .withTime,
                                                                .withFractionalSeconds])
        id = "sub-" + stamp.replacingOccurrences(of: ":", with: "") + "-" + String(UUID().uuidString.prefix(6)).lowercased()
        self.created = created
        self.resources = resources
    }

    /// The folder of a submission.
    public struct Folder: Sendable, Equatable {
        /// `<out>/.radstation/slurm/<id>`.
        public var url: URL

        /// The folder of submission `id` under the output folder `output`.
        public init(output: URL, id: String) { url = Self.root(output: output).appendingPathComponent(id) }
        /// The folder at `url`.
        public init(url: URL) { self.url = url }

        /// `<out>/.radstation/slurm`, where all submissions live.
        public static func root(output: URL) -> URL { output.appendingPathComponent(".radstation/slurm") }

        /// The output folder the submission publishes into.
        public var output: URL { url.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent() }
        public var record: URL { url.appendingPathComponent("submission.json") }
        public var studyList: URL { url.appendingPathComponent("studies.json") }
        public var configuration: URL { url.appendingPathComponent("configuration.json") }
        public var logs: URL { url.appendingPathComponent("logs") }
        public var tasks: URL { url.appendingPathComponent("tasks") }
        /// The array job script of a round.
        public func arrayScript(attempt: Int) -> URL { url.appendingPathComponent("array-\(attempt).sh") }
        /// The merge job script of a round.
        public func mergeScript(attempt: Int) -> URL { url.appendingPathComponent("merge-\(attempt).sh") }
        /// The result of a task's attempt.
        public func result(index: Int, attempt: Int) -> URL { tasks.appendingPathComponent("\(index).\(attempt).json") }

        /// Creates the folder and its `tasks/` and `logs/` (mode 0700).
        public func create() throws {
            for folder in [url, tasks, logs] {
                do {
                    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true,
                                                            attributes: [.posixPermissions: 0o700])
                } catch {
                    throw ClusterExecutionError.submission(reason: "cannot create the submission folder (\(error.localizedDescription))")
                }
            }
        }

        /// The result of a task's attempt, `nil` when the task left none.
        public func readResult(index: Int, attempt: Int) -> TaskResult? {
            try? PrivateFile.readJSON(TaskResult.self, from: result(index: index, attempt: attempt))
        }

        /// Writes a task's result atomically.
        public func write(_ result: TaskResult) throws {
            try PrivateFile.writeJSON(result, to: self.result(index: result.index, attempt: result.attempt))
        }

        /// Reads the record.
        public func read() throws -> Submission { try PrivateFile.readJSON(Submission.self, from: record) }

        /// Writes the record atomically.
        public func write(_ submission: Submission) throws { try PrivateFile.writeJSON(submission, to: record) }

        /// Every submission folder under an output folder, oldest first (ids sort by time).
        public static func all(output: URL) -> [Folder] {
            let root = root(output: output)
            let names = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
            return names.filter { $0.hasPrefix("sub-") }.sorted().map { Folder(url: root.appendingPathComponent($0)) }
        }
    }
}
