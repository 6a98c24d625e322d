import DICOMBackend
import Foundation
import Ingest
import Pipeline
import Testing
import TestSupport

/// One study whose processing kills its process (the `RADSTATION_FAULT` hook's `crash` action traps at the
/// align stage of that study only, as a decoder trap on a malformed file would) must not stop anything:
/// `watch` quarantines it after `--max-attempts` and publishes the others without dying itself; `process`
/// reports it failed and finishes the others (issue 16).
@Suite("a poison study on the real process", .serialized)
struct PoisonStudyTests {
    /// The three `testdata/ingest` studies in an export folder, and the key of `study-2` under the output
    /// folder's pseudonym key (created here, before the run, as the command would).
    struct Setup {
        let root: URL, export: URL, out: URL, log: URL, marker: URL
        let poisonKey: String
        init() throws {
            root = try TestPaths.temporaryFolder()
            export = root.appendingPathComponent("export")
            out = root.appendingPathComponent("out")
            log = root.appendingPathComponent("run.log")
            marker = root.appendingPathComponent("fault.marker")
            try FileManager.default.createDirectory(at: export, withIntermediateDirectories: true)
            for study in ["study-1", "study-2", "study-3"] {
                try FileManager.default.copyItem(at: TestPaths.testdata("ingest/\(study)"), to: export.appendingPathComponent(study))
            }
            try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
            let names = try Pseudonymizer.loadOrCreate(at: out.appendingPathComponent(Conversion.keyFile))
            let scan = try FolderScan.scan(export.appendingPathComponent("study-2"))
            poisonKey = try #require(scan.instances.first.flatMap(names.studyKey(for:)))
        }
        var environment: [String: String] {
            ["RADSTATION_FAULT": "duringProcessing:crash", "RADSTATION_FAULT_MARKER": marker.path, "RADSTATION_FAULT_STUDY": poisonKey]
        }
        var logText: String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }
    }

    @Test("watch: the poison study is quarantined after --max-attempts with the signal as its reason; the others are published")
    func watchQuarantinesThePoisonStudy() throws {
        guard let binary = RadStationBinary.find() else { return }
        let setup = try Setup()
        defer { try? FileManager.default.removeItem(at: setup.root) }
        let arguments = ["watch", setup.export.path, "--out", setup.out.path, "--poll", "--quiet-seconds", "0.3", "--grace-seconds", "0.3",
                         "--poll-seconds", "0.1", "--retry-seconds", "0", "--max-attempts", "2", "--once", "--log-format", "json"]
        let watcher = try binary.start(arguments, log: setup.log, environment: setup.environment)
        let status = RadStationBinary.wait(watcher, timeout: 180)
        #expect(watcher.terminationReason == .exit, "the watcher itself must never die; log: \(setup.logText)")
        #expect(status == 3, "exit 3: a study is quarantined; log: \(setup.logText)")
        let store = try StateStore(path: setup.out.appendingPathComponent(".radstation/state.sqlite").path)
        let studies = try store.studies()
        let poison = try #require(studies.first { $0.key == setup.poisonKey })
        #expect(poison.state == .quarantined)
        #expect(poison.attempts == 2)
        let reason = poison.reason ?? ""
        #expect(reason.contains("died by SIGILL") || reason.contains("died by SIGTRAP"), "reason: \(reason)")
        #expect(studies.filter { $0.key != setup.poisonKey }.allSatisfy { $0.state == .done && $0.version == 1 })
        #expect(OutputChecks.trees(setup.out) == studies.map(\.key).filter { $0 != setup.poisonKey }.sorted())
        #expect(OutputChecks.scratch(setup.out, "work").isEmpty)
        for sentinel in ["INGEST^SENTINEL", "INGESTID", setup.export.path] { #expect(!setup.logText.contains(sentinel)) }
    }

    @Test("watch: a watcher killed inside an attempt as often as --max-attempts quarantines that study on the next start")
    func interruptedAttemptsAreCounted() throws {
        guard let binary = RadStationBinary.find() else { return }
        let setup = try Setup()
        defer { try? FileManager.default.removeItem(at: setup.root) }
        let arguments = ["watch", setup.export.path, "--out", setup.out.path, "--poll", "--quiet-seconds", "0.3", "--grace-seconds", "0.3",
                         "--poll-seconds", "0.1", "--retry-seconds", "0", "--max-attempts", "1", "--log-format", "json"]
        var pausing = setup.environment
        pausing["RADSTATION_FAULT"] = "duringProcessing:pause"
        let first = try binary.start(arguments, log: setup.log, environment: pausing)
        let reached = RadStationBinary.waitFor(setup.marker, while: first, timeout: 120)
        kill(first.processIdentifier, SIGKILL)
        first.waitUntilExit()
        #expect(reached, "the poison study's attempt never started; log: \(setup.logText)")
        // The paused child dies with its parent (PR_SET_PDEATHSIG): nothing of it may outlive the watcher.
        let second = try binary.start(arguments + ["--once"], log: setup.log)
        let status = RadStationBinary.wait(second, timeout: 180)
        #expect(status == 3, "log: \(setup.logText)")
        let store = try StateStore(path: setup.out.appendingPathComponent(".radstation/state.sqlite").path)
        let poison = try #require(try store.studies().first { $0.key == setup.poisonKey })
        #expect(poison.state == .quarantined)
        #expect(poison.reason?.contains("poison study") == true)
        #expect(OutputChecks.trees(setup.out).count == 2)
    }

    @Test("process --jobs 2: the crashing study is reported failed with its signal; the others are published; exit 3")
    func processIsolatesTheCrash() throws {
        guard let binary = RadStationBinary.find() else { return }
        let setup = try Setup()
        defer { try? FileManager.default.removeItem(at: setup.root) }
        let run = try binary.start(["process", setup.export.path, "--out", setup.out.path, "--jobs", "2", "--log-format", "json"],
                                   log: setup.log, environment: setup.environment)
        let status = RadStationBinary.wait(run, timeout: 180)
        #expect(status == 3, "log: \(setup.logText)")
        #expect(OutputChecks.trees(setup.out).count == 2)
        #expect(!OutputChecks.trees(setup.out).contains(setup.poisonKey))
        let report = try String(contentsOf: setup.out.appendingPathComponent(".radstation/process-report.json"), encoding: .utf8)
        #expect(report.contains(setup.poisonKey))
        #expect(report.contains("died by SIG"), "\(report)")
        #expect(setup.logText.contains("\(setup.poisonKey)  failed (the isolated attempt died by SIG"), "\(setup.logText)")
    }

    @Test("watch: a file whose reading kills the reading process is quarantined with the signal; its study and the others still go through")
    func fileThatKillsTheReaderIsQuarantined() throws {
        guard let binary = RadStationBinary.find() else { return }
        let setup = try Setup()
        defer { try? FileManager.default.removeItem(at: setup.root) }
        let arguments = ["watch", setup.export.path, "--out", setup.out.path, "--poll", "--quiet-seconds", "0.3", "--grace-seconds", "0.3",
                         "--poll-seconds", "0.1", "--retry-seconds", "0", "--once", "--log-format", "json"]
        let poisonFile = try #require(try FileManager.default.contentsOfDirectory(atPath: setup.export.appendingPathComponent("study-2").path).sorted().first)
        let watcher = try binary.start(arguments, log: setup.log, environment: [
            "RADSTATION_FAULT": "duringIdentification:crash", "RADSTATION_FAULT_MARKER": setup.marker.path, "RADSTATION_FAULT_STUDY": poisonFile])
        let status = RadStationBinary.wait(watcher, timeout: 180)
        #expect(FileManager.default.fileExists(atPath: setup.marker.path), "the poison file was never read")
        #expect(watcher.terminationReason == .exit && status == 0, "the watcher must live on; log: \(setup.logText)")
        let store = try StateStore(path: setup.out.appendingPathComponent(".radstation/state.sqlite").path)
        let quarantined = try store.status().quarantinedFiles
        #expect(quarantined.count == 1)
        #expect(quarantined.first.map { $0.reason.contains("killed the reading process (SIGILL)") || $0.reason.contains("(SIGTRAP)") } == true,
                "\(quarantined)")
        #expect(OutputChecks.trees(setup.out).count == 3)
        #expect(!setup.logText.contains(poisonFile), "file names in the export folder are not logged")
    }
}
