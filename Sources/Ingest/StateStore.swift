import Foundation
import GRDB

/// The watcher's durable memory (SQLite through GRDB, WAL journal, synchronous=FULL): every file seen,
/// which instance and study it is, study versions, attempts and results.
///
/// Tables: `file` (path, size, mtime, inode, content hash, state, reason, instance UID, study),
/// `study` (study UID, pseudonymous key, state, published version and inputs hash, attempts, reason),
/// `instance` (SOP instance UID → study, file, hash). The study UID ↔ key mapping lives only here.
/// Every change is one transaction, so a `kill -9` at any point leaves a consistent state.
public final class StateStore: @unchecked Sendable {
    let queue: DatabaseQueue

    /// File states.
    public enum FileState: String, Sendable, CaseIterable {
        /// Seen, not yet identified (still settling, or waiting for its turn).
        case pending
        /// An instance of a study.
        case accepted
        /// Identical bytes to an accepted instance under another path: counted once.
        case duplicate
        /// Not study content by design (DICOMDIR, notes): skipped.
        case ignored
        /// Quarantined with a reason (unreadable after the grace period, conflicting duplicate).
        case quarantined
    }

    /// Study states.
    public enum StudyState: String, Sendable, CaseIterable {
        /// Files are arriving or the quiet period is running.
        case collecting
        /// A version is being processed (a crash leaves this; recovery resolves it).
        case processing
        /// The published version matches the current inputs.
        case done
        /// The last attempt failed; retried after a delay, up to the attempt limit.
        case failed
        /// Gave up after the attempt limit; the reason says why.
        case quarantined
    }

    /// Opens (creating and migrating) the database at `path`.
    /// - Throws: ``IngestError/state(reason:)``.
    public init(path: String) throws {
        do {
            var configuration = Configuration()
            configuration.prepareDatabase { db in
                try db.execute(sql: "PRAGMA synchronous = FULL")
            }
            queue = try DatabaseQueue(path: path, configuration: configuration)
            try queue.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA journal_mode = WAL") }
            try Self.migrator.migrate(queue)
        } catch {
            throw IngestError.state(reason: "cannot open the state database (\(Self.reason(error)))")
        }
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE study (
                    id INTEGER PRIMARY KEY,
                    uid TEXT NOT NULL UNIQUE,
                    key TEXT NOT NULL UNIQUE,
                    state TEXT NOT NULL DEFAULT 'collecting',
                    version INTEGER NOT NULL DEFAULT 0,
                    inputsHash TEXT,
                    processingVersion INTEGER,
                    processingHash TEXT,
                    attempts INTEGER NOT NULL DEFAULT 0,
                    reason TEXT,
                    updatedAt TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
                );
                CREATE TABLE file (
                    id INTEGER PRIMARY KEY,
                    path TEXT NOT NULL UNIQUE,
                    size INTEGER NOT NULL,
                    modified INTEGER NOT NULL,
                    inode INTEGER NOT NULL,
                    device INTEGER NOT NULL,
                    hash TEXT,
                    state TEXT NOT NULL DEFAULT 'pending',
                    reason TEXT,
                    sop TEXT,
                    studyId INTEGER REFERENCES study(id)
                );
                CREATE TABLE instance (
                    sop TEXT PRIMARY KEY,
                    studyId INTEGER NOT NULL REFERENCES study(id),
                    fileId INTEGER REFERENCES file(id) ON DELETE SET NULL,
                    hash TEXT NOT NULL
                );
                CREATE INDEX file_state ON file(state);
                CREATE INDEX instance_study ON instance(studyId);
                """)
        }
        // v2: the scheduler job of a version processed remotely (`watch --executor slurm`).
        migrator.registerMigration("v2") { db in
            try db.execute(sql: "ALTER TABLE study ADD COLUMN jobID TEXT")
        }
        return migrator
    }

    static func reason(_ error: Error) -> String {
        if let e = error as? DatabaseError { return "SQLite error \(e.resultCode.rawValue): \(e.message ?? "")" }
        return "\(error)"
    }

    /// Runs a write transaction, mapping database errors to ``IngestError/state(reason:)``.
    func write<T>(_ body: (Database) throws -> T) throws -> T {
        do { return try queue.write(body) } catch let error as IngestError { throw error } catch {
            throw IngestError.state(reason: Self.reason(error))
        }
    }

    /// Runs a read.
    func read<T>(_ body: (Database) throws -> T) throws -> T {
        do { return try queue.read(body) } catch {
            throw IngestError.state(reason: Self.reason(error))
        }
    }
}
