import Foundation
import Testing
import TestSupport
@testable import FolderWatch

@Suite("TreeScan")
struct TreeScanTests {
    func write(_ root: URL, _ relative: String, _ text: String = "x") throws {
        let url = root.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    @Test("finds regular files in nested folders; skips dot files, .partial, .tmp, symlinks and FIFOs")
    func walk() throws {
        let root = try TestPaths.temporaryFolder()
        let outside = try TestPaths.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root); try? FileManager.default.removeItem(at: outside) }
        try write(root, "a/b/1.dcm")
        try write(root, "a/2")
        try write(root, "3.dcm", "three")
        try write(root, ".hidden")
        try write(root, "a/.rsync.XyZ123")
        try write(root, "a/upload.partial")
        try write(root, "a/b/x.tmp")
        try write(outside, "secret.dcm")
        try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent("escape").path, withDestinationPath: outside.path)
        try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent("a/link.dcm").path,
                                                   withDestinationPath: outside.appendingPathComponent("secret.dcm").path)
        #expect(mkfifo(root.appendingPathComponent("a/fifo").path, 0o600) == 0)

        let scan = try TreeScan.walk(root.path)
        #expect(scan.files.map(\.path) == ["3.dcm", "a/2", "a/b/1.dcm"])
        #expect(scan.files.first?.size == 5)
        #expect(Set(scan.directories) == ["", "a", "a/b"])
        #expect(scan.skippedSpecial == 3)  // two symbolic links and a FIFO
    }

    @Test("a missing root is an error that names no path")
    func missingRoot() {
        #expect(throws: FolderWatchError.self) { try TreeScan.walk("/nonexistent-\(UUID().uuidString)") }
    }
}

@Suite("SettleTracker")
struct SettleTrackerTests {
    func observation(_ path: String, size: Int64, modified: Int64 = 1, inode: UInt64 = 7) -> FileObservation {
        FileObservation(path: path, size: size, modified: modified, inode: inode, device: 1)
    }

    @Test("a file settles after the quiet period on the monotonic clock, and any change restarts it")
    func settle() {
        var tracker = SettleTracker(quietPeriod: 10)
        let clock = ManualClock()
        var changes = tracker.update(with: [observation("a", size: 100)], at: clock.now())
        #expect(changes.added == ["a"])
        clock.advance(by: 9.9)
        #expect(!tracker.isSettled("a", at: clock.now()))
        changes = tracker.update(with: [observation("a", size: 200)], at: clock.now())  // still growing
        #expect(changes.modified == ["a"])
        clock.advance(by: 9.9)
        #expect(!tracker.isSettled("a", at: clock.now()))
        clock.advance(by: 0.1)
        #expect(tracker.isSettled("a", at: clock.now()))
        // Same size but replaced (new inode) is a change too.
        changes = tracker.update(with: [observation("a", size: 200, inode: 8)], at: clock.now())
        #expect(changes.modified == ["a"])
        #expect(!tracker.isSettled("a", at: clock.now()))
        changes = tracker.update(with: [], at: clock.now())
        #expect(changes.removed == ["a"])
        #expect(!tracker.isSettled("a", at: clock.now()))
    }

    @Test("old or future modification times neither settle a file early nor keep it from settling")
    func modificationTimesAreNotAClock() {
        var tracker = SettleTracker(quietPeriod: 5)
        _ = tracker.update(with: [observation("old", size: 1, modified: 0), observation("future", size: 1, modified: Int64.max / 2)], at: 100)
        #expect(!tracker.isSettled("old", at: 100))
        #expect(tracker.isSettled("old", at: 105))
        #expect(tracker.isSettled("future", at: 105))
    }
}

#if os(Linux)
@Suite("InotifyHints")
struct InotifyHintsTests {
    @Test("a file created in a watched folder wakes the waiter; nothing times out")
    func wakes() throws {
        let root = try TestPaths.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let hints = try InotifyHints(root: root.path)
        hints.watch(directories: [""])
        #expect(hints.wait(timeout: 0.05) == .timeout)
        try Data("x".utf8).write(to: root.appendingPathComponent("new.dcm"))
        #expect(hints.wait(timeout: 2) == .changed)
    }
}
#endif
