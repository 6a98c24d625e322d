/// Knobs of ``Watcher``, with the defaults documented in the README.
public struct WatcherConfiguration: Sendable {
    /// Seconds a file must stay unchanged before it is read, and a study must see no new or changed
    /// file before it is processed (monotonic clock). Default 30 s (Orthanc 60 s, MONAI 5 s, CTP 2×20 s).
    public var quietPeriod: Double = 30
    /// Seconds an unreadable settled file gets to become readable before it is quarantined (a slow
    /// writer that pauses longer than the quiet period). Default 60 s.
    public var gracePeriod: Double = 60
    /// Seconds between full rescans even when notifications say nothing. Default 60 s; polling mode
    /// rescans every ``pollInterval``.
    public var rescanInterval: Double = 60
    /// Seconds between scans in polling mode, and the longest wait for a notification. Default 5 s.
    public var pollInterval: Double = 5
    /// Failed processing attempts before a study is quarantined. Default 3.
    public var maxAttempts: Int = 3
    /// Seconds before a failed study is tried again (doubles per attempt). Default 60 s.
    public var retryDelay: Double = 60
    /// Studies processed at the same time. Default 1.
    public var jobs: Int = 1
    /// Keep the previous version of a study under `.radstation/previous/` when a new one is published.
    public var keepPreviousVersion: Bool = false
    /// Bytes that must stay free on the output file system: below it no study is started, a finished one
    /// is not published, and a failure counts as "disk full" (retried, never an attempt). Default 64 MiB —
    /// stages that hit `ENOSPC` record a failed stage rather than throwing, so the watcher also looks.
    public var minimumFreeBytes: Int64 = 64 << 20

    public init() {}
}

/// Points where tests inject a simulated crash (the watcher stops dead there, like `kill -9`).
public enum FaultPoint: String, Sendable, CaseIterable {
    /// After the version was claimed in the database, before any output.
    case afterClaim
    /// While the processor is writing outputs into the work folder (reported by the processor through
    /// ``Watcher/fault``; the watcher itself never reaches it).
    case duringProcessing
    /// After the processor wrote its outputs into the work folder, before publication.
    case afterProcessing
    /// After `version.json` is written into the work folder, before it is synced and renamed into place
    /// (where an output disk fills up: `fsync` and `rename` report `ENOSPC`).
    case beforePublish
    /// After a study version was submitted to the scheduler, before the database records its job id.
    case afterSubmit
    /// After the outputs were renamed into place, before the database records it.
    case afterPublish
    /// Inside the database transaction that records the published version, before it commits.
    case duringCommit
    /// While a settled file is read to identify it (reached by the CLI's isolated identification; the
    /// study-key filter of the test hook then matches the file's name).
    case duringIdentification
}
