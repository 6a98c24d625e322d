import Foundation
import GRDB
import Hashing

extension StateStore {
    /// A study as the database holds it.
    public struct StudyRecord: Sendable, Equatable {
        public var id: Int64
        /// Pseudonymous key (`st-…`).
        public var key: String
        public var state: StudyState
        /// Last published version (0 = none yet).
        public var version: Int
        /// Inputs hash of the published version.
        public var inputsHash: String?
        /// Version and inputs hash being processed (set while `processing`).
        public var processingVersion: Int?
        public var processingHash: String?
        /// Failed attempts since the inputs last changed.
        public var attempts: Int
        /// Last failure or quarantine reason (no patient data).
        public var reason: String?
        /// The scheduler's job id of the version being processed remotely (``Watcher/executor``).
        public var jobID: String? = nil
    }

    /// One input of a study version.
    public struct StudyInput: Sendable, Equatable {
        /// SOP Instance UID (state database only).
        public var sop: String
        /// SHA-256 of the file bytes, hex.
        public var hash: String
        /// Path relative to the export folder, `nil` when the file has vanished.
        public var path: String?
    }

    private func study(_ row: Row) -> StudyRecord {
        StudyRecord(id: row["id"], key: row["key"], state: StudyState(rawValue: row["state"]) ?? .collecting,
                    version: row["version"], inputsHash: row["inputsHash"], processingVersion: row["processingVersion"],
                    processingHash: row["processingHash"], attempts: row["attempts"], reason: row["reason"],
                    jobID: row["jobID"])
    }

    /// Every study, in key order.
    public func studies() throws -> [StudyRecord] {
        try read { db in try Row.fetchAll(db, sql: "SELECT * FROM study ORDER BY key").map(study) }
    }

    /// Studies that may need processing: collecting, failed or interrupted.
    public func openStudies() throws -> [StudyRecord] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM study WHERE state IN ('collecting', 'failed', 'processing') ORDER BY id").map(study)
        }
    }

    /// The accepted instances of a study, by SOP Instance UID.
    public func inputs(of studyId: Int64) throws -> [StudyInput] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT instance.sop, instance.hash, file.path FROM instance LEFT JOIN file ON file.id = instance.fileId
                WHERE instance.studyId = ? ORDER BY instance.sop
                """, arguments: [studyId]).map { StudyInput(sop: $0["sop"], hash: $0["hash"], path: $0["path"]) }
        }
    }

    /// Whether any file of the study is still waiting to be identified.
    public func hasPendingFiles(studyId: Int64) throws -> Bool {
        try read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM file WHERE studyId = ? AND state = 'pending'", arguments: [studyId])! > 0
        }
    }

    /// The identity of a set of inputs: SHA-256 over the sorted "UID:hash" lines.
    public static func inputsHash(_ inputs: [StudyInput]) -> String {
        let hasher = SHA256()
        for input in inputs.sorted(by: { $0.sop < $1.sop }) { hasher.update(data: Data("\(input.sop):\(input.hash)\n".utf8)) }
        return hasher.finalize().hexString
    }

    /// Marks a study `done` without new work (its inputs equal the published version's).
    public func markUnchanged(_ studyId: Int64) throws {
        try write { db in
            try db.execute(sql: "UPDATE study SET state = 'done', processingVersion = NULL, processingHash = NULL, jobID = NULL, updatedAt = CURRENT_TIMESTAMP WHERE id = ?",
                           arguments: [studyId])
        }
    }

    /// Claims a version for processing (durable before any output is written).
    public func beginProcessing(_ studyId: Int64, version: Int, inputsHash: String) throws {
        try write { db in
            // The attempt is counted and committed before any work starts: an attempt that kills the process
            // (or its child) is still counted on the next start, so a poison study cannot crash-loop.
            try db.execute(sql: """
                UPDATE study SET state = 'processing', processingVersion = ?, processingHash = ?, attempts = attempts + 1,
                jobID = NULL, updatedAt = CURRENT_TIMESTAMP WHERE id = ?
                """, arguments: [version, inputsHash, studyId])
        }
    }

    /// Records the scheduler's job id of the version being processed (after its submission).
    public func recordJob(_ studyId: Int64, jobID: String) throws {
        try write { db in
            try db.execute(sql: "UPDATE study SET jobID = ?, updatedAt = CURRENT_TIMESTAMP WHERE id = ?", arguments: [jobID, studyId])
        }
    }

    /// Records a published version.
    /// - Parameter beforeCommit: runs inside the transaction after the update, before the commit (fault
    ///   tests: a throw rolls the transaction back, a `kill -9` there leaves it uncommitted).
    public func finishProcessing(_ studyId: Int64, version: Int, inputsHash: String, warnings: [String],
                                 beforeCommit: () throws -> Void = {}) throws {
        var interruption: Error?
        do {
            try write { db in
                try db.execute(sql: """
                    UPDATE study SET state = 'done', version = ?, inputsHash = ?, processingVersion = NULL, processingHash = NULL, jobID = NULL,
                    attempts = 0, reason = ?, updatedAt = CURRENT_TIMESTAMP WHERE id = ?
                    """, arguments: [version, inputsHash, warnings.isEmpty ? nil : warnings.joined(separator: "; "), studyId])
                do { try beforeCommit() } catch {
                    interruption = error
                    throw error
                }
            }
        } catch {
            throw interruption ?? error
        }
    }

    /// Records a failed attempt; after `maxAttempts` the study is quarantined.
    /// - Returns: the new state.
    public func failProcessing(_ studyId: Int64, reason: String, countsAsAttempt: Bool, maxAttempts: Int) throws -> StudyState {
        try write { db in
            // `beginProcessing` already counted this attempt; a failure that is not the study's fault gives it back.
            let counted = try Int.fetchOne(db, sql: "SELECT attempts FROM study WHERE id = ?", arguments: [studyId]) ?? 0
            let attempts = countsAsAttempt ? counted : max(0, counted - 1)
            let state: StudyState = attempts >= maxAttempts ? .quarantined : .failed
            try db.execute(sql: """
                UPDATE study SET state = ?, attempts = ?, reason = ?, processingVersion = NULL, processingHash = NULL, jobID = NULL,
                updatedAt = CURRENT_TIMESTAMP WHERE id = ?
                """, arguments: [state.rawValue, attempts, reason, studyId])
            return state
        }
    }

    /// Quarantines a study whose attempts were interrupted (the process died during them) `attempts` times,
    /// at least the allowed number: it is never started again until its inputs change.
    public func quarantineInterrupted(_ studyId: Int64, reason: String) throws {
        try write { db in
            try db.execute(sql: """
                UPDATE study SET state = 'quarantined', reason = ?, processingVersion = NULL, processingHash = NULL, jobID = NULL,
                updatedAt = CURRENT_TIMESTAMP WHERE id = ?
                """, arguments: [reason, studyId])
        }
    }
}
