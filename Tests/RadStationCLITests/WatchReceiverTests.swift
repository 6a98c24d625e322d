import Foundation
import Ingest
import Testing
import TestSupport

/// A real DICOM receiver writing into the watched folder (notes/ingest.md §0.2): DCMTK `storescp` writes
/// each instance under its final name, in place (CREATE → MODIFY… → CLOSE_WRITE, no rename), while
/// `storescu` sends a study over loopback; the watcher (inotify hints) must publish exactly one complete study.
@Suite("watch: DCMTK storescp → watched folder", .serialized)
struct WatchReceiverTests {
    static let tools = ["storescp", "storescu", "echoscu"].map { "/usr/bin/" + $0 }

    /// A TCP port on 127.0.0.1 that was free a moment ago.
    static func freePort() -> UInt16? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        return bound ? UInt16(bigEndian: address.sin_port) : nil
    }

    /// Runs a tool to completion; returns its exit status.
    static func run(_ tool: String, _ arguments: [String]) throws -> Int32 {
        let process = Foundation.Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }

    @Test("storescu → storescp into the export folder while the watcher runs: one complete study, published once")
    func receiverWritesInPlace() throws {
        guard Self.tools.allSatisfy({ FileManager.default.isExecutableFile(atPath: $0) }) else {
            print("skipped: DCMTK storescp/storescu/echoscu not found (Debian package dcmtk, see tools/install-deps.sh)")
            return
        }
        guard let binary = RadStationBinary.find() else { return }
        guard let port = Self.freePort() else {
            print("skipped: no free TCP port on 127.0.0.1")
            return
        }
        let root = try TestPaths.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let export = root.appendingPathComponent("export"), out = root.appendingPathComponent("out")
        let incoming = export.appendingPathComponent("incoming")
        try FileManager.default.createDirectory(at: incoming, withIntermediateDirectories: true)
        let log = root.appendingPathComponent("watch.log")

        let receiver = Foundation.Process()
        receiver.executableURL = URL(fileURLWithPath: "/usr/bin/storescp")
        receiver.arguments = ["-aet", "RADSTORE", "-od", incoming.path, "\(port)"]
        receiver.standardOutput = FileHandle.nullDevice
        receiver.standardError = FileHandle.nullDevice
        try receiver.run()
        // SIGKILL: storescp inherits the test runner's signal mask, in which SIGTERM may be blocked.
        defer { if receiver.isRunning { kill(receiver.processIdentifier, SIGKILL); receiver.waitUntilExit() } }
        var listening = false
        for _ in 0..<100 where !listening {
            listening = try Self.run("/usr/bin/echoscu", ["-aec", "RADSTORE", "127.0.0.1", "\(port)"]) == 0
            if !listening { usleep(50_000) }
        }
        #expect(listening, "storescp did not start listening")
        guard listening else { return }

        let watcher = try binary.start(["watch", export.path, "--out", out.path, "--quiet-seconds", "2", "--grace-seconds", "1",
                                        "--poll-seconds", "0.2", "--log-format", "json"], log: log)
        defer { if watcher.isRunning { kill(watcher.processIdentifier, SIGKILL); watcher.waitUntilExit() } }
        let study = TestPaths.testdata("ingest/study-2")
        let files = try FileManager.default.contentsOfDirectory(atPath: study.path).sorted().map { study.appendingPathComponent($0).path }
        // One association per file, with a pause: instances arrive over time, as from a PACS.
        for file in files {
            #expect(try Self.run("/usr/bin/storescu", ["-aec", "RADSTORE", "127.0.0.1", "\(port)", file]) == 0)
            usleep(150_000)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: incoming.path).count == files.count)

        // Wait for the publication and its state commit.
        let state = out.appendingPathComponent(".radstation/state.sqlite").path
        let deadline = Date().addingTimeInterval(90)
        var done = false
        while !done, Date() < deadline, watcher.isRunning {
            usleep(200_000)
            if FileManager.default.fileExists(atPath: state), let store = try? StateStore(path: state),
               let studies = try? store.studies(), studies.count == 1, studies[0].state == .done { done = true }
        }
        kill(watcher.processIdentifier, SIGTERM)
        #expect(RadStationBinary.wait(watcher, timeout: 20) == 0)
        let logText = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        #expect(done, "the study was not published; log: \(logText)")
        try OutputChecks.expectComplete(out, count: 1)
        let tree = try #require(OutputChecks.trees(out).first)
        let version = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent(tree + "/version.json"))) as? [String: Any]
        #expect(version?["instances"] as? Int == files.count)
        #expect(!logText.contains("quarantined"))
        for sentinel in ["INGEST^SENTINEL", "INGESTID", "1.2.826.0.1.3680043.10.1411.95"] { #expect(!logText.contains(sentinel)) }
    }
}
