/// Errors of the watcher's file-system layer. Messages name the problem and the errno text, never a
/// path below the watched root (folder names may carry patient names).
public enum FolderWatchError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The watched root itself cannot be opened or listed.
    case rootUnavailable(reason: String)
    /// inotify could not be set up (e.g. instance limit); callers fall back to polling.
    case notificationsUnavailable(reason: String)

    public var description: String {
        switch self {
        case .rootUnavailable(let reason): return "the watched folder cannot be read: \(reason)"
        case .notificationsUnavailable(let reason): return "file notifications are unavailable (\(reason)); polling only"
        }
    }
}
