import GRDB

extension StateStore {
    /// Counts and reasons for `radstation status`: no UIDs, no paths, no patient data.
    public struct Status: Sendable, Equatable {
        /// Studies per state.
        public var studies: [StudyState: Int]
        /// Files per state.
        public var files: [FileState: Int]
        /// (study key, state, version, attempts, reason, scheduler job id while a job runs it) for every study.
        public var rows: [(key: String, state: StudyState, version: Int, attempts: Int, reason: String?, job: String?)]
        /// Quarantined files: (file number in the state database, reason).
        public var quarantinedFiles: [(id: Int64, reason: String)]

        public static func == (a: Status, b: Status) -> Bool {
            a.studies == b.studies && a.files == b.files && a.rows.map(\.key) == b.rows.map(\.key)
        }
    }

    /// Summarises the state.
    public func status() throws -> Status {
        try read { db in
            var studies: [StudyState: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT state, COUNT(*) AS n FROM study GROUP BY state") {
                if let s = StudyState(rawValue: row["state"]) { studies[s] = row["n"] }
            }
            var files: [FileState: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT state, COUNT(*) AS n FROM file GROUP BY state") {
                if let s = FileState(rawValue: row["state"]) { files[s] = row["n"] }
            }
            let rows = try Row.fetchAll(db, sql: "SELECT key, state, version, attempts, reason, jobID FROM study ORDER BY key").map {
                (key: $0["key"] as String, state: StudyState(rawValue: $0["state"]) ?? .collecting, version: $0["version"] as Int,
                 attempts: $0["attempts"] as Int, reason: $0["reason"] as String?, job: $0["jobID"] as String?)
            }
            let quarantined = try Row.fetchAll(db, sql: "SELECT id, reason FROM file WHERE state = 'quarantined' ORDER BY id").map {
                (id: $0["id"] as Int64, reason: ($0["reason"] as String?) ?? "")
            }
            return Status(studies: studies, files: files, rows: rows, quarantinedFiles: quarantined)
        }
    }
}
