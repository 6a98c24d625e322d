import Foundation
import FolderWatch
import Testing
import TestSupport
@testable import Ingest

#if os(Linux)
/// The watcher under a real inotify overflow (notes/ingest.md case 18): a burst of thousands of files
/// (dot files, which scans skip, so the database stays small) overflows the queue while study files land
/// in a brand-new folder that has no watch yet; the overflow is logged, a full rescan runs, nothing is lost.
@Suite("Watcher under inotify overflow")
struct OverflowRescanTests {
    /// Collects log events.
    final class Events: @unchecked Sendable {
        private let lock = NSLock()
        private var events: [IngestEvent] = []
        func append(_ e: IngestEvent) { lock.withLock { events.append(e) } }
        var all: [IngestEvent] { lock.withLock { events } }
    }

    @Test("overflow → logged, full rescan, every study processed once")
    func overflowLosesNothing() throws {
        guard let text = try? String(contentsOfFile: "/proc/sys/fs/inotify/max_queued_events", encoding: .utf8),
              let limit = Int(text.trimmingCharacters(in: .whitespacesAndNewlines)), limit <= 60_000 else {
            print("skipped: max_queued_events unreadable or too large for a quick overflow")
            return
        }
        var bench = try Bench()
        bench.configuration.pollInterval = 0.05  // later passes wait for nothing long
        defer { bench.cleanUp() }
        let events = Events()
        let watcher = try Watcher(export: bench.export.path, output: bench.output.path, configuration: bench.configuration,
                                  identifier: TextIdentifier(), processor: bench.processor, clock: bench.clock,
                                  log: { events.append($0) })
        let hints = try InotifyHints(root: bench.export.path)
        hints.watch(directories: [""])
        var passes = 0
        try watcher.run(hints: hints) {
            passes += 1
            if passes == 1 {
                // The burst: study files in new folders (their events are never seen) amid a flood in the root.
                for i in 1...3 { try? bench.put("late/a/\(i).dcm", study: "A", sop: "A.\(i)") }
                for n in 0..<(limit / 3 + 500) {
                    let fd = open(bench.export.appendingPathComponent(".burst\(n)").path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o600)
                    if fd >= 0 { _ = write(fd, "x", 1); close(fd) }
                }
                try? bench.put("b/1.dcm", study: "B", sop: "B.1")
            }
            bench.clock.advance(by: 11)
            return passes >= 5
        }
        #expect(events.all.contains { $0.level == .warning && $0.message.contains("overflow") })
        #expect(try bench.outputTrees() == ["st-a", "st-b"])
        #expect(bench.published("st-a")?.split(separator: "\n").count == 3)
        #expect(bench.processor.jobs.map(\.key).sorted() == ["st-a", "st-b"])
    }
}
#endif
