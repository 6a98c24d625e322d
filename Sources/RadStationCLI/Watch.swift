import ArgumentParser
import ClusterExecution
import Cohort
import DICOMBackend
import FolderWatch
import Foundation
import Ingest
import Logging
import Pipeline

/// Set by SIGTERM/SIGINT: the watcher finishes its current pass and exits; pending studies complete after
/// the next start (their state is durable).
nonisolated(unsafe) private var stopRequested: sig_atomic_t = 0

/// `radstation watch <export> --out <dir>`: turns every complete study of a PACS export folder into outputs.
struct Watch: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Watch a PACS export folder and process every complete study once, crash-safe.",
        discussion: """
            Scans are the truth and inotify only a hint: full rescans every --rescan-seconds, right after each \
            hint, and every --poll-seconds with --poll (network mounts). A file is read once unchanged for \
            --quiet-seconds; a study is processed once none of its files changed for --quiet-seconds. A late \
            instance makes a new version, published atomically in place of the old one. State (SQLite): \
            <out>/.radstation/state.sqlite; one watcher per output folder. Output folders are keyed hashes of \
            the study UID (key in <out>/.radstation/pseudonym.key). Each study attempt runs in its own process \
            (--attempt-timeout, --attempt-memory-mb); the attempt is counted before it starts, so a study that \
            crashes its process is quarantined after --max-attempts like any failing study. With --executor slurm each \
            study version is one sbatch job instead (--partition, --cpus-per-task, --mem, --time), its job id kept in the \
            state database, followed again after a restart. See `radstation status <out>`.
            """)

    @Argument(help: "The export folder to watch.")
    var export: String

    @Option(name: .long, help: "Output folder (also holds the state under .radstation/).")
    var out: String

    @Option(name: .long, help: "Pipeline configuration (YAML), as for `process`.")
    var config: String?

    @Option(help: "Seconds a file and a study must stay unchanged.")
    var quietSeconds: Double = 30

    @Option(help: "Seconds an unreadable settled file gets before it is quarantined.")
    var graceSeconds: Double = 60

    @Option(help: "Seconds between full rescans without hints.")
    var rescanSeconds: Double = 60

    @Option(help: "Seconds between scans with --poll, and the longest wait for a hint.")
    var pollSeconds: Double = 5

    @Flag(help: "Polling only (no inotify): for NFS/SMB mounts, where other hosts' writes raise no events.")
    var poll = false

    @Option(help: "Studies processed at the same time.")
    var jobs: Int = 1

    @Option(help: "Failed attempts before a study is quarantined.")
    var maxAttempts: Int = 3

    @Option(help: "Seconds before a failed study is retried (doubles per attempt).")
    var retrySeconds: Double = 60

    @Option(help: "Megabytes that must stay free on the output disk; below it studies wait (a full disk is retried, never counted).")
    var minFreeMB: Int = 64

    @OptionGroup var attempt: AttemptOptions

    @Option(help: "Where studies run: local (child processes of the watcher, --jobs at once) or slurm (one sbatch job each; the job ids are kept in the state database).")
    var executor: Executor = .local

    @OptionGroup(title: "Slurm (with --executor slurm)") var slurm: SlurmOptions

    @Flag(help: "Exit once every file is settled and every study processed or quarantined (for batch runs and tests).")
    var once = false

    @Option(help: "Log format on stderr: text or json.")
    var logFormat: LogFormat = .text

    @Flag(help: "Also log every scan (debug level).")
    var verbose = false

    func validate() throws {
        guard quietSeconds >= 0, graceSeconds >= 0, pollSeconds > 0, rescanSeconds > 0, retrySeconds >= 0 else {
            throw ValidationError("times must be positive")
        }
        guard minFreeMB >= 0 else { throw ValidationError("--min-free-mb must not be negative") }
        guard jobs >= 1, maxAttempts >= 1 else { throw ValidationError("--jobs and --max-attempts must be at least 1") }
    }

    func run() throws {
        let processing = try config.map { try ProcessConfiguration.read(URL(fileURLWithPath: $0)) } ?? ProcessConfiguration()
        var configuration = WatcherConfiguration()
        configuration.quietPeriod = quietSeconds
        configuration.gracePeriod = graceSeconds
        configuration.rescanInterval = rescanSeconds
        configuration.pollInterval = pollSeconds
        configuration.jobs = jobs
        configuration.maxAttempts = maxAttempts
        configuration.retryDelay = retrySeconds
        configuration.minimumFreeBytes = Int64(minFreeMB) << 20
        let output = URL(fileURLWithPath: out)
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        let names = try Pseudonymizer.loadOrCreate(at: output.appendingPathComponent(Conversion.keyFile))
        let logger = RadStationLog.logger("radstation.watch", format: logFormat, level: verbose ? .debug : .info)
        let fault = FaultInjection.fromEnvironment()
        let runner = StudyAttemptRunner(limits: attempt.limits, keyFile: output.appendingPathComponent(Conversion.keyFile).path)
        // The export folder holds the studies' DICOM files: with dicom_seg the course writes its Lipiodol SEG.
        let refresh = PatientAndCohortRefresh(output: output, configuration: processing,
                                              dicomFolders: [URL(fileURLWithPath: export)], logger: logger)
        defer { refresh.drain() }
        let watcher: Watcher
        do {
            watcher = try Watcher(export: export, output: out, configuration: configuration,
                                  identifier: IsolatedIdentifier(names: names, keyFile: runner.keyFile,
                                                                 scratch: output.appendingPathComponent(".radstation/work").path),
                                  processor: IsolatedPipelineProcessor(configuration: processing, runner: runner),
                                  log: { event in
                                      Self.log(event, to: logger)
                                      // After every publication: the patient's course, then the cohort table and
                                      // dashboard (which shows the course's response.json), in the background.
                                      if event.message == "published" || event.message == "recovered a published version",
                                         let key = event.studyKey {
                                          refresh.schedule(after: key)
                                      }
                                  })
        } catch let error as IngestError {
            logger.error("\(error)")
            throw ExitCode.failure
        }
        // Work a previous watcher may have left queued when it was stopped: rebuilt from the published folders.
        refresh.schedule(after: nil)
        if executor == .slurm {
            guard SlurmCommands().isInstalled else { throw ClusterExecutionError.commandNotFound("sbatch") }
            watcher.executor = SlurmStudyExecutor(configuration: processing, resources: try slurm.resources(), executable: slurm.executable,
                                                  keyFile: runner.keyFile, limits: attempt.limits)
        }
        if let fault { watcher.fault = { point, key in fault.reach(point, studyKey: key) } }
        signal(SIGTERM) { _ in stopRequested = 1 }
        signal(SIGINT) { _ in stopRequested = 1 }
        // A parent may have started us with these blocked (the mask is inherited across exec): unblock them,
        // or a polite stop would stay pending until a SIGKILL.
        var stopSignals = sigset_t()
        sigemptyset(&stopSignals)
        sigaddset(&stopSignals, SIGTERM)
        sigaddset(&stopSignals, SIGINT)
        pthread_sigmask(SIG_UNBLOCK, &stopSignals, nil)
        var hints: ChangeHints = PollingHints()
        if !poll {
            do { hints = try InotifyHints(root: export) } catch {
                logger.warning("\(error)")
            }
        }
        if once {
            try watcher.run(hints: hints) { stopRequested != 0 || ((try? watcher.isIdle()) ?? false) }
            let status = try watcher.status()
            if (status.studies[.quarantined] ?? 0) + (status.studies[.failed] ?? 0) > 0 { throw RadStationCommand.partialSuccess }
        } else {
            try watcher.run(hints: hints) { stopRequested != 0 }
        }
    }

    /// Where the watcher's studies run.
    enum Executor: String, ExpressibleByArgument, CaseIterable {
        case local, slurm
    }

    /// Forwards a watcher event to swift-log: the study key and the event's fields become metadata.
    static func log(_ event: IngestEvent, to logger: Logger) {
        var metadata: Logger.Metadata = [:]
        for (k, v) in event.fields { metadata[k] = .string(v) }
        if let key = event.studyKey { metadata["study"] = .string(key) }
        let level: Logger.Level
        switch event.level {
        case .debug: level = .debug
        case .info: level = .info
        case .warning: level = .warning
        case .error: level = .error
        }
        logger.log(level: level, "\(event.message)", metadata: metadata)
    }
}
