import Foundation
import FolderWatch
import TestSupport
@testable import Ingest

/// Test files are text: "STUDY|SOP|payload". Anything else is unreadable; "DICOMDIR" is ignored.
struct TextIdentifier: InstanceIdentifier {
    func identify(path: String) -> Identification {
        if path.hasSuffix("DICOMDIR") { return .ignored(reason: "media directory (DICOMDIR)") }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return .unreadable(reason: "not readable") }
        let parts = text.split(separator: "|", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[2].hasSuffix("END") else { return .unreadable(reason: "truncated or not DICOM") }
        return .instance(studyUID: String(parts[0]), sopInstanceUID: String(parts[1]), studyKey: "st-" + String(parts[0]).lowercased())
    }
}

/// Records every job; copies the input file count and contents into `inputs.txt`; can be told to fail.
final class RecordingProcessor: StudyProcessor, @unchecked Sendable {
    private let lock = NSLock()
    private(set) var jobs: [(key: String, version: Int, files: Int)] = []
    var failing: Set<String> = []
    /// Studies whose output writing hits a full disk: half an output is written, then `ENOSPC`.
    var diskFull: Set<String> = []
    /// Runs at the start of every job (e.g. to fill the simulated disk while a stage writes).
    var onProcess: (@Sendable (StudyJob) -> Void)?

    func process(_ job: StudyJob) throws -> [String] {
        onProcess?(job)
        if lock.withLock({ failing.contains(job.studyKey) }) { throw IngestError.configuration(reason: "poison study") }
        if lock.withLock({ diskFull.contains(job.studyKey) }) {
            try Data("half an out".utf8).write(to: URL(fileURLWithPath: job.outputFolder + "/inputs.txt"))
            throw CocoaError(.fileWriteOutOfSpace, userInfo: [NSUnderlyingErrorKey: POSIXError(.ENOSPC)])
        }
        let files = try FileManager.default.contentsOfDirectory(atPath: job.inputFolder).sorted()
        let contents = try files.map { try String(contentsOfFile: job.inputFolder + "/" + $0, encoding: .utf8) }.sorted()
        try contents.joined(separator: "\n").write(toFile: job.outputFolder + "/inputs.txt", atomically: false, encoding: .utf8)
        lock.withLock { jobs.append((job.studyKey, job.version, files.count)) }
        return []
    }

    var count: Int { lock.withLock { jobs.count } }
}

struct SimulatedCrash: Error {}

/// An export folder, an output folder and a clock.
struct Bench {
    let export: URL
    let output: URL
    let clock = ManualClock()
    let processor = RecordingProcessor()
    var configuration: WatcherConfiguration = {
        var c = WatcherConfiguration()
        c.quietPeriod = 10
        c.gracePeriod = 20
        c.retryDelay = 5
        return c
    }()

    init() throws {
        export = try TestPaths.temporaryFolder()
        output = try TestPaths.temporaryFolder()
    }

    func cleanUp() {
        try? FileManager.default.removeItem(at: export)
        try? FileManager.default.removeItem(at: output)
    }

    func watcher(fault: (@Sendable (FaultPoint, String) throws -> Void)? = nil) throws -> Watcher {
        let w = try Watcher(export: export.path, output: output.path, configuration: configuration,
                            identifier: TextIdentifier(), processor: processor, clock: clock)
        w.fault = fault
        return w
    }

    func put(_ relative: String, study: String, sop: String, payload: String = "data") throws {
        let url = export.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("\(study)|\(sop)|\(payload)END".utf8).write(to: url)
    }

    func putRaw(_ relative: String, _ text: String) throws {
        let url = export.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    /// Steps, advancing the clock by `seconds` each time, `times` times.
    func settle(_ watcher: Watcher, steps: Int = 3, seconds: Double = 11) throws {
        for _ in 0..<steps {
            try watcher.step()
            clock.advance(by: seconds)
        }
        try watcher.step()
    }

    func published(_ key: String) -> String? {
        try? String(contentsOf: output.appendingPathComponent(key).appendingPathComponent("inputs.txt"), encoding: .utf8)
    }

    func version(_ key: String) -> Int? {
        guard let data = try? Data(contentsOf: output.appendingPathComponent(key).appendingPathComponent("version.json")) else { return nil }
        return (try? JSONDecoder().decode(PublishedVersion.self, from: data))?.version
    }

    /// Output entries other than the state folder.
    func outputTrees() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: output.path).filter { $0 != ".radstation" }.sorted()
    }

    /// Whether the work and trash areas are empty.
    func scratchIsEmpty() -> Bool {
        let fm = FileManager.default
        for sub in ["work", "trash"] {
            let path = output.appendingPathComponent(".radstation/\(sub)").path
            if let items = try? fm.contentsOfDirectory(atPath: path), !items.isEmpty { return false }
        }
        return true
    }
}
