#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An exclusive advisory lock (`flock(LOCK_EX | LOCK_NB)`) on a file in the state folder: one watcher per
/// output folder. The kernel drops it when the process dies, even by `kill -9`, so a crash never leaves
/// a stale lock behind.
public final class FolderLock: @unchecked Sendable {
    private let fd: Int32

    /// Takes the lock at `path`, creating the file.
    /// - Throws: ``IngestError/alreadyRunning`` when another process holds it,
    ///   ``IngestError/state(reason:)`` when the file cannot be opened.
    public init(path: String) throws {
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw IngestError.state(reason: "cannot open the lock file (\(String(cString: strerror(errno))))") }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let busy = errno == EWOULDBLOCK
            close(fd)
            if busy { throw IngestError.alreadyRunning }
            throw IngestError.state(reason: "cannot lock the state folder (\(String(cString: strerror(errno))))")
        }
    }

    deinit {
        flock(fd, LOCK_UN)
        close(fd)
    }
}
