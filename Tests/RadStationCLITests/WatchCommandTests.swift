import Foundation
import Testing
import Ingest
import Pipeline
import TestSupport
import VolumeIO
@testable import RadStationCLI

@Suite("watch and status commands", .serialized)
struct WatchCommandTests {
    /// Copies a fixture folder into `export/name`, file by file with a pause, as a slow receiver would.
    static func deliver(_ fixture: URL, to folder: URL, pause: useconds_t) throws {
        let fm = FileManager.default
        try fm.createDirectory(at: folder, withIntermediateDirectories: true)
        let files = (fm.enumerator(atPath: fixture.path)?.allObjects as? [String] ?? [])
            .filter { !$0.hasPrefix(".") && (try? fixture.appendingPathComponent($0).resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true }
        for (n, relative) in files.sorted().enumerated() {
            try fm.copyItem(at: fixture.appendingPathComponent(relative), to: folder.appendingPathComponent("f\(n).dcm"))
            usleep(pause)
        }
    }

    /// Makes a copy of `dicom/uniform` whose patient tags carry sentinels and whose study UID holds "/..".
    static func sentinelStudy(in folder: URL) throws -> Bool {
        try FileManager.default.copyItem(at: TestPaths.testdata("dicom/uniform"), to: folder)
        let files = (FileManager.default.enumerator(atPath: folder.path)?.allObjects as? [String] ?? [])
            .map { folder.appendingPathComponent($0) }
            .filter { (try? $0.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true }
        let tool = Foundation.Process()
        tool.executableURL = URL(fileURLWithPath: "/usr/bin/dcmodify")
        tool.arguments = ["-nb", "-m", "(0010,0010)=../../evil^Name", "-m", "(0010,0020)=SENTINEL-ID-7731",
                          "-m", "(0020,000d)=1.2.826.0.1.3680043.10.1411.99/../escape"] + files.map(\.path)
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/dcmodify") else {
            print("skipped: dcmodify (Debian package dcmtk, installed by tools/install-deps.sh) not found")
            return false
        }
        try tool.run()
        tool.waitUntilExit()
        return tool.terminationStatus == 0
    }

    @Test("studies written slowly into a watched folder → exactly one complete output tree each, no patient data anywhere")
    func endToEnd() throws {
        let root = try TestPaths.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let export = root.appendingPathComponent("export"), out = root.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: export, withIntermediateDirectories: true)
        let sentinel = root.appendingPathComponent("sentinel")
        guard try Self.sentinelStudy(in: sentinel) else { return }
        // An RTSTRUCT study: the CT series and its structure set in one folder.
        let rtstudy = root.appendingPathComponent("rtstudy")
        try FileManager.default.copyItem(at: TestPaths.testdata("rtstruct/ct_axial"), to: rtstudy)
        try FileManager.default.copyItem(at: TestPaths.testdata("rtstruct/rtstruct_axial.dcm"), to: rtstudy.appendingPathComponent("rs.dcm"))
        try Self.deliver(TestPaths.testdata("dicom/reversed_instance"), to: export.appendingPathComponent("early"), pause: 0)
        let writer = Thread {
            try? Self.deliver(TestPaths.testdata("demo-study"), to: export.appendingPathComponent("study-a"), pause: 5_000)
            try? Self.deliver(rtstudy, to: export.appendingPathComponent("incoming/c"), pause: 5_000)
            try? Self.deliver(sentinel, to: export.appendingPathComponent("incoming/b"), pause: 20_000)
            try? Data("not dicom".utf8).write(to: export.appendingPathComponent("incoming/notes.txt"))
        }
        writer.start()
        let log = root.appendingPathComponent("watch.log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let saved = dup(STDERR_FILENO)
        let handle = try FileHandle(forWritingTo: log)
        dup2(handle.fileDescriptor, STDERR_FILENO)
        var command = try RadStationCommand.parseAsRoot([
            "watch", export.path, "--out", out.path, "--quiet-seconds", "1.5", "--grace-seconds", "0.5",
            "--poll-seconds", "0.2", "--once", "--verbose", "--log-format", "json"])
        usleep(300_000)
        let outcome = Result { try command.run() }
        dup2(saved, STDERR_FILENO)
        close(saved)
        try outcome.get()
        while writer.isExecuting { usleep(50_000) }

        let trees = OutputChecks.trees(out)
        #expect(trees.count == 4)
        #expect(trees.allSatisfy { $0.range(of: "^st-[0-9a-f]{16}$", options: .regularExpression) != nil })
        var withTumour: Set<String> = []
        for tree in trees {
            let folder = out.appendingPathComponent(tree)
            let manifest = try #require(StudyManifest.read(folder.appendingPathComponent("manifest.json")))
            for output in manifest.outputs {
                #expect(ContentHash.sha256(file: folder.appendingPathComponent(output.file)) == output.sha256)
            }
            // The SEG study (demo) and the RTSTRUCT study run the tumour stages to the end.
            if manifest.stages.contains(where: { $0.name == "features" && $0.status == "done" }) { withTumour.insert(tree) }
        }
        #expect(withTumour.count == 2)
        // The cohort table is kept current after every publication: one row per study with features.
        let cohort = try String(contentsOf: out.appendingPathComponent("cohort/features.csv"), encoding: .utf8)
        #expect(Set(cohort.split(separator: "\n").dropFirst().compactMap { $0.split(separator: ",").dropFirst().first.map(String.init) })
                == withTumour)
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent(".radstation/work").path).isEmpty)
        // Sentinels: no path, no output byte, no log line (the state database alone holds UIDs).
        let sentinels = ["evil", "SENTINEL-ID", "/../escape", "DEMO^PATIENT", "DEMO0001", "FIXTURE^PATIENT"]
        var scanned = 0
        for case let relative as String in FileManager.default.enumerator(atPath: out.path)! {
            for s in sentinels { #expect(!relative.contains(s), "path \(relative)") }
            let url = out.appendingPathComponent(relative)
            guard !relative.hasPrefix(".radstation/state.sqlite"),
                  (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
            var data = try Data(contentsOf: url)
            if relative.hasSuffix(".gz") { data = Data((try? data.withUnsafeBytes { try Gzip.decompress($0) }) ?? Array(data)) }
            let text = String(decoding: data, as: UTF8.self)
            for s in sentinels { #expect(!text.contains(s), "\(s) in \(relative)") }
            scanned += 1
        }
        #expect(scanned > 30)
        let logText = try String(contentsOf: log, encoding: .utf8)
        #expect(logText.contains("\"message\":\"published\""))
        for s in sentinels + [export.path] { #expect(!logText.contains(s), "\(s) in the log") }

        var status = try RadStationCommand.parseAsRoot(["status", out.path])
        try status.run()
    }

    @Test("a second watcher on the same output folder refuses with a clear message")
    func secondWatcherRefuses() throws {
        let root = try TestPaths.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let out = root.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out.appendingPathComponent(".radstation"), withIntermediateDirectories: true)
        let lock = try FolderLock(path: out.appendingPathComponent(".radstation/watch.lock").path)
        var command = try RadStationCommand.parseAsRoot(["watch", root.path, "--out", out.path, "--once"])
        #expect(throws: (any Error).self) { try command.run() }
        _ = lock
    }
}
