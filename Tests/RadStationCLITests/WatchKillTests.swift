import Foundation
import Ingest
import Testing
import TestSupport

/// `kill -9` and SIGTERM on the real `radstation watch` process (notes/ingest.md §4, cases 22–23): the
/// `RADSTATION_FAULT` hook pauses the process at a point and writes a marker; the test then sends SIGKILL,
/// restarts the watcher with `--once`, and checks that nothing is lost and nothing is duplicated.
@Suite("watch: kill -9 and SIGTERM on the real process", .serialized)
struct WatchKillTests {
    static let studies = ["study-1", "study-2", "study-3"]

    /// An export folder holding the three `testdata/ingest` studies, an output folder and a log.
    struct Setup {
        let root: URL, export: URL, out: URL, log: URL, marker: URL
        init() throws {
            root = try TestPaths.temporaryFolder()
            export = root.appendingPathComponent("export")
            out = root.appendingPathComponent("out")
            log = root.appendingPathComponent("watch.log")
            marker = root.appendingPathComponent("fault.marker")
            try FileManager.default.createDirectory(at: export, withIntermediateDirectories: true)
            for study in WatchKillTests.studies {
                try FileManager.default.copyItem(at: TestPaths.testdata("ingest/\(study)"), to: export.appendingPathComponent(study))
            }
        }

        func arguments(once: Bool, quiet: Double = 0.3) -> [String] {
            ["watch", export.path, "--out", out.path, "--poll", "--quiet-seconds", "\(quiet)", "--grace-seconds", "0.3",
             "--poll-seconds", "0.1", "--retry-seconds", "0", "--log-format", "json"] + (once ? ["--once"] : [])
        }

        var logText: String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }
    }

    /// Runs the watcher until it pauses at `point`, SIGKILLs it, returns the setup for checks.
    func killed(at point: FaultPoint, binary: RadStationBinary) throws -> Setup {
        let setup = try Setup()
        let first = try binary.start(setup.arguments(once: false), log: setup.log,
                                     environment: ["RADSTATION_FAULT": "\(point.rawValue):pause", "RADSTATION_FAULT_MARKER": setup.marker.path])
        let reached = RadStationBinary.waitFor(setup.marker, while: first, timeout: 60)
        kill(first.processIdentifier, SIGKILL)
        first.waitUntilExit()
        #expect(reached, "the fault point \(point) was never reached; log: \(setup.logText)")
        #expect(first.terminationReason == .uncaughtSignal && first.terminationStatus == SIGKILL)
        return setup
    }

    /// Restarts without the hook (`--once`) and checks the end state.
    func restartAndCheck(_ setup: Setup, binary: RadStationBinary) throws {
        let second = try binary.start(setup.arguments(once: true), log: setup.log)
        let status = RadStationBinary.wait(second, timeout: 120)
        #expect(status == 0, "restart exit status; log: \(setup.logText)")
        try OutputChecks.expectComplete(setup.out, count: Self.studies.count)
        for sentinel in ["INGEST^SENTINEL", "INGESTID", setup.export.path] { #expect(!setup.logText.contains(sentinel)) }
    }

    @Test("kill -9 during conversion (volumes written to the work area): nothing visible, redone once on restart")
    func duringConversion() throws {
        guard let binary = RadStationBinary.find() else { return }
        let setup = try killed(at: .duringProcessing, binary: binary)
        defer { try? FileManager.default.removeItem(at: setup.root) }
        #expect(OutputChecks.trees(setup.out).isEmpty)
        #expect(!OutputChecks.scratch(setup.out, "work").isEmpty, "the kill should leave a partial work folder behind")
        try restartAndCheck(setup, binary: binary)
        #expect(!setup.logText.contains("recovered a published version"))
    }

    @Test("kill -9 after the outputs are renamed into place, before the state commit: recognised, not redone")
    func afterPublish() throws {
        guard let binary = RadStationBinary.find() else { return }
        let setup = try killed(at: .afterPublish, binary: binary)
        defer { try? FileManager.default.removeItem(at: setup.root) }
        let key = try String(contentsOf: setup.marker, encoding: .utf8)
        #expect(OutputChecks.trees(setup.out) == [key])
        let manifest = setup.out.appendingPathComponent(key).appendingPathComponent("manifest.json")
        let before = try FileManager.default.attributesOfItem(atPath: manifest.path)[.modificationDate] as? Date
        try restartAndCheck(setup, binary: binary)
        #expect(setup.logText.contains("recovered a published version"))
        #expect(try FileManager.default.attributesOfItem(atPath: manifest.path)[.modificationDate] as? Date == before)
    }

    @Test("kill -9 inside the state commit transaction: rolled back, recognised from version.json, not redone")
    func duringCommit() throws {
        guard let binary = RadStationBinary.find() else { return }
        let setup = try killed(at: .duringCommit, binary: binary)
        defer { try? FileManager.default.removeItem(at: setup.root) }
        let key = try String(contentsOf: setup.marker, encoding: .utf8)
        #expect(OutputChecks.trees(setup.out) == [key])
        try restartAndCheck(setup, binary: binary)
        #expect(setup.logText.contains("recovered a published version"))
    }

    @Test("SIGTERM inside the quiet period: clean exit, nothing published; the restart finishes every study")
    func terminateInQuietPeriod() throws {
        guard let binary = RadStationBinary.find() else { return }
        let setup = try Setup()
        defer { try? FileManager.default.removeItem(at: setup.root) }
        // A quiet period far longer than the test: the studies are seen (files recorded) but never ready.
        let first = try binary.start(setup.arguments(once: false, quiet: 600) + ["--verbose"], log: setup.log)
        let deadline = Date().addingTimeInterval(30)
        while !setup.logText.contains("\"message\":\"scan\""), Date() < deadline, first.isRunning { usleep(20_000) }
        kill(first.processIdentifier, SIGTERM)
        let status = RadStationBinary.wait(first, timeout: 10)
        #expect(status == 0, "SIGTERM must end the watcher cleanly; log: \(setup.logText)")
        #expect(OutputChecks.trees(setup.out).isEmpty)
        let store = try StateStore(path: setup.out.appendingPathComponent(".radstation/state.sqlite").path)
        #expect(try store.status().files.values.reduce(0, +) == 12)
        try restartAndCheck(setup, binary: binary)
    }
}
