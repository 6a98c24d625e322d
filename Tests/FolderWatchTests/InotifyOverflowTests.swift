import Foundation
import Testing
import TestSupport
@testable import FolderWatch

#if os(Linux)
/// Real `IN_Q_OVERFLOW` (notes/ingest.md §0.3, case 18): more events than `max_queued_events` arrive
/// before the waiter reads; the source must say `.overflow` (never swallow it), and a full scan then finds
/// every file.
@Suite("InotifyHints overflow")
struct InotifyOverflowTests {
    /// The kernel's per-instance queue limit (16384 by default; not settable unprivileged).
    static var queueLimit: Int? {
        guard let text = try? String(contentsOfFile: "/proc/sys/fs/inotify/max_queued_events", encoding: .utf8) else { return nil }
        return Int(text.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// Creates `count` one-byte files named `<prefix><n>` in `folder` (each raises CREATE, MODIFY, CLOSE_WRITE).
    static func burst(_ count: Int, in folder: URL, prefix: String) {
        for n in 0..<count {
            let fd = open(folder.appendingPathComponent("\(prefix)\(n)").path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
            guard fd >= 0 else { continue }
            _ = write(fd, "x", 1)
            close(fd)
        }
    }

    @Test("thousands of files at once overflow the queue: reported as .overflow, and a rescan finds them all")
    func overflowIsReported() throws {
        guard let limit = Self.queueLimit, limit <= 60_000 else {
            print("skipped: max_queued_events unreadable or too large for a quick overflow")
            return
        }
        let root = try TestPaths.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let hints = try InotifyHints(root: root.path)
        hints.watch(directories: [""])
        let count = limit / 3 + 500  // three events per file: just over the limit
        Self.burst(count, in: root, prefix: "f")
        #expect(hints.wait(timeout: 5) == .overflow)
        #expect(try TreeScan.walk(root.path).files.count == count)
        // The queue is drained: the next change is an ordinary hint again.
        Self.burst(3, in: root, prefix: "g")
        #expect(hints.wait(timeout: 5) == .changed)
    }

    @Test("below the limit the same burst is an ordinary change (the comparison is not always .overflow)")
    func noOverflowBelowTheLimit() throws {
        guard let limit = Self.queueLimit else { return }
        let root = try TestPaths.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let hints = try InotifyHints(root: root.path)
        hints.watch(directories: [""])
        Self.burst(min(1000, limit / 4), in: root, prefix: "f")
        #expect(hints.wait(timeout: 5) == .changed)
        #expect(hints.wait(timeout: 0.05) == .timeout)
    }
}
#endif
