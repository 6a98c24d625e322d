import Foundation
import FolderWatch
import Testing
import TestSupport
@testable import Ingest

/// A study whose attempt kills the whole process (a trap in a decoder, an out-of-memory kill) must not
/// crash-loop the watcher: the attempt is counted before it starts, so every restart sees one more, and
/// after `maxAttempts` the study is quarantined while the others flow (issue 16).
@Suite("Poison studies that kill the process")
struct PoisonAttemptTests {
    @Test("an attempt is counted and committed before the processor runs")
    func attemptCountedBeforeWork() throws {
        let bench = try Bench()
        defer { bench.cleanUp() }
        try bench.put("a/1.dcm", study: "A", sop: "A.1")
        let seen = UncheckedBox<Int?>(nil)
        let watcher = try bench.watcher { point, key in
            if point == .afterClaim, key == "st-a" {
                // A separate connection to the database sees the committed count while the attempt runs.
                let store = try StateStore(path: bench.output.appendingPathComponent(".radstation/state.sqlite").path)
                seen.value = try store.studies().first { $0.key == "st-a" }?.attempts
            }
        }
        try bench.settle(watcher)
        #expect(seen.value == 1)
        #expect(try watcher.store.studies().first { $0.key == "st-a" }?.attempts == 0, "a success resets the count")
    }

    @Test("a study whose every attempt kills the process is quarantined after maxAttempts restarts; the others are published")
    func crashLoopEndsInQuarantine() throws {
        var bench = try Bench()
        bench.configuration.maxAttempts = 2
        bench.configuration.retryDelay = 0
        defer { bench.cleanUp() }
        try bench.put("bad/1.dcm", study: "BAD", sop: "B.1")
        try bench.put("good/1.dcm", study: "GOOD", sop: "G.1")
        // Each "process" dies inside the bad study's attempt (as a trap in a decoder would kill it).
        var restarts = 0
        for _ in 0..<4 {
            let watcher = try bench.watcher { point, key in
                if point == .afterClaim, key == "st-bad" { throw SimulatedCrash() }
            }
            do {
                try bench.settle(watcher)
                break
            } catch is SimulatedCrash {
                restarts += 1
            }
        }
        #expect(restarts == 2, "two attempts died; the third start quarantines instead of trying again")
        let rows = try bench.watcher().store.status().rows
        let bad = rows.first { $0.key == "st-bad" }
        #expect(bad?.state == .quarantined)
        #expect(bad?.attempts == 2)
        #expect(bad?.reason?.contains("poison study") == true)
        #expect(rows.first { $0.key == "st-good" }?.state == .done)
        #expect(try bench.outputTrees() == ["st-good"])
    }

    @Test("a failure that is not the study's fault (input changed, full disk) gives the attempt back")
    func environmentFailuresAreRefunded() throws {
        var bench = try Bench()
        bench.configuration.maxAttempts = 1
        bench.configuration.retryDelay = 0
        defer { bench.cleanUp() }
        try bench.put("a/1.dcm", study: "A", sop: "A.1")
        bench.processor.diskFull = ["st-a"]
        let watcher = try bench.watcher()
        try bench.settle(watcher)
        let row = try watcher.store.status().rows.first { $0.key == "st-a" }
        #expect(row?.state == .failed)
        #expect(row?.attempts == 0)
    }
}
