import Foundation
import FolderWatch
import Testing
import TestSupport
@testable import Ingest

@Suite("Crash recovery")
struct CrashRecoveryTests {
    /// Crashes at `point` on the first attempt, then restarts a fresh watcher on the same folders.
    func crash(at point: FaultPoint) throws -> (bench: Bench, processed: Int) {
        let bench = try Bench()
        for i in 1...3 { try bench.put("a/\(i).dcm", study: "A", sop: "A.\(i)") }
        try bench.put("b/1.dcm", study: "B", sop: "B.1")
        do {
            let watcher = try bench.watcher { p, key in if p == point, key == "st-a" { throw SimulatedCrash() } }
            #expect(throws: SimulatedCrash.self) { try bench.settle(watcher) }
        }
        // The process is gone (the lock with it); a new one starts on the same state.
        let restarted = try bench.watcher()
        try bench.settle(restarted)
        return (bench, bench.processor.count)
    }

    @Test("kill after the claim, before any output: the version is processed on restart, once")
    func afterClaim() throws {
        let (bench, _) = try crash(at: .afterClaim)
        defer { bench.cleanUp() }
        #expect(bench.processor.jobs.filter { $0.key == "st-a" }.count == 1)
        #expect(bench.version("st-a") == 1)
        #expect(try bench.outputTrees() == ["st-a", "st-b"])
        #expect(bench.scratchIsEmpty())
    }

    @Test("kill mid-processing (outputs in the work area): nothing visible, redone on restart")
    func afterProcessing() throws {
        let (bench, _) = try crash(at: .afterProcessing)
        defer { bench.cleanUp() }
        #expect(bench.processor.jobs.filter { $0.key == "st-a" }.map(\.version) == [1, 1])
        #expect(bench.version("st-a") == 1)
        #expect(bench.published("st-a")?.split(separator: "\n").count == 3)
        #expect(bench.scratchIsEmpty())
    }

    @Test("kill after publication, before the state commit: recognised, not redone, not duplicated")
    func afterPublish() throws {
        let (bench, _) = try crash(at: .afterPublish)
        defer { bench.cleanUp() }
        #expect(bench.processor.jobs.filter { $0.key == "st-a" }.count == 1)
        #expect(bench.version("st-a") == 1)
        #expect(try bench.outputTrees() == ["st-a", "st-b"])
        #expect(bench.scratchIsEmpty())
    }

    @Test("kill inside the state commit transaction: rolled back, recognised from version.json, not redone")
    func duringCommit() throws {
        let (bench, _) = try crash(at: .duringCommit)
        defer { bench.cleanUp() }
        #expect(bench.processor.jobs.filter { $0.key == "st-a" }.count == 1)
        #expect(bench.version("st-a") == 1)
        #expect(try bench.outputTrees() == ["st-a", "st-b"])
        #expect(bench.scratchIsEmpty())
    }

    @Test("the commit hook really runs inside the transaction: a throw there leaves the study processing")
    func commitHookRollsBack() throws {
        let bench = try Bench()
        defer { bench.cleanUp() }
        try bench.put("a/1.dcm", study: "A", sop: "A.1")
        let watcher = try bench.watcher { p, _ in if p == .duringCommit { throw SimulatedCrash() } }
        #expect(throws: SimulatedCrash.self) { try bench.settle(watcher) }
        let store = try StateStore(path: bench.output.appendingPathComponent(".radstation/state.sqlite").path)
        #expect(try store.studies().map(\.state) == [.processing])
        #expect(bench.version("st-a") == 1)
    }

    @Test("a stop inside the quiet period loses nothing: the restarted watcher completes the study")
    func stopInQuietPeriod() throws {
        let bench = try Bench()
        defer { bench.cleanUp() }
        try bench.put("a/1.dcm", study: "A", sop: "A.1")
        do {
            let watcher = try bench.watcher()
            try watcher.step()
            bench.clock.advance(by: 5)
            try watcher.step()
        }
        #expect(try bench.outputTrees().isEmpty)
        let restarted = try bench.watcher()
        try bench.settle(restarted)
        #expect(bench.version("st-a") == 1)
    }
}
