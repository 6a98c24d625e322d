/// Errors of the ingest layer. Messages name what failed and why; never a tag value, a UID or a path
/// below the export folder.
public enum IngestError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Another watcher holds the state folder's lock.
    case alreadyRunning
    /// The state database cannot be opened, migrated or written.
    case state(reason: String)
    /// An output or work file could not be written (e.g. the disk is full): retried later.
    case output(reason: String)
    /// The pipeline configuration is invalid (checked before any work starts).
    case configuration(reason: String)

    public var description: String {
        switch self {
        case .alreadyRunning: return "another watcher is already running on this output folder (its lock is held); refusing to start a second one"
        case .state(let reason): return "the watcher state database failed: \(reason)"
        case .output(let reason): return "writing outputs failed: \(reason)"
        case .configuration(let reason): return "invalid watcher configuration: \(reason)"
        }
    }
}
