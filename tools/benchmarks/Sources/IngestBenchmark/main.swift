// Throughput and memory of the watcher (issue 9): N tiny CT studies (tools/fixtures/make_ingest_fixtures.py:
// 4 slices of 20×24 each) already in an export folder, drained by one `Watcher` (quiet period 0, polling,
// `--once`-style loop) in a child process of this binary, timed and measured through wait4/rusage:
//   trivial   — the DICOM identifier + a processor that only lists its inputs (the ingest overhead:
//               scan, settle, identify, hash, snapshot, publish, state commits);
//   pipeline  — the RadStation pipeline as `radstation watch` runs it (volumes, align, masks, QA, manifest;
//               features off: tiny studies have no tumour mask);
//   process   — `radstation process`-style batch (StudyProcessing.run, --jobs 2), no watcher, for comparison.
// Usage:
//   swift run -c release IngestBenchmark [--studies 100] [--backlog 1000] [--jobs 2] [--runs 3] [--work /tmp/radstation-ingest-bench]
// Wall time: median of the runs; peak RSS: the largest of the runs.
import DICOMBackend
import FolderWatch
import Foundation
import Ingest
import Pipeline

#if canImport(Glibc)
import Glibc
#endif

let arguments = CommandLine.arguments
func option(_ name: String, _ fallback: String) -> String {
    guard let i = arguments.firstIndex(of: name), i + 1 < arguments.count else { return fallback }
    return arguments[i + 1]
}

/// The CLI's identifier (RadStationCLI/WatchAdapters.swift), restated here: the benchmark links products only.
struct Identifier: InstanceIdentifier {
    let names: Pseudonymizer
    func identify(path: String) -> Identification {
        guard let scan = try? FolderScan.scan(URL(fileURLWithPath: path)) else { return .unreadable(reason: "unreadable") }
        guard let instance = scan.instances.first, let uids = instance.catalogueUIDs, let key = names.studyKey(for: instance) else {
            return .unreadable(reason: "not a DICOM instance")
        }
        do { try DICOMInstance.checkComplete(path: path) } catch { return .unreadable(reason: "truncated") }
        return .instance(studyUID: uids.study, sopInstanceUID: uids.sop, studyKey: key)
    }
}

/// Lists its inputs: the cost of ingest alone.
struct TrivialProcessor: StudyProcessor {
    func process(_ job: StudyJob) throws -> [String] {
        let files = try FileManager.default.contentsOfDirectory(atPath: job.inputFolder)
        try files.sorted().joined(separator: "\n").write(toFile: job.outputFolder + "/inputs.txt", atomically: false, encoding: .utf8)
        return []
    }
}

/// The CLI's pipeline processor (RadStationCLI/WatchAdapters.swift), restated.
struct PipelineProcessor: StudyProcessor {
    let configuration: ProcessConfiguration
    let names: Pseudonymizer
    func process(_ job: StudyJob) throws -> [String] {
        let scan = try FolderScan.scan(URL(fileURLWithPath: job.inputFolder))
        guard let study = StudyInputs.group(scan, names: names).first(where: { $0.key == job.studyKey }) else {
            throw PipelineError.noInput("no study")
        }
        return try StudyProcessing.process(study, into: URL(fileURLWithPath: job.outputFolder), configuration: configuration, names: names).warnings
    }
}

// Child mode: drain one export folder, print the number of published studies.
if arguments.count >= 6 && arguments[1] == "--child" {
    let mode = arguments[2], export = arguments[3], out = arguments[4], jobs = Int(arguments[5]) ?? 1
    try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
    let names = try Pseudonymizer.loadOrCreate(at: URL(fileURLWithPath: out).appendingPathComponent(Conversion.keyFile))
    var configuration = ProcessConfiguration()
    configuration.features = false
    if mode == "process" {
        let reports = try StudyProcessing.run(inputs: [URL(fileURLWithPath: export)], output: URL(fileURLWithPath: out),
                                              configuration: configuration, jobs: jobs)
        print(reports.filter(\.isComplete).count)
        exit(0)
    }
    var watch = WatcherConfiguration()
    watch.quietPeriod = 0
    watch.gracePeriod = 0
    watch.pollInterval = 0.01
    watch.jobs = jobs
    let processor: StudyProcessor = mode == "trivial" ? TrivialProcessor() : PipelineProcessor(configuration: configuration, names: names)
    let watcher = try Watcher(export: export, output: out, configuration: watch, identifier: Identifier(names: names), processor: processor)
    try watcher.run(hints: PollingHints()) { (try? watcher.isIdle()) ?? false }
    print(try watcher.status().studies[.done] ?? 0)
    exit(0)
}

let studies = Int(option("--studies", "100")) ?? 100
let backlog = Int(option("--backlog", "1000")) ?? 1000
let jobs = option("--jobs", "2")
let runs = max(1, Int(option("--runs", "3")) ?? 3)
let work = URL(fileURLWithPath: option("--work", "/tmp/radstation-ingest-bench"))
let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let generator = here.deletingLastPathComponent().appendingPathComponent("fixtures/make_ingest_fixtures.py").path

/// Runs this binary in child mode (posix_spawn + wait4, as ConversionBenchmark: Foundation.Process would reap
/// the child itself and lose its rusage): (wall seconds, peak RSS MiB, printed count).
func measure(_ mode: String, export: URL, jobs: String) -> (Double, Double, String) {
    let out = work.appendingPathComponent("out-\(mode)-\(export.lastPathComponent)")
    let printed = work.appendingPathComponent("child-output.txt")
    try? FileManager.default.removeItem(at: out)
    var pid: pid_t = 0
    let words: [String] = [CommandLine.arguments[0], "--child", mode, export.path, out.path, jobs]
    var argv: [UnsafeMutablePointer<CChar>?] = words.map { strdup($0) }
    argv.append(nil)
    defer { argv.forEach { free($0) } }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    posix_spawn_file_actions_addopen(&actions, 1, printed.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
    let start = DispatchTime.now().uptimeNanoseconds
    guard posix_spawn(&pid, CommandLine.arguments[0], &actions, nil, argv, environ) == 0 else { return (.nan, .nan, "spawn failed") }
    var status: Int32 = 0
    var usage = rusage()
    wait4(pid, &status, 0, &usage)
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    let count = ((try? String(contentsOf: printed, encoding: .utf8)) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
    try? FileManager.default.removeItem(at: out)
    return (seconds, Double(usage.ru_maxrss) / 1024, status == 0 ? count : "exit status \(status)")
}

func generate(_ count: Int) -> URL {
    let folder = work.appendingPathComponent("export-\(count)")
    if !FileManager.default.fileExists(atPath: folder.appendingPathComponent("study-\(count)").path) {
        print("generating \(count) studies in \(folder.path) …")
        let python = Process()
        python.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        python.arguments = [generator, "--count", "\(count)", "--out", folder.path]
        try! python.run()
        python.waitUntilExit()
    }
    return folder
}

let small = generate(studies)
print("mode        studies  jobs   wall s  studies/s  peak RSS MiB  published   (median of \(runs) runs)")
func report(_ mode: String, _ export: URL, count: Int, jobs: String) {
    let samples = (0..<runs).map { _ in measure(mode, export: export, jobs: jobs) }
    let seconds = samples.map(\.0).sorted()[samples.count / 2]
    let rss = samples.map(\.1).max() ?? .nan
    let printed = Set(samples.map(\.2)).sorted().joined(separator: "/")
    let name = mode.padding(toLength: 10, withPad: " ", startingAt: 0)
    let lane = String(repeating: " ", count: max(0, 4 - jobs.count)) + jobs
    print(name + String(format: "  %7d  ", count) + lane + String(format: "  %7.2f  %9.1f  %12.1f  ", seconds, Double(count) / seconds, rss) + printed)
}
report("trivial", small, count: studies, jobs: "1")
report("pipeline", small, count: studies, jobs: "1")
report("pipeline", small, count: studies, jobs: jobs)
report("process", small, count: studies, jobs: jobs)
if backlog > 0 {
    let large = generate(backlog)
    report("trivial", large, count: backlog, jobs: "1")
    report("pipeline", large, count: backlog, jobs: jobs)
}
