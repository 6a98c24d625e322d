import ArgumentParser
import Ingest

/// The limits of one isolated study attempt, shared by `watch` and `process` (each study runs in a child
/// process; see ``StudyAttemptRunner``).
struct AttemptOptions: ParsableArguments {
    @Option(help: "Wall-clock seconds one study attempt may take before its process is killed (the attempt then fails).")
    var attemptTimeout: Double = 1800

    @Option(help: "Address-space limit of one study attempt's process, in MiB (RLIMIT_AS; 0: none).")
    var attemptMemoryMB: Int = 16384

    func validate() throws {
        guard attemptTimeout > 0, attemptTimeout.isFinite else { throw ValidationError("--attempt-timeout must be a positive number of seconds") }
        guard attemptMemoryMB >= 0 else { throw ValidationError("--attempt-memory-mb must not be negative") }
    }

    /// The limits these options describe.
    var limits: AttemptLimits {
        AttemptLimits(wallClockSeconds: attemptTimeout, addressSpaceBytes: attemptMemoryMB > 0 ? Int64(attemptMemoryMB) << 20 : nil)
    }
}
