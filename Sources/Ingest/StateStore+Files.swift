import FolderWatch
import GRDB

extension StateStore {
    /// What recording an identified file decided.
    public enum FileOutcome: Sendable, Equatable {
        /// A new instance, or a new content for an instance whose file was rewritten in place.
        case accepted(studyKey: String)
        /// Same bytes as an instance already held under another path.
        case duplicate
        /// Same SOP Instance UID as an instance held under another path, different bytes: the first is
        /// kept, this one is quarantined.
        case conflict
        /// Skipped by design.
        case ignored
        /// Quarantined (unreadable after the grace period).
        case quarantined
    }

    /// Records what a scan saw. A new file, or a file whose size, time or inode changed, becomes
    /// `pending` (to be identified again once settled).
    /// - Returns: the paths that became pending.
    @discardableResult
    public func observe(_ files: [FileObservation]) throws -> [String] {
        try write { db in
            var pending: [String] = []
            for f in files {
                let row = try Row.fetchOne(db, sql: "SELECT size, modified, inode, device FROM file WHERE path = ?", arguments: [f.path])
                if let row {
                    let same = (row["size"] as Int64) == f.size && (row["modified"] as Int64) == f.modified
                        && (row["inode"] as Int64) == Int64(bitPattern: f.inode) && (row["device"] as Int64) == Int64(bitPattern: f.device)
                    if same { continue }
                    try db.execute(sql: """
                        UPDATE file SET size = ?, modified = ?, inode = ?, device = ?, state = 'pending', reason = NULL
                        WHERE path = ?
                        """, arguments: [f.size, f.modified, Int64(bitPattern: f.inode), Int64(bitPattern: f.device), f.path])
                } else {
                    try db.execute(sql: "INSERT INTO file (path, size, modified, inode, device) VALUES (?, ?, ?, ?, ?)",
                                   arguments: [f.path, f.size, f.modified, Int64(bitPattern: f.inode), Int64(bitPattern: f.device)])
                }
                pending.append(f.path)
            }
            return pending
        }
    }

    /// Forgets files that are gone from the export folder. Instances they held stay in their study (the
    /// outputs already made from them are not withdrawn); a later version is made from what remains.
    public func forget(_ paths: [String]) throws {
        guard !paths.isEmpty else { return }
        try write { db in
            for p in paths { try db.execute(sql: "DELETE FROM file WHERE path = ?", arguments: [p]) }
        }
    }

    /// Paths still waiting to be identified.
    public func pendingPaths() throws -> [String] {
        try read { db in try String.fetchAll(db, sql: "SELECT path FROM file WHERE state = 'pending' ORDER BY path") }
    }

    /// Records the identification of a settled file with its content hash (SHA-256 hex).
    public func record(path: String, as identification: Identification, hash: String?) throws -> FileOutcome {
        try write { db in
            guard let fileId = try Int64.fetchOne(db, sql: "SELECT id FROM file WHERE path = ?", arguments: [path]) else {
                return .ignored  // vanished meanwhile
            }
            switch identification {
            case .ignored(let reason):
                try db.execute(sql: "UPDATE file SET state = 'ignored', reason = ? WHERE id = ?", arguments: [reason, fileId])
                return .ignored
            case .unreadable(let reason):
                try db.execute(sql: "UPDATE file SET state = 'quarantined', reason = ? WHERE id = ?", arguments: [reason, fileId])
                return .quarantined
            case .instance(let studyUID, let sop, let key):
                guard let hash else { preconditionFailure("an instance is recorded with its content hash") }
                try db.execute(sql: "INSERT OR IGNORE INTO study (uid, key) VALUES (?, ?)", arguments: [studyUID, key])
                let studyId = try Int64.fetchOne(db, sql: "SELECT id FROM study WHERE uid = ?", arguments: [studyUID])!
                if let held = try Row.fetchOne(db, sql: "SELECT fileId, hash, studyId FROM instance WHERE sop = ?", arguments: [sop]) {
                    let heldFile: Int64? = held["fileId"]
                    let heldHash: String = held["hash"]
                    if heldFile == fileId || heldFile == nil {
                        // The same file rewritten in place, or the instance's file had vanished: take the new bytes.
                        try db.execute(sql: "UPDATE instance SET hash = ?, fileId = ?, studyId = ? WHERE sop = ?",
                                       arguments: [hash, fileId, studyId, sop])
                    } else if heldHash == hash {
                        try db.execute(sql: "UPDATE file SET state = 'duplicate', reason = ?, hash = ?, sop = ?, studyId = ? WHERE id = ?",
                                       arguments: ["identical copy of an instance already held", hash, sop, studyId, fileId])
                        return .duplicate
                    } else {
                        try db.execute(sql: "UPDATE file SET state = 'quarantined', reason = ?, hash = ?, sop = ?, studyId = ? WHERE id = ?",
                                       arguments: ["same SOP Instance UID as an instance already held, different content; the first is kept",
                                                   hash, sop, studyId, fileId])
                        return .conflict
                    }
                } else {
                    try db.execute(sql: "INSERT INTO instance (sop, studyId, fileId, hash) VALUES (?, ?, ?, ?)",
                                   arguments: [sop, studyId, fileId, hash])
                }
                try db.execute(sql: "UPDATE file SET state = 'accepted', reason = NULL, hash = ?, sop = ?, studyId = ? WHERE id = ?",
                               arguments: [hash, sop, studyId, fileId])
                // New inputs reopen a finished or failed study (a late instance makes a new version).
                try db.execute(sql: """
                    UPDATE study SET state = 'collecting', attempts = CASE WHEN state = 'quarantined' THEN attempts ELSE 0 END,
                    updatedAt = CURRENT_TIMESTAMP WHERE id = ? AND state IN ('done', 'failed')
                    """, arguments: [studyId])
                return .accepted(studyKey: key)
            }
        }
    }
}

extension StateStore {
    /// Marks a file pending again (its bytes changed under us).
    public func observeChanged(path: String) throws {
        try write { db in try db.execute(sql: "UPDATE file SET state = 'pending' WHERE path = ?", arguments: [path]) }
    }
}
