import ArgumentParser
import DICOMBackend
import Foundation
import Ingest

/// `radstation identify-files` (hidden): identifies a batch of settled files for `watch` in a child process,
/// so a file whose parsing kills its process costs only this process (``IsolatedIdentifier``). Writes one
/// JSON line per file, in order, each flushed before the next file is read.
struct IdentifyFiles: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "identify-files", abstract: "Identify settled files in isolation (used by watch; not for direct use).",
        shouldDisplay: false)

    @Option(help: "A file listing the files, one absolute path per line.")
    var list: String

    @Option(help: "Index of the first listed file to read (earlier ones are done).")
    var first: Int = 0

    @Option(help: "The pseudonym key file.")
    var keyFile: String

    @Option(help: "Where to append the results (JSON lines: index and identification).")
    var results: String

    @Option(help: "Address-space limit in bytes (RLIMIT_AS).")
    var addressSpaceBytes: Int64?

    func run() throws {
        ChildProcess.limitSelf(addressSpaceBytes: addressSpaceBytes)
        let names = try Pseudonymizer.loadOrCreate(at: URL(fileURLWithPath: keyFile))
        let paths = try String(contentsOfFile: list, encoding: .utf8).split(separator: "\n").map(String.init)
        FileManager.default.createFile(atPath: results, contents: nil)
        let out = try FileHandle(forWritingTo: URL(fileURLWithPath: results))
        defer { try? out.close() }
        try out.seekToEnd()
        let identifier = DICOMIdentifier(names: names)
        let encoder = JSONEncoder()
        let fault = FaultInjection.fromEnvironment()
        for index in paths.indices where index >= first {
            fault?.reach(.duringIdentification, studyKey: URL(fileURLWithPath: paths[index]).lastPathComponent)
            let line = IsolatedIdentifier.Line(index: index, identification: identifier.identify(path: paths[index]))
            try out.write(contentsOf: encoder.encode(line) + Data("\n".utf8))
            try out.synchronize()
        }
    }
}

/// Identifies the watcher's settled files in child processes (`radstation identify-files`), one per batch:
/// a file that kills the reading process (a parser crash, a runaway allocation) is identified as unreadable
/// with the signal as its reason, the child is started again after it, and the watcher lives on.
struct IsolatedIdentifier: InstanceIdentifier {
    /// One result line.
    struct Line: Codable {
        var index: Int
        var identification: Identification
    }

    let names: Pseudonymizer
    let keyFile: String
    /// Where batch scratch files go (inside the watcher's state folder; patient UIDs stay there, as in the
    /// state database).
    let scratch: String
    let executable = StudyAttemptRunner.currentExecutable()
    /// Seconds per file before a batch is considered hung.
    var secondsPerFile: Double = 30

    func identify(path: String) -> Identification { identify(paths: [path])[0] }

    func identify(paths: [String]) -> [Identification] {
        guard !paths.isEmpty else { return [] }
        let folder = scratch + "/identify-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var found: [Int: Identification] = [:]
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let list = folder + "/files.txt", results = folder + "/results.jsonl"
            try paths.joined(separator: "\n").write(toFile: list, atomically: true, encoding: .utf8)
            var first = 0
            while first < paths.count {
                let outcome = try ChildProcess.run(
                    executable: executable,
                    arguments: ["identify-files", "--list", list, "--first", "\(first)", "--key-file", keyFile, "--results", results,
                                "--address-space-bytes", "\(Int64(8) << 30)"],
                    standardError: folder + "/stderr.txt", timeout: 60 + secondsPerFile * Double(paths.count - first))
                for line in (try? String(contentsOfFile: results, encoding: .utf8))?.split(separator: "\n") ?? [] {
                    if let decoded = try? JSONDecoder().decode(Line.self, from: Data(line.utf8)) { found[decoded.index] = decoded.identification }
                }
                guard let culprit = (first..<paths.count).first(where: { found[$0] == nil }) else { break }
                let why: String
                switch outcome {
                case .exited(let status): why = "its reading ended the reading process with status \(status)"
                case .signalled(let signal): why = "its reading killed the reading process (\(ChildProcess.signalName(signal)))"
                case .timedOut(let seconds): why = "its reading did not finish within \(Int(seconds)) s"
                }
                found[culprit] = .unreadable(reason: "unreadable: " + why)
                first = culprit + 1
            }
        } catch {
            // The child could not be started: read in this process rather than not at all.
            return DICOMIdentifier(names: names).identify(paths: paths)
        }
        return paths.indices.map { found[$0] ?? .unreadable(reason: "unreadable: no result") }
    }
}
