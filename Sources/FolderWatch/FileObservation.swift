/// What one scan saw of one regular file: enough to tell whether it changed since the last scan.
///
/// Equality of two observations (same size, modification time, inode and device) is the "unchanged"
/// test of the settle rule; content hashes are the caller's business.
public struct FileObservation: Sendable, Hashable {
    /// Path relative to the watched root, components joined by "/". Never logged: folder names written
    /// by some receivers carry patient names.
    public var path: String
    /// Size in bytes.
    public var size: Int64
    /// Modification time, nanoseconds since the Unix epoch (only compared for equality, never trusted
    /// as a clock: copies with `cp -p` or `rsync -t` carry old times).
    public var modified: Int64
    /// Inode number: a file replaced under the same name is a change even at the same size and time.
    public var inode: UInt64
    /// Device number of the file system.
    public var device: UInt64

    /// Creates an observation.
    public init(path: String, size: Int64, modified: Int64, inode: UInt64, device: UInt64) {
        self.path = path
        self.size = size
        self.modified = modified
        self.inode = inode
        self.device = device
    }
}
