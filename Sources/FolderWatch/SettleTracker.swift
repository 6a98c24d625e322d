/// Decides when files have settled: a file is settled once a scan has seen it unchanged (same size,
/// modification time, inode) for at least the quiet period on the monotonic clock.
///
/// Modification times are compared only for equality, never against the clock, so files copied with
/// old (`cp -p`) or future times are neither "instantly stable" nor "never stable". The tracker lives in
/// memory: after a restart every file starts a fresh quiet period (nothing becomes ready early; a crash
/// only delays).
public struct SettleTracker: Sendable {
    /// A file's last observation and when (monotonic seconds) it last changed.
    public struct Entry: Sendable, Equatable {
        public var observation: FileObservation
        public var changedAt: Double
    }

    /// Seconds a file must stay unchanged.
    public var quietPeriod: Double
    /// Current entries by relative path.
    public private(set) var entries: [String: Entry] = [:]

    /// Creates a tracker. - Precondition: `quietPeriod ≥ 0`.
    public init(quietPeriod: Double) {
        precondition(quietPeriod >= 0, "the quiet period cannot be negative")
        self.quietPeriod = quietPeriod
    }

    /// What one reconciliation changed.
    public struct Changes: Sendable, Equatable {
        /// Paths seen for the first time.
        public var added: [String] = []
        /// Paths whose size, time or inode changed.
        public var modified: [String] = []
        /// Paths no longer present.
        public var removed: [String] = []
        /// Whether anything changed.
        public var isEmpty: Bool { added.isEmpty && modified.isEmpty && removed.isEmpty }
    }

    /// Reconciles with a full scan taken at monotonic time `now`.
    public mutating func update(with files: [FileObservation], at now: Double) -> Changes {
        var changes = Changes()
        var seen = Set<String>()
        seen.reserveCapacity(files.count)
        for file in files {
            seen.insert(file.path)
            if let old = entries[file.path] {
                if old.observation != file {
                    entries[file.path] = Entry(observation: file, changedAt: now)
                    changes.modified.append(file.path)
                }
            } else {
                entries[file.path] = Entry(observation: file, changedAt: now)
                changes.added.append(file.path)
            }
        }
        for path in entries.keys where !seen.contains(path) {
            entries[path] = nil
            changes.removed.append(path)
        }
        changes.removed.sort()
        return changes
    }

    /// Whether `path` has been unchanged for the quiet period at `now`.
    public func isSettled(_ path: String, at now: Double) -> Bool {
        guard let entry = entries[path] else { return false }
        return now - entry.changedAt >= quietPeriod
    }

    /// The latest change time among `paths` (monotonic seconds), or `nil` if none is tracked.
    public func lastChange(among paths: some Sequence<String>) -> Double? {
        paths.compactMap { entries[$0]?.changedAt }.max()
    }
}
