import ClusterExecution
import DICOMBackend
import Foundation
import Ingest
import Pipeline
import Testing
import TestSupport

/// `slurm submit` and `watch --executor slurm` on a real one-node Slurm (tools/slurm/local-cluster.sh), with the
/// built `radstation` as the tasks' executable. Skipped with a printed reason only where Slurm cannot start.
@Suite("Slurm: a cohort and the watcher on a real one-node cluster", .serialized)
struct SlurmClusterTests {
    /// Polls `condition` every 0.2 s for at most `timeout` seconds.
    static func wait(timeout: Double, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if condition() { return true }
            usleep(200_000)
        }
        return condition()
    }

    /// Every file under `folder` holding `needle` (relative paths).
    static func files(under folder: URL, containing needles: [String]) -> [String] {
        var hits: [String] = []
        let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)
        while let url = walker?.nextObject() as? URL {
            guard let text = try? String(contentsOf: url, encoding: .utf8) else { continue }
            if needles.contains(where: { text.contains($0) }) { hits.append(url.path.replacingOccurrences(of: folder.path, with: "")) }
        }
        return hits
    }

    @Test("submit 20 studies + 1 that crashes: 20 published once, the crash retried once and reported, the merge after the array, re-submit skips the 20")
    func submitCohort() throws {
        guard let binary = RadStationBinary.find(), let cluster = LocalSlurm.start() else { return }
        defer { cluster.stop() }
        let root = try TestPaths.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let input = root.appendingPathComponent("in"), out = root.appendingPathComponent("out"), log = root.appendingPathComponent("cli.log")
        guard LocalSlurm.makeStudies(21, in: input) else { return }
        let config = try LocalSlurm.cheapConfiguration(in: root)
        // The key of the study that crashes (study-21): the submission uses this pseudonym key.
        let names = try Pseudonymizer.loadOrCreate(at: out.appendingPathComponent(Conversion.keyFile))
        let poisonScan = try FolderScan.scan(input.appendingPathComponent("study-21"))
        let poison = try #require(names.studyKey(for: poisonScan.instances[0]))
        let arguments = ["slurm", "submit", input.path, "--out", out.path, "--config", config.path, "--mem", "1G", "--radstation", binary.url.path]
        let submit = try binary.start(arguments, log: log, environment: [
            "RADSTATION_FAULT": "duringProcessing:crash", "RADSTATION_FAULT_MARKER": root.appendingPathComponent("marker").path,
            "RADSTATION_FAULT_STUDY": poison])
        #expect(RadStationBinary.wait(submit, timeout: 60) == 0, "submit: \(String(describing: try? String(contentsOf: log, encoding: .utf8)))")
        let folder = try #require(Submission.Folder.all(output: out).first)
        #expect(Self.wait(timeout: 240) { (try? folder.read())?.merged != nil }, "the merge did not finish")
        let record = try folder.read()
        let list = try StudyList.read(folder.studyList)
        #expect(list.studies.count == 21)
        let poisonIndex = try #require(list.studies.firstIndex { $0.key == poison })

        // 20 published, each once; the crashing study retried once, then reported.
        let trees = OutputChecks.trees(out)
        #expect(trees.count == 20 && !trees.contains(poison), "\(trees.count) trees")
        for tree in trees { #expect(StudyManifest.read(out.appendingPathComponent(tree).appendingPathComponent("manifest.json")) != nil) }
        let results = try FileManager.default.contentsOfDirectory(atPath: folder.tasks.path).filter { $0.hasSuffix(".json") }.sorted()
        #expect(results.count == 22, "\(results)")
        for (index, study) in list.studies.enumerated() where index != poisonIndex {
            #expect(folder.readResult(index: index, attempt: 1)?.status == .done, "\(study.key)")
            #expect(folder.readResult(index: index, attempt: 2) == nil)
        }
        #expect(record.rounds.map(\.indices) == [Array(0..<21), [poisonIndex]])
        #expect(folder.readResult(index: poisonIndex, attempt: 1)?.status == .failed)
        #expect(folder.readResult(index: poisonIndex, attempt: 2)?.status == .failed)
        #expect(record.failed.keys.sorted() == [poison])

        // The merge ran after every task: its record and the cohort table are newer than the last result.
        let finishes = list.studies.indices.flatMap { i in [1, 2].compactMap { folder.readResult(index: i, attempt: $0)?.finished } }
        let lastTask = try #require(finishes.max())
        let merged = try #require(record.merged)
        #expect(merged >= lastTask)
        let table = out.appendingPathComponent("cohort/features.csv")
        let tableDate = try #require(try FileManager.default.attributesOfItem(atPath: table.path)[.modificationDate] as? Date)
        #expect(tableDate >= lastTask)

        // Status: 20 done, 1 failed (exit 3).
        let statusLog = root.appendingPathComponent("status.log")
        let status = try binary.start(["slurm", "status", out.path], log: statusLog)
        #expect(RadStationBinary.wait(status, timeout: 30) == 3)
        let statusText = try String(contentsOf: statusLog, encoding: .utf8)
        #expect(statusText.contains("20 done") && statusText.contains("1 failed") && statusText.contains(poison), "\(statusText)")

        // No patient value and no input path in job names, scripts, logs or records (only the 0600 study list has paths).
        let slurmFiles = out.appendingPathComponent(".radstation/slurm")
        #expect(Self.files(under: slurmFiles, containing: ["INGEST^SENTINEL", "INGESTID", "INGACC"]).isEmpty)
        // Plain, and as JSONEncoder writes it (slashes escaped).
        let paths = Self.files(under: slurmFiles, containing: [input.path, input.path.replacingOccurrences(of: "/", with: "\\/")])
        #expect(!paths.isEmpty && paths.allSatisfy { $0.hasSuffix("/studies.json") }, "\(paths)")

        // Re-submitting skips the 20 published studies: only the one that failed goes again (and now succeeds).
        let again = try binary.start(arguments, log: log)
        #expect(RadStationBinary.wait(again, timeout: 60) == 0)
        let second = try #require(Submission.Folder.all(output: out).last)
        #expect(second != folder)
        #expect(try StudyList.read(second.studyList).studies.map(\.key) == [poison])
        #expect(try second.read().skipped.count == 20)
        #expect(Self.wait(timeout: 120) { (try? second.read())?.merged != nil })
        #expect(OutputChecks.trees(out).count == 21)
    }

    @Test("a second submit while the first one's tasks are queued submits nothing; another configuration submits them all")
    func submitWhileQueued() throws {
        guard let binary = RadStationBinary.find(), let cluster = LocalSlurm.start() else { return }
        defer { cluster.stop() }
        let root = try TestPaths.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let input = root.appendingPathComponent("in"), out = root.appendingPathComponent("out"), log = root.appendingPathComponent("cli.log")
        guard LocalSlurm.makeStudies(4, in: input) else { return }
        let config = try LocalSlurm.cheapConfiguration(in: root)
        let arguments = ["slurm", "submit", input.path, "--out", out.path, "--mem", "500M", "--radstation", binary.url.path]
        #expect(RadStationBinary.wait(try binary.start(arguments + ["--config", config.path], log: log), timeout: 60) == 0)
        let first = try #require(Submission.Folder.all(output: out).first)
        let array = try #require(try first.read().rounds.first?.arrayJob)
        LocalSlurm.run([], command: "scontrol hold \(array)")  // what has not started yet stays queued
        #expect(RadStationBinary.wait(try binary.start(arguments + ["--config", config.path], log: log), timeout: 60) == 0)
        #expect(Submission.Folder.all(output: out).count == 1, "the second submit submitted again")
        let text = try String(contentsOf: log, encoding: .utf8)
        #expect(text.contains("nothing to submit"), "\(text)")
        // Another configuration is other work: all four go.
        let other = root.appendingPathComponent("other.yaml")
        try "features: false\nqa: false\nring_mm: 4\n".write(to: other, atomically: true, encoding: .utf8)
        #expect(RadStationBinary.wait(try binary.start(arguments + ["--config", other.path], log: log), timeout: 60) == 0)
        let second = try #require(Submission.Folder.all(output: out).last)
        let secondList = try StudyList.read(second.studyList)
        #expect(second != first && secondList.studies.count == 4)
        LocalSlurm.run([], command: "scontrol release \(array)")
        #expect(Self.wait(timeout: 120) { [first, second].allSatisfy { (try? $0.read())?.merged != nil } })
        #expect(OutputChecks.trees(out).count == 4)
    }

    @Test("watch --executor slurm, kill -9 right after a submission (job id not yet committed) or after a job finished (not yet published): the restarted watcher picks its jobs up, nothing lost or run twice",
          arguments: [FaultPoint.afterSubmit, .afterProcessing])
    func watcherKilled(at point: FaultPoint) throws {
        guard let binary = RadStationBinary.find(), let cluster = LocalSlurm.start() else { return }
        defer { cluster.stop() }
        let root = try TestPaths.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let export = root.appendingPathComponent("export"), out = root.appendingPathComponent("out")
        let log = root.appendingPathComponent("watch.log"), marker = root.appendingPathComponent("marker")
        guard LocalSlurm.makeStudies(4, in: export) else { return }
        let config = try LocalSlurm.cheapConfiguration(in: root)
        let arguments = ["watch", export.path, "--out", out.path, "--config", config.path, "--executor", "slurm", "--mem", "1G",
                         "--radstation", binary.url.path, "--poll", "--quiet-seconds", "0.3", "--grace-seconds", "0.3",
                         "--poll-seconds", "0.2", "--retry-seconds", "0", "--log-format", "json"]
        // Paused after the first sbatch returned, before its job id is committed (the worst moment to die), or once
        // the first job has finished, before its outputs are published.
        let first = try binary.start(arguments, log: log, environment: ["RADSTATION_FAULT": "\(point.rawValue):pause",
                                                                        "RADSTATION_FAULT_MARKER": marker.path])
        let reached = RadStationBinary.waitFor(marker, while: first, timeout: 60)
        kill(first.processIdentifier, SIGKILL)
        first.waitUntilExit()
        #expect(reached, "the watcher never reached \(point); log: \(String(describing: try? String(contentsOf: log, encoding: .utf8)))")
        let killedKey = try String(contentsOf: marker, encoding: .utf8)
        #expect(LocalSlurm.jobs(named: Watcher.jobName(studyKey: killedKey, version: 1)).count == 1)

        let second = try binary.start(arguments + ["--once"], log: log)
        let status = RadStationBinary.wait(second, timeout: 180)
        let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        #expect(status == 0, "restart exit status; log: \(text)")
        try OutputChecks.expectComplete(out, count: 4)
        #expect(OutputChecks.scratch(out, "jobs").isEmpty, "job folders left: \(OutputChecks.scratch(out, "jobs"))")
        let store = try StateStore(path: out.appendingPathComponent(".radstation/state.sqlite").path)
        for study in try store.studies() {
            // One Slurm job per study version: the killed watcher's job was found again, not submitted twice.
            #expect(LocalSlurm.jobs(named: Watcher.jobName(studyKey: study.key, version: 1)).count == 1, "\(study.key)")
        }
        for sentinel in ["INGEST^SENTINEL", "INGESTID", export.path] { #expect(!text.contains(sentinel)) }
    }
}
