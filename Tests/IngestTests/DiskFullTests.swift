import Foundation
import FolderWatch
import Testing
import TestSupport
@testable import Ingest

/// An output disk that fills up (notes/ingest.md case 17), through two seams: the processor's writes fail
/// with `ENOSPC`, or the publication step (`fsync`/`rename` of the work folder) does. Either way no partial
/// output is visible, the study is retried without counting an attempt, and it completes once space is back.
@Suite("Output disk full")
struct DiskFullTests {
    /// Fails the publication step with the error `DurableFiles` raises for `ENOSPC` while `full` is set.
    final class Disk: @unchecked Sendable {
        private let lock = NSLock()
        private var isFull = true
        private(set) var refusals = 0
        var full: Bool {
            get { lock.withLock { isFull } }
            set { lock.withLock { isFull = newValue } }
        }
        func publish(_ point: FaultPoint, _ key: String) throws {
            guard point == .beforePublish, full else { return }
            lock.withLock { refusals += 1 }
            throw IngestError.output(reason: "fsync failed (\(String(cString: strerror(ENOSPC))))")
        }
    }

    /// Only the published trees and the state folder; the work area of a failed attempt is gone.
    func expectNothingVisible(_ bench: Bench, sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(try bench.outputTrees().isEmpty, sourceLocation: sourceLocation)
        #expect(bench.scratchIsEmpty(), sourceLocation: sourceLocation)
    }

    @Test("the processor's writes fail with ENOSPC: nothing visible, never quarantined, completes when space is back")
    func processorOutOfSpace() throws {
        let bench = try Bench()
        defer { bench.cleanUp() }
        bench.processor.diskFull = ["st-a"]
        for i in 1...2 { try bench.put("a/\(i).dcm", study: "A", sop: "A.\(i)") }
        let watcher = try bench.watcher()
        // Many more failures than maxAttempts (3): a full disk is not the study's fault.
        try bench.settle(watcher, steps: 8, seconds: 200)
        try expectNothingVisible(bench)
        let status = try watcher.status()
        #expect(status.studies[.failed] == 1 && status.studies[.quarantined] == nil)
        #expect(status.rows.first?.attempts == 0)
        #expect(status.rows.first?.reason?.contains("disk is full") == true)
        bench.processor.diskFull = []
        try bench.settle(watcher, steps: 2, seconds: 200)
        #expect(bench.version("st-a") == 1)
        #expect(bench.published("st-a")?.split(separator: "\n").count == 2)
        #expect(try watcher.status().studies[.done] == 1)
    }

    @Test("an ordinary processing error still counts (the classifier is not always true)")
    func ordinaryFailureCounts() throws {
        #expect(!OutputSpace.isExhausted(IngestError.configuration(reason: "poison study")))
        #expect(!OutputSpace.isExhausted(POSIXError(.EACCES)))
        #expect(!OutputSpace.isExhausted(CocoaError(.fileWriteNoPermission)))
        #expect(OutputSpace.isExhausted(POSIXError(.EDQUOT)))
        #expect(OutputSpace.isExhausted(NSError(domain: NSPOSIXErrorDomain, code: Int(ENOSPC))))
        #expect(OutputSpace.isExhausted(CocoaError(.fileWriteUnknown, userInfo: [NSUnderlyingErrorKey: POSIXError(.ENOSPC)])))
    }

    @Test("publication fails with ENOSPC: no partial tree, the previous version stays intact, the new one lands later")
    func publicationOutOfSpace() throws {
        let bench = try Bench()
        defer { bench.cleanUp() }
        try bench.put("a/1.dcm", study: "A", sop: "A.1")
        let disk = Disk()
        disk.full = false
        let watcher = try bench.watcher(fault: disk.publish)
        try bench.settle(watcher)
        #expect(bench.version("st-a") == 1)
        // A late instance makes version 2; the disk is full when it is published.
        disk.full = true
        try bench.put("a/2.dcm", study: "A", sop: "A.2")
        try bench.settle(watcher, steps: 6, seconds: 200)
        #expect(disk.refusals >= 3)
        #expect(try bench.outputTrees() == ["st-a"])
        #expect(bench.version("st-a") == 1)
        #expect(bench.published("st-a")?.split(separator: "\n").count == 1)
        #expect(bench.scratchIsEmpty())
        #expect(try watcher.status().studies[.quarantined] == nil)
        disk.full = false
        try bench.settle(watcher, steps: 2, seconds: 200)
        #expect(bench.version("st-a") == 2)
        #expect(bench.published("st-a")?.split(separator: "\n").count == 2)
        #expect(bench.scratchIsEmpty())
    }

    /// A simulated free-space gauge for the watcher's `freeSpace` seam.
    final class Gauge: @unchecked Sendable {
        private let lock = NSLock()
        private var bytes: Int64
        init(_ bytes: Int64) { self.bytes = bytes }
        var free: Int64 {
            get { lock.withLock { bytes } }
            set { lock.withLock { bytes = newValue } }
        }
    }

    @Test("a nearly full output disk: no study starts, one warning, the study runs once space is back")
    func nearlyFullBeforeStart() throws {
        let bench = try Bench()
        defer { bench.cleanUp() }
        try bench.put("a/1.dcm", study: "A", sop: "A.1")
        let gauge = Gauge(1 << 20)
        let events = OverflowRescanTests.Events()
        let watcher = try Watcher(export: bench.export.path, output: bench.output.path, configuration: bench.configuration,
                                  identifier: TextIdentifier(), processor: bench.processor, clock: bench.clock, log: { events.append($0) })
        watcher.freeSpace = { _ in gauge.free }
        try bench.settle(watcher, steps: 5, seconds: 200)
        #expect(bench.processor.count == 0)
        #expect(try bench.outputTrees().isEmpty)
        #expect(events.all.filter { $0.message.contains("nearly full") }.count == 1)
        gauge.free = 1 << 40
        try bench.settle(watcher, steps: 1, seconds: 200)
        #expect(bench.version("st-a") == 1)
    }

    @Test("the disk fills while a study is processed (a stage records ENOSPC, no throw): not published, retried, no attempt")
    func fillsDuringProcessing() throws {
        let bench = try Bench()
        defer { bench.cleanUp() }
        try bench.put("a/1.dcm", study: "A", sop: "A.1")
        let gauge = Gauge(1 << 40)
        bench.processor.onProcess = { _ in gauge.free = 0 }
        let watcher = try bench.watcher()
        watcher.freeSpace = { _ in gauge.free }
        try bench.settle(watcher, steps: 3, seconds: 11)
        #expect(bench.processor.count == 1)
        try expectNothingVisible(bench)
        let status = try watcher.status()
        #expect(status.studies[.failed] == 1 && status.rows.first?.attempts == 0)
        bench.processor.onProcess = nil
        gauge.free = 1 << 40
        try bench.settle(watcher, steps: 2, seconds: 200)
        #expect(bench.version("st-a") == 1)
        #expect(try watcher.status().studies[.done] == 1)
    }

    @Test("the real gauge reads this file system (statvfs); an absent path gives nil")
    func realGauge() throws {
        let free = try #require(OutputSpace.available(at: NSTemporaryDirectory()))
        #expect(free > 0)
        #expect(OutputSpace.available(at: "/nonexistent-\(UUID().uuidString)") == nil)
    }
}
