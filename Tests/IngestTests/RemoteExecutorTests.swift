import Foundation
import FolderWatch
import Testing
import TestSupport
@testable import Ingest

/// A scheduler in memory: jobs queue on `submit` and run (through a ``RecordingProcessor``) only when the test
/// says so, so every interleaving of the watcher, its crashes and the jobs is deterministic.
final class FakeScheduler: RemoteStudyExecutor, @unchecked Sendable {
    enum Outcome { case queued, finished, failed, forgotten }
    private let lock = NSLock()
    private var next = 100
    private(set) var submitted: [(id: String, name: String, job: StudyJob)] = []
    private var outcomes: [String: Outcome] = [:]
    let processor = RecordingProcessor()

    func submit(_ job: StudyJob, name: String) throws -> String {
        lock.withLock {
            next += 1
            submitted.append(("\(next)", name, job))
            outcomes["\(next)"] = .queued
            return "\(next)"
        }
    }

    func find(named name: String) throws -> String? {
        lock.withLock { submitted.last { $0.name == name && outcomes[$0.id] != .forgotten }?.id }
    }

    func states(of jobs: [RemoteJob]) throws -> [RemoteJobState] {
        lock.withLock {
            jobs.map { remote in
                guard let id = remote.jobID, let outcome = outcomes[id] else { return .missing }
                switch outcome {
                case .queued: return .waiting
                case .finished: return .finished(warnings: [])
                case .failed: return .failed(reason: "the job failed", countsAsAttempt: true)
                case .forgotten: return .failed(reason: "the job ended without a result", countsAsAttempt: true)
                }
            }
        }
    }

    /// Runs every queued job; `forget` makes the scheduler lose them instead (no result).
    func runQueued(forget: Bool = false) {
        let queued = lock.withLock { submitted.filter { outcomes[$0.id] == .queued } }
        for job in queued {
            let outcome: Outcome = forget ? .forgotten : ((try? processor.process(job.job)) != nil ? .finished : .failed)
            lock.withLock { outcomes[job.id] = outcome }
        }
    }

    /// Submissions per study key.
    func submissions(of key: String) -> Int { lock.withLock { submitted.filter { $0.job.studyKey == key }.count } }
}

@Suite("Watcher with a remote executor (scheduler jobs)")
struct RemoteExecutorTests {
    func setUp() throws -> (Bench, FakeScheduler) {
        let bench = try Bench()
        for i in 1...3 { try bench.put("a/\(i).dcm", study: "A", sop: "A.\(i)") }
        try bench.put("b/1.dcm", study: "B", sop: "B.1")
        return (bench, FakeScheduler())
    }

    func watcher(_ bench: Bench, _ scheduler: FakeScheduler, fault: (@Sendable (FaultPoint, String) throws -> Void)? = nil) throws -> Watcher {
        let watcher = try bench.watcher(fault: fault)
        watcher.executor = scheduler
        return watcher
    }

    func jobFolders(_ bench: Bench) -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: bench.output.appendingPathComponent(".radstation/jobs").path)) ?? []
    }

    @Test("ready studies are submitted once, followed while queued (job id in the state), published when their job finishes")
    func submitFollowPublish() throws {
        let (bench, scheduler) = try setUp()
        defer { bench.cleanUp() }
        let watcher = try watcher(bench, scheduler)
        try bench.settle(watcher)
        #expect(scheduler.submitted.map(\.name).sorted() == ["radstation-st-a-v1", "radstation-st-b-v1"])
        #expect(try bench.outputTrees().isEmpty)
        #expect(bench.processor.count == 0, "nothing runs in the watcher itself")
        let store = try StateStore(path: bench.output.appendingPathComponent(".radstation/state.sqlite").path)
        #expect(try store.studies().allSatisfy { $0.state == .processing && $0.jobID != nil })
        #expect(!(try watcher.isIdle()))
        try bench.settle(watcher, steps: 2)
        #expect(scheduler.submitted.count == 2, "a queued job is followed, not submitted again")
        scheduler.runQueued()
        try watcher.step()
        #expect(try bench.outputTrees() == ["st-a", "st-b"])
        #expect(bench.version("st-a") == 1 && bench.version("st-b") == 1)
        #expect(bench.published("st-a")?.split(separator: "\n").count == 3)
        #expect(try store.studies().allSatisfy { $0.state == .done && $0.jobID == nil })
        #expect(jobFolders(bench).isEmpty)
        #expect(try watcher.isIdle())
    }

    @Test("a failed job, and a job the scheduler lost without a result, count as attempts and are submitted again after the delay")
    func failedJobsRetry() throws {
        let (bench, scheduler) = try setUp()
        defer { bench.cleanUp() }
        scheduler.processor.failing = ["st-a"]
        let watcher = try watcher(bench, scheduler)
        try bench.settle(watcher)
        scheduler.runQueued()
        try watcher.step()
        #expect(try bench.outputTrees() == ["st-b"])
        let store = try StateStore(path: bench.output.appendingPathComponent(".radstation/state.sqlite").path)
        #expect(try store.studies().first { $0.key == "st-a" }?.state == .failed)
        bench.clock.advance(by: 6)
        try watcher.step()
        #expect(scheduler.submissions(of: "st-a") == 2)
        scheduler.runQueued(forget: true)
        try watcher.step()
        #expect(try store.studies().first { $0.key == "st-a" }?.attempts == 2)
        scheduler.processor.failing = []
        bench.clock.advance(by: 11)
        try watcher.step()
        scheduler.runQueued()
        try watcher.step()
        #expect(scheduler.submissions(of: "st-a") == 3)
        #expect(bench.version("st-a") == 1)
        #expect(jobFolders(bench).isEmpty)
    }

    @Test("killed at any point: the restarted watcher finds each job again; every study submitted once and published once",
          arguments: [FaultPoint.afterClaim, .afterSubmit, .afterProcessing, .afterPublish, .duringCommit])
    func crashAnywhere(point: FaultPoint) throws {
        let (bench, scheduler) = try setUp()
        defer { bench.cleanUp() }
        do {
            let watcher = try watcher(bench, scheduler) { p, key in if p == point, key == "st-a" { throw SimulatedCrash() } }
            #expect(throws: SimulatedCrash.self) {
                try bench.settle(watcher)
                scheduler.runQueued()
                try watcher.step()
            }
        }
        let restarted = try watcher(bench, scheduler)
        try bench.settle(restarted)
        scheduler.runQueued()
        try restarted.step()
        #expect(scheduler.submissions(of: "st-a") == 1, "\(point): st-a submitted \(scheduler.submissions(of: "st-a")) times")
        #expect(scheduler.processor.jobs.filter { $0.key == "st-a" }.count == 1)
        #expect(bench.version("st-a") == 1 && bench.version("st-b") == 1)
        #expect(try bench.outputTrees() == ["st-a", "st-b"])
        #expect(jobFolders(bench).isEmpty, "\(point): \(jobFolders(bench))")
        #expect(bench.scratchIsEmpty())
        #expect(try restarted.isIdle())
    }
}
