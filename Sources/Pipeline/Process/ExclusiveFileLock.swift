import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// An exclusive advisory lock (`flock`) on a lock file, held while a closure runs: serialises the writers of
/// one output folder's shared files (the patient registry, the cohort folder) across threads and processes.
/// The lock dies with its holder, so a killed process never leaves it held.
public enum ExclusiveFileLock {
    /// Runs `body` holding the lock on `url` (created with mode 0600 when absent, its folder too).
    /// - Throws: ``PipelineError/output(_:)`` naming `what` when the lock cannot be taken; whatever `body` throws.
    public static func withLock<T>(at url: URL, what: String, _ body: () throws -> T) throws -> T {
        try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let fd = open(url.path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw PipelineError.output("cannot open the \(what) lock") }
        defer { close(fd) }
        while flock(fd, LOCK_EX) != 0 {
            guard errno == EINTR else { throw PipelineError.output("cannot lock the \(what)") }
        }
        defer { flock(fd, LOCK_UN) }
        return try body()
    }
}
