import Foundation
import Logging
import Pipeline
import Testing
import TestSupport
@testable import RadStationCLI

/// `radstation process --jobs N` over several studies, its terminal progress and its structured logs.
@Suite("process --jobs, progress and logs", .serialized)
struct ProcessJobsTests {
    /// Runs the `radstation` executable (a child process: no shared stderr with tests running in parallel);
    /// returns (exit status, stderr+stdout text), or `nil` when the executable is absent.
    static func radstation(_ arguments: [String], in root: URL) throws -> (Int32?, String)? {
        guard let binary = RadStationBinary.find() else { return nil }
        let log = root.appendingPathComponent("run-\(UUID().uuidString).log")
        let process = try binary.start(arguments, log: log)
        let status = RadStationBinary.wait(process, timeout: 120)
        return (status, try String(contentsOf: log, encoding: .utf8))
    }

    static let fastConfiguration = "features: false\n"

    @Test("a folder of three studies with --jobs 2: three complete trees, JSON logs with every stage, no patient data")
    func folderOfStudies() throws {
        let root = try TestPaths.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let out = root.appendingPathComponent("out"), config = root.appendingPathComponent("pipeline.yaml")
        try Self.fastConfiguration.write(to: config, atomically: true, encoding: .utf8)
        guard let (status, output) = try Self.radstation(["process", TestPaths.testdata("ingest").path, "--out", out.path,
                                                          "--config", config.path, "--jobs", "2", "--log-format", "json"], in: root) else { return }
        #expect(status == 0, "\(output)")
        // stdout: one summary line per study; stderr: the JSON log.
        let log = output.split(separator: "\n").filter { !$0.hasPrefix("st-") }.joined(separator: "\n")
        #expect(output.split(separator: "\n").filter { $0.hasPrefix("st-") && $0.contains("  done  ") }.count == 3)
        let trees = OutputChecks.trees(out)
        #expect(trees.count == 3)
        for tree in trees {
            let folder = out.appendingPathComponent(tree)
            let manifest = try #require(StudyManifest.read(folder.appendingPathComponent("manifest.json")))
            for output in manifest.outputs { #expect(ContentHash.sha256(file: folder.appendingPathComponent(output.file)) == output.sha256) }
        }
        let lines = log.split(separator: "\n").map(String.init)
        #expect(lines.count >= 3 * 7)
        let objects = lines.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: String] }
        #expect(objects.count == lines.count, "every log line is one JSON object")
        #expect(objects.filter { $0["message"] == "study finished" }.count == 3)
        for tree in trees {
            let stages = objects.filter { $0["message"] == "stage finished" && $0["study"] == tree }.compactMap { $0["stage"] }
            #expect(stages.first == "volumes" && stages.last == "manifest", "\(tree): \(stages)")
        }
        for sentinel in ["INGEST^SENTINEL", "INGESTID", "1.2.826.0.1.3680043.10.1411.95", TestPaths.testdata("ingest").path] {
            #expect(!log.contains(sentinel))
        }
        // Idempotent: a second run with more jobs than studies changes nothing.
        guard let (second, secondLog) = try Self.radstation(["process", TestPaths.testdata("ingest").path, "--out", out.path,
                                                             "--config", config.path, "--jobs", "8", "--log-format", "json"], in: root) else { return }
        #expect(second == 0)
        #expect(secondLog.components(separatedBy: "\"state\":\"unchanged\"").count - 1 == 3)
    }

    @Test("several study folders in one call; --quiet logs nothing")
    func severalFolders() throws {
        let root = try TestPaths.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let out = root.appendingPathComponent("out"), config = root.appendingPathComponent("pipeline.yaml")
        try Self.fastConfiguration.write(to: config, atomically: true, encoding: .utf8)
        guard let (status, log) = try Self.radstation(["process", TestPaths.testdata("ingest/study-1").path,
                                                       TestPaths.testdata("ingest/study-3").path, "--out", out.path,
                                                       "--config", config.path, "--jobs", "2", "--quiet"], in: root) else { return }
        #expect(status == 0)
        #expect(OutputChecks.trees(out).count == 2)
        #expect(log.isEmpty)
        #expect(throws: (any Error).self) { try RadStationCommand.parseAsRoot(["process", "--out", out.path]) }
        #expect(throws: (any Error).self) { try RadStationCommand.parseAsRoot(["process", root.path, "--out", out.path, "--jobs", "0"]) }
    }

    @Test("isolated studies get their patient's course: treatments.csv in the configuration reaches the child; the ID does not reach the outputs")
    func treatmentsInChild() throws {
        let root = try TestPaths.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let out = root.appendingPathComponent("out"), config = root.appendingPathComponent("pipeline.yaml")
        // The demo's PatientID is DEMO0001, its StudyDate 2026-01-01 (tools/fixtures/make_fixtures.py).
        let treatments = root.appendingPathComponent("treatments.csv")
        try "PatientID,FirstTACEDate\nDEMO0001,2025-12-20\n".write(to: treatments, atomically: true, encoding: .utf8)
        try "features: false\nqa: false\ntreatments: \(treatments.path)\n".write(to: config, atomically: true, encoding: .utf8)
        guard let (status, output) = try Self.radstation(["process", TestPaths.testdata("demo-study").path, "--out", out.path,
                                                          "--config", config.path, "--log-format", "json"], in: root) else { return }
        #expect(status == 0, "\(output)")
        let tree = try #require(OutputChecks.trees(out).first)
        let manifest = try #require(StudyManifest.read(out.appendingPathComponent(tree).appendingPathComponent("manifest.json")))
        #expect(manifest.context?.treatment == .postTreatment && manifest.context?.timepoint.label == "baseline")
        #expect(manifest.stages.first { $0.name == "derived" }?.note?.contains("Lipiodol measured on se-") == true)
        for file in try FileManager.default.subpathsOfDirectory(atPath: out.path) where !file.hasPrefix(".radstation") {
            guard let text = try? String(contentsOf: out.appendingPathComponent(file), encoding: .utf8) else { continue }
            #expect(!text.contains("DEMO0001") && !text.contains("2025-12-20"), "\(file)")
        }
        #expect(!output.contains("DEMO0001"))
    }

    @Test("terminal progress: elapsed, finished/found, stage, percent and the previous stage's time")
    func terminalProgress() throws {
        let root = try TestPaths.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let file = root.appendingPathComponent("progress.txt")
        _ = FileManager.default.createFile(atPath: file.path, contents: nil)
        let handle = try FileHandle(forWritingTo: file)
        let progress = ProcessProgress(mode: .terminal(LineStream(handle)))
        progress.handle(.init(studyKey: nil, kind: .found(studies: 2)))
        progress.handle(.init(studyKey: "st-0000000000000001", kind: .stage("volumes")))
        progress.handle(.init(studyKey: "st-0000000000000001", kind: .stage("qa")))
        progress.handle(.init(studyKey: "st-0000000000000001", kind: .finished(unchanged: false)))
        try handle.close()
        let lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines[0].contains("0/2  st-0000000000000001  volumes") && lines[0].hasSuffix("  0%"))
        #expect(lines[1].contains("qa") && lines[1].contains(" 71%") && lines[1].contains("(volumes "))
        #expect(lines[2].contains("1/2  st-0000000000000001  published") && lines[2].contains("100%") && lines[2].contains("(qa "))
        #expect(ProcessProgress.percent(at: "manifest") == 85 && ProcessProgress.percent(at: "volumes") == 0)
    }

    @Test("log handlers: text is 'level: message key=value' with sorted keys; JSON parses; levels filter")
    func handlers() throws {
        #expect(LineLogHandler.text(.warning, "will retry a study", ["study": "st-1", "attempts": "2"])
                == "warning: will retry a study attempts=2 study=st-1")
        let json = LineLogHandler.json(.info, "published", ["study": "st-1"])
        #expect(json == #"{"level":"info","message":"published","study":"st-1"}"#)
        let root = try TestPaths.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let file = root.appendingPathComponent("log.txt")
        _ = FileManager.default.createFile(atPath: file.path, contents: nil)
        let handle = try FileHandle(forWritingTo: file)
        let logger = RadStationLog.logger("test", format: .text, level: .warning, stream: LineStream(handle))
        logger.info("hidden")
        logger.error("shown", metadata: ["reason": "disk"])
        try handle.close()
        #expect(try String(contentsOf: file, encoding: .utf8) == "error: shown reason=disk\n")
    }
}
