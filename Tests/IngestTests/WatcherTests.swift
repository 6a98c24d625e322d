import Foundation
import FolderWatch
import Testing
import TestSupport
@testable import Ingest

@Suite("Watcher")
struct WatcherTests {
    @Test("N studies → exactly N published trees, once each, after the quiet period; nothing before it")
    func endToEnd() throws {
        let bench = try Bench()
        defer { bench.cleanUp() }
        for s in 1...3 {
            for i in 1...4 { try bench.put("in/s\(s)/\(i).dcm", study: "S\(s)", sop: "S\(s).\(i)") }
        }
        let watcher = try bench.watcher()
        try watcher.step()
        bench.clock.advance(by: 9)
        try watcher.step()
        #expect(bench.processor.count == 0)
        #expect(try bench.outputTrees().isEmpty)
        try bench.settle(watcher)
        #expect(try bench.outputTrees() == ["st-s1", "st-s2", "st-s3"])
        #expect(bench.processor.count == 3)
        #expect(bench.processor.jobs.allSatisfy { $0.files == 4 && $0.version == 1 })
        try bench.settle(watcher)
        #expect(bench.processor.count == 3)  // idempotent: no new work
        #expect(bench.scratchIsEmpty())
        let status = try watcher.store.status()
        #expect(status.studies[.done] == 3)
        #expect(status.files[.accepted] == 12)
    }

    @Test("a file still growing is never read; it is processed once it stops")
    func slowWriter() throws {
        let bench = try Bench()
        defer { bench.cleanUp() }
        try bench.put("a/1.dcm", study: "A", sop: "A.1")
        try bench.putRaw("a/2.dcm", "A|A.2|da")  // partial
        let watcher = try bench.watcher()
        for n in 0..<6 {  // grows every 8 s for 48 s: longer than the quiet and grace periods together
            try watcher.step()
            bench.clock.advance(by: 8)
            try bench.putRaw("a/2.dcm", "A|A.2|da" + String(repeating: "t", count: n + 1))
        }
        #expect(bench.processor.count == 0)
        #expect(try watcher.store.status().files[.quarantined] == nil)
        try bench.put("a/2.dcm", study: "A", sop: "A.2")
        try bench.settle(watcher)
        #expect(bench.processor.jobs.map(\.files) == [2])
    }

    @Test("a late instance makes version 2, processed again and published in place of version 1")
    func lateInstance() throws {
        let bench = try Bench()
        defer { bench.cleanUp() }
        try bench.put("a/1.dcm", study: "A", sop: "A.1")
        let watcher = try bench.watcher()
        try bench.settle(watcher)
        #expect(bench.version("st-a") == 1)
        try bench.put("a/2.dcm", study: "A", sop: "A.2")
        try bench.settle(watcher)
        #expect(bench.version("st-a") == 2)
        #expect(bench.published("st-a")?.split(separator: "\n").count == 2)
        #expect(bench.processor.jobs.map(\.version) == [1, 2])
        #expect(try bench.outputTrees() == ["st-a"])
        #expect(bench.scratchIsEmpty())
    }

    @Test("identical duplicates count once; a conflicting duplicate is quarantined and the first kept")
    func duplicates() throws {
        let bench = try Bench()
        defer { bench.cleanUp() }
        try bench.put("a/1.dcm", study: "A", sop: "A.1", payload: "first")
        try bench.put("b/copy.dcm", study: "A", sop: "A.1", payload: "first")
        try bench.put("c/other.dcm", study: "A", sop: "A.1", payload: "second")
        try bench.putRaw("DICOMDIR", "whatever")
        let watcher = try bench.watcher()
        try bench.settle(watcher)
        #expect(bench.processor.jobs.map(\.files) == [1])
        #expect(bench.published("st-a") == "A|A.1|firstEND")
        let status = try watcher.store.status()
        #expect(status.files[.duplicate] == 1)
        #expect(status.files[.quarantined] == 1)
        #expect(status.files[.ignored] == 1)
        #expect(status.quarantinedFiles.first?.reason.contains("different content") == true)
    }

    @Test("truncated and non-DICOM files are quarantined after the grace period, and the study still goes through")
    func badFiles() throws {
        let bench = try Bench()
        defer { bench.cleanUp() }
        try bench.put("a/1.dcm", study: "A", sop: "A.1")
        try bench.putRaw("a/truncated.dcm", "A|A.2|da")
        try bench.putRaw("a/notes.txt", "hello")
        let watcher = try bench.watcher()
        try watcher.step()
        bench.clock.advance(by: 11)
        try watcher.step()  // settled, unreadable: grace running
        #expect(try watcher.store.status().files[.quarantined] == nil)
        try bench.settle(watcher, steps: 3, seconds: 11)
        let status = try watcher.store.status()
        #expect(status.files[.quarantined] == 2)
        #expect(bench.processor.jobs.map(\.files) == [1])
    }

    @Test("a poison study is retried a bounded number of times then quarantined; the others flow")
    func poison() throws {
        var bench = try Bench()
        bench.configuration.maxAttempts = 3
        defer { bench.cleanUp() }
        bench.processor.failing = ["st-bad"]
        try bench.put("bad/1.dcm", study: "BAD", sop: "B.1")
        try bench.put("good/1.dcm", study: "GOOD", sop: "G.1")
        let watcher = try bench.watcher()
        try bench.settle(watcher, steps: 12, seconds: 11)
        let rows = try watcher.store.status().rows
        #expect(rows.first { $0.key == "st-bad" }?.state == .quarantined)
        #expect(rows.first { $0.key == "st-bad" }?.attempts == 3)
        #expect(rows.first { $0.key == "st-good" }?.state == .done)
        #expect(try bench.outputTrees() == ["st-good"])
        #expect(bench.scratchIsEmpty())
    }

    @Test("a second watcher on the same output folder refuses to start")
    func exclusive() throws {
        let bench = try Bench()
        defer { bench.cleanUp() }
        let first = try bench.watcher()
        #expect(throws: IngestError.alreadyRunning) { _ = try bench.watcher() }
        _ = first
    }
}
