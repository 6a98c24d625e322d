import FolderWatch
import Foundation

/// Turns a PACS export folder into published study outputs: once per study version, crash-safe, losing
/// nothing (notes/ingest.md §3–§5).
///
/// One ``step()`` = full scan → reconcile with the durable state → identify settled files → process
/// every study that has been quiet for the quiet period. ``run(hints:until:)`` loops, waking early on
/// notification hints. Layout under the output folder:
///
/// ```text
/// <out>/<studyKey>/            published outputs of the latest version (version.json names it)
/// <out>/.radstation/state.sqlite, watch.lock, work/ (private snapshots), trash/, previous/,
///                      jobs/ (snapshots and outputs of versions running as scheduler jobs; kept across restarts)
/// ```
///
/// Recovery needs no journal beyond the database: `work/` and `trash/` are emptied at start; a study
/// left `processing` is finished if `<studyKey>/version.json` proves its version was published (crash
/// after publish, before commit), else processed again.
public final class Watcher: @unchecked Sendable {
    public let exportFolder: String
    public let outputFolder: String
    public let configuration: WatcherConfiguration
    let store: StateStore
    let identifier: InstanceIdentifier
    let processor: StudyProcessor
    let clock: WatchClock
    let lock: FolderLock
    let log: @Sendable (IngestEvent) -> Void
    /// Test hook: throws to simulate a crash at a point.
    public var fault: (@Sendable (FaultPoint, String) throws -> Void)?
    /// Runs study versions as jobs of a batch scheduler (Slurm) instead of through ``processor`` in this
    /// process; `nil` (the default) processes locally. Set before the first ``step()``.
    public var executor: RemoteStudyExecutor?
    /// Whether leftover job folders of finished versions were removed (once per start).
    var jobFoldersCleaned = false
    /// Free bytes on the output file system (``OutputSpace/available(at:)``; a seam for disk-full tests).
    public var freeSpace: @Sendable (String) -> Int64? = { OutputSpace.available(at: $0) }

    var tracker: SettleTracker
    var unreadableSince: [String: Double] = [:]
    /// When failed studies may be retried (monotonic seconds); guarded by `retryLock` (jobs run in parallel).
    var retryAt: [Int64: Double] = [:]
    let retryLock = NSLock()
    var lastScanAt: Double = -.infinity
    /// Whether the last look found the output disk short of ``WatcherConfiguration/minimumFreeBytes`` (logged once).
    var diskWasLow = false
    /// Directories seen by the last scan (for notification watches).
    public private(set) var directories: [String] = []

    var stateFolder: String { outputFolder + "/.radstation" }
    var workFolder: String { stateFolder + "/work" }
    var trashFolder: String { stateFolder + "/trash" }

    /// Opens the state under `<output>/.radstation`, takes the lock, and recovers from any crash.
    /// - Throws: ``IngestError/alreadyRunning`` if another watcher runs on `output`; state errors.
    public init(export: String, output: String, configuration: WatcherConfiguration = WatcherConfiguration(),
                identifier: InstanceIdentifier, processor: StudyProcessor, clock: WatchClock = MonotonicClock(),
                log: @escaping @Sendable (IngestEvent) -> Void = { _ in }) throws {
        exportFolder = export
        outputFolder = output
        self.configuration = configuration
        self.identifier = identifier
        self.processor = processor
        self.clock = clock
        self.log = log
        tracker = SettleTracker(quietPeriod: configuration.quietPeriod)
        try DurableFiles.makeFolder(output + "/.radstation")
        lock = try FolderLock(path: output + "/.radstation/watch.lock")
        store = try StateStore(path: output + "/.radstation/state.sqlite")
        DurableFiles.remove(output + "/.radstation/work")
        DurableFiles.remove(output + "/.radstation/trash")
    }

    /// Loops until `stop()` returns true (checked after each pass): scans at least every ``WatcherConfiguration/rescanInterval``
    /// (every ``WatcherConfiguration/pollInterval`` with polling hints), and right after a hint.
    public func run(hints: ChangeHints, until stop: () -> Bool) throws {
        while true {
            try step()
            if stop() { return }
            hints.watch(directories: directories)
            let hint = hints.wait(timeout: configuration.pollInterval)
            if hint == .overflow { log(IngestEvent(.warning, "notification queue overflowed; full rescan")) }
        }
    }

    /// One reconciliation and processing pass.
    public func step() throws {
        try scan()
        try identifySettledFiles()
        try pollRemoteJobs()
        try processQuietStudies()
    }

    /// Full scan → state.
    func scan() throws {
        let now = clock.now()
        let tree: TreeScan
        do { tree = try TreeScan.walk(exportFolder) } catch let error as FolderWatchError {
            log(IngestEvent(.error, error.description))
            return
        }
        lastScanAt = now
        directories = tree.directories
        let changes = tracker.update(with: tree.files, at: now)
        if !changes.isEmpty {
            try store.observe(tree.files.filter { changes.added.contains($0.path) || changes.modified.contains($0.path) })
            try store.forget(changes.removed)
            for p in changes.modified + changes.removed { unreadableSince[p] = nil }
            log(IngestEvent(.debug, "scan", fields: ["added": "\(changes.added.count)", "modified": "\(changes.modified.count)",
                                                     "removed": "\(changes.removed.count)"]))
        }
    }

    /// Identifies every pending file that has settled.
    func identifySettledFiles() throws {
        let now = clock.now()
        let settled = try store.pendingPaths().filter { tracker.isSettled($0, at: now) }
        let identifications = settled.isEmpty ? [] : identifier.identify(paths: settled.map { exportFolder + "/" + $0 })
        for (path, identification) in zip(settled, identifications) {
            let absolute = exportFolder + "/" + path
            switch identification {
            case .instance:
                guard let hash = try? DurableFiles.sha256(of: absolute) else { continue }  // vanished: next scan forgets it
                let outcome = try store.record(path: path, as: identification, hash: hash)
                if outcome == .conflict {
                    log(IngestEvent(.warning, "quarantined a file", fields: ["reason": "same SOP Instance UID as an instance already held, different content"]))
                }
            case .unreadable(let reason):
                let since = unreadableSince[path] ?? now
                unreadableSince[path] = since
                if now - since >= configuration.gracePeriod {
                    _ = try store.record(path: path, as: identification, hash: nil)
                    unreadableSince[path] = nil
                    log(IngestEvent(.warning, "quarantined a file", fields: ["reason": reason]))
                }
            case .ignored:
                _ = try store.record(path: path, as: identification, hash: nil)
            }
        }
    }
}

extension Watcher {
    /// True when every file has been identified and no study is collecting, processing or waiting to be
    /// retried (for `--once` runs).
    public func isIdle() throws -> Bool {
        let status = try store.status()
        return (status.files[.pending] ?? 0) == 0
            && (status.studies[.collecting] ?? 0) + (status.studies[.processing] ?? 0) + (status.studies[.failed] ?? 0) == 0
    }

    /// Counts and reasons (as `radstation status`).
    public func status() throws -> StateStore.Status { try store.status() }
}
