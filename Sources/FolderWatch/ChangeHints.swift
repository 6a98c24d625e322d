#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a hint source says after waiting.
public enum ChangeHint: Sendable, Equatable {
    /// Nothing happened before the timeout.
    case timeout
    /// Something changed (created, written, closed, moved, deleted) somewhere in the tree.
    case changed
    /// The kernel queue overflowed: events were lost, a full rescan is the only correct response.
    case overflow
}

/// A source of "something changed, rescan soon" hints. Hints never replace scans: the watcher rescans
/// periodically whatever the source says (notes/ingest.md §0.3).
public protocol ChangeHints: AnyObject {
    /// Makes sure every directory (relative to the root) is watched; called after each full scan, which
    /// also covers files created in a new directory before its watch existed.
    func watch(directories: [String])
    /// Blocks for at most `timeout` seconds, until a hint arrives.
    func wait(timeout: Double) -> ChangeHint
}

/// No notifications: sleeps for the timeout. The mode for network mounts (NFS/SMB do not report
/// other hosts' writes to inotify) and the fallback when inotify is unavailable.
public final class PollingHints: ChangeHints {
    /// Creates a polling source.
    public init() {}
    public func watch(directories: [String]) {}
    public func wait(timeout: Double) -> ChangeHint {
        if timeout > 0 { usleep(UInt32(min(timeout, 3600) * 1_000_000)) }
        return .timeout
    }
}

#if os(Linux)
/// Linux inotify (man 7 inotify): one non-recursive watch per directory; create, close-after-write,
/// move and delete events; `IN_Q_OVERFLOW` reported as ``ChangeHint/overflow``.
public final class InotifyHints: ChangeHints {
    private let root: String
    private let fd: Int32
    private var watched: Set<String> = []
    /// Set when a watch could not be added (e.g. `max_user_watches`): callers should poll more often.
    public private(set) var isDegraded = false

    /// Opens an inotify instance for the tree under `root`.
    /// - Throws: ``FolderWatchError/notificationsUnavailable(reason:)`` (e.g. too many instances).
    public init(root: String) throws {
        self.root = root
        fd = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard fd >= 0 else { throw FolderWatchError.notificationsUnavailable(reason: String(cString: strerror(errno))) }
    }

    deinit { close(fd) }

    public func watch(directories: [String]) {
        let mask = UInt32(IN_CREATE | IN_CLOSE_WRITE | IN_MODIFY | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE | IN_ATTRIB | IN_DONT_FOLLOW | IN_ONLYDIR)
        for directory in directories where !watched.contains(directory) {
            let path = directory.isEmpty ? root : root + "/" + directory
            if inotify_add_watch(fd, path, mask) >= 0 {
                watched.insert(directory)
            } else {
                isDegraded = true
            }
        }
    }

    public func wait(timeout: Double) -> ChangeHint {
        var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        let ready = poll(&descriptor, 1, Int32(max(0, min(timeout, 3600)) * 1000))
        guard ready > 0 else { return .timeout }
        // Drain everything queued; report overflow if any event says so.
        var overflow = false
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n <= 0 { break }
            var offset = 0
            while offset + MemoryLayout<inotify_event>.size <= n {
                let (mask, length) = buffer.withUnsafeBytes { raw -> (UInt32, Int) in
                    let event = raw.loadUnaligned(fromByteOffset: offset, as: inotify_event.self)
                    return (event.mask, Int(event.len))
                }
                if mask & UInt32(IN_Q_OVERFLOW) != 0 { overflow = true }
                if mask & UInt32(IN_IGNORED) != 0 { watched.removeAll() }  // a watched directory went away: re-add on next scan
                offset += MemoryLayout<inotify_event>.size + length
            }
        }
        return overflow ? .overflow : .changed
    }
}
#endif
