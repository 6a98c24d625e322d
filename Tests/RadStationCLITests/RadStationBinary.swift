import Foundation
import Ingest
import Pipeline
import Testing
import TestSupport

/// The built `radstation` executable, run as a child process (for `kill -9` and receiver tests).
struct RadStationBinary {
    let url: URL

    /// The executable beside the test bundle (`.build/<config>/radstation`), or `nil` after printing why.
    static func find() -> RadStationBinary? {
        var candidates: [URL] = []
        if let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            var folder = URL(fileURLWithPath: exe).deletingLastPathComponent()
            // Linux: .build/debug/RadStationPackageTests.xctest; macOS: …/RadStationPackageTests.xctest/Contents/MacOS/…
            while folder.path != "/", folder.lastPathComponent.hasSuffix(".xctest") || folder.lastPathComponent == "MacOS" || folder.lastPathComponent == "Contents" {
                folder.deleteLastPathComponent()
            }
            candidates.append(folder.appendingPathComponent("radstation"))
        }
        candidates.append(TestPaths.repositoryRoot.appendingPathComponent(".build/debug/radstation"))
        for url in candidates where FileManager.default.isExecutableFile(atPath: url.path) { return RadStationBinary(url: url) }
        print("skipped: the radstation executable was not found (build it with `swift build --build-tests`)")
        return nil
    }

    /// Starts `radstation <arguments>` with stderr (the log) and stdout appended to `log`.
    func start(_ arguments: [String], log: URL, environment: [String: String] = [:]) throws -> Foundation.Process {
        if !FileManager.default.fileExists(atPath: log.path) { _ = FileManager.default.createFile(atPath: log.path, contents: nil) }
        let handle = try FileHandle(forWritingTo: log)
        handle.seekToEndOfFile()
        let process = Foundation.Process()
        process.executableURL = url
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["RADSTATION_FAULT"] = nil
        env["RADSTATION_FAULT_MARKER"] = nil
        for (k, v) in environment { env[k] = v }
        process.environment = env
        process.standardError = handle
        process.standardOutput = handle
        try process.run()
        return process
    }

    /// Waits for a process to exit; kills it and returns `nil` after `timeout` seconds.
    @discardableResult
    static func wait(_ process: Foundation.Process, timeout: Double) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning {
            if Date() > deadline {
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
                return nil
            }
            usleep(20_000)
        }
        return process.terminationStatus
    }

    /// Waits until `path` exists (or the process exits, or the timeout passes).
    static func waitFor(_ path: URL, while process: Foundation.Process, timeout: Double) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if FileManager.default.fileExists(atPath: path.path) { return true }
            if !process.isRunning { return FileManager.default.fileExists(atPath: path.path) }
            usleep(20_000)
        }
        return false
    }
}

/// Checks on a watcher output folder shared by the subprocess tests.
enum OutputChecks {
    /// Published study folders (everything but the state folder, the cohort folder and patient folders), sorted.
    static func trees(_ out: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: out.path)) ?? [])
            .filter { $0 != ".radstation" && $0 != "cohort" && !$0.hasPrefix(".") && !$0.hasPrefix("pt-") }.sorted()
    }

    /// Entries of `.radstation/<sub>` (empty when absent).
    static func scratch(_ out: URL, _ sub: String) -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent(".radstation/\(sub)").path)) ?? []
    }

    /// The `version` recorded in a published study's `version.json`.
    static func version(_ tree: URL) -> Int? {
        guard let data = try? Data(contentsOf: tree.appendingPathComponent("version.json")),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return nil }
        return object["version"] as? Int
    }

    /// Expects `count` complete trees: manifest present, every output hash verifies, version 1; work and trash
    /// empty; every study `done` at version 1 in the state database.
    static func expectComplete(_ out: URL, count: Int, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let trees = trees(out)
        #expect(trees.count == count, "trees \(trees)", sourceLocation: sourceLocation)
        for tree in trees {
            #expect(tree.range(of: "^st-[0-9a-f]{16}$", options: .regularExpression) != nil, sourceLocation: sourceLocation)
            let folder = out.appendingPathComponent(tree)
            let manifest = try #require(StudyManifest.read(folder.appendingPathComponent("manifest.json")), sourceLocation: sourceLocation)
            #expect(!manifest.outputs.isEmpty, sourceLocation: sourceLocation)
            for output in manifest.outputs {
                #expect(ContentHash.sha256(file: folder.appendingPathComponent(output.file)) == output.sha256, "\(tree)/\(output.file)",
                        sourceLocation: sourceLocation)
            }
            #expect(version(folder) == 1, "\(tree) was published more than once", sourceLocation: sourceLocation)
        }
        #expect(scratch(out, "work").isEmpty, "work area \(scratch(out, "work"))", sourceLocation: sourceLocation)
        #expect(scratch(out, "trash").isEmpty, sourceLocation: sourceLocation)
        let store = try StateStore(path: out.appendingPathComponent(".radstation/state.sqlite").path)
        let studies = try store.studies()
        #expect(studies.count == count, sourceLocation: sourceLocation)
        #expect(studies.allSatisfy { $0.state == .done && $0.version == 1 }, "\(studies.map { ($0.key, $0.state, $0.version) })",
                sourceLocation: sourceLocation)
        #expect(Set(studies.map(\.key)) == Set(trees), sourceLocation: sourceLocation)
    }
}
