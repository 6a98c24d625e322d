import ArgumentParser
import Cohort
import Foundation
import Ingest
import Logging
import Pipeline

/// `radstation process <folder>… --out <dir>`: every study in one or more folders → analysis-ready outputs.
struct Process: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Process every study in one or more folders of DICOM files into analysis-ready outputs.",
        discussion: """
            Stages: volumes (exact geometry, HU) → align → segmentations → derived masks → features → QA pictures + \
            qa/index.html → manifest.json (written last: input hashes, configuration hash, tool versions, output \
            hashes, warnings). Output: <out>/<studyKey>/, published atomically; a study whose manifest already records \
            the same inputs and configuration is left untouched. --jobs N processes N studies at once (memory grows \
            with N, not with the number of studies). On a terminal: one progress line per stage (elapsed, stage, \
            percent, time of the previous stage); otherwise quiet structured logs (--log-format text|json). \
            Configuration keys and defaults: see README (pipeline.yaml).
            Exit code 0: every study complete; 3: some stage failed somewhere (see manifest.json); 1: nothing processed.
            """)

    @Argument(help: "Folders with the DICOM files of one or more studies (a folder of studies, or several study folders).")
    var folders: [String]

    @Option(name: .long, help: "Output folder.")
    var out: String

    @Option(name: .long, help: "Pipeline configuration (YAML); unknown keys or bad values stop before any work.")
    var config: String?

    @Option(help: "Studies processed at the same time.")
    var jobs: Int = 1

    @Option(help: "Log format on stderr when it is not a terminal: text or json.")
    var logFormat: LogFormat = .text

    @Flag(help: "Print nothing but errors.")
    var quiet = false

    @OptionGroup var attempt: AttemptOptions

    @Flag(help: "Run every study inside this process instead of one isolated child process per study.")
    var inProcess = false

    func validate() throws {
        guard !folders.isEmpty else { throw ValidationError("give at least one input folder") }
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
    }

    func run() throws {
        let configuration = try config.map { try ProcessConfiguration.read(URL(fileURLWithPath: $0)) } ?? ProcessConfiguration()
        let terminal = !quiet && isatty(STDERR_FILENO) != 0
        let logger = RadStationLog.logger("radstation.process", format: logFormat, level: quiet ? .error : .info)
        let display = ProcessProgress(mode: terminal ? .terminal(.standardError) : .log(logger))
        let reports: [StudyProcessing.Report]
        let rejected = RejectedFiles()
        do {
            let output = URL(fileURLWithPath: out)
            let events: @Sendable (StudyProcessing.ProgressEvent) -> Void = { event in
                if case .rejected(let files, let reasons) = event.kind { rejected.set(files, reasons) }
                display.handle(event)
            }
            reports = try StudyProcessing.run(inputs: folders.map { URL(fileURLWithPath: $0) }, output: output,
                                              configuration: configuration, jobs: jobs,
                                              runner: inProcess ? nil : isolatedRunner(output: output, configuration: configuration,
                                                                                       events: events),
                                              events: events)
            var runReport = ProcessRunReport(reports)
            (runReport.rejectedFiles, runReport.rejectedReasons) = rejected.get()
            try? runReport.write(to: output.appendingPathComponent(".radstation/process-report.json"))
            // Every patient's course, then the cohort table and dashboard (which shows the courses).
            CourseCommand.refresh(output: output, configuration: configuration, dicomFolders: folders.map { URL(fileURLWithPath: $0) },
                                  logger: logger)
            do { try Cohort.rebuild(output: output) } catch {
                logger.error("the cohort table could not be rebuilt", metadata: ["reason": "\(safeDescription(error))"])
            }
        } catch {
            logger.error("processing stopped", metadata: ["reason": "\(safeDescription(error))"])
            throw error
        }
        for report in reports where !quiet {
            let failed = report.manifest.stages.filter { $0.status == "failed" }
            let state = report.unchanged ? "unchanged"
                : failed.isEmpty ? "done"
                : failed.map(\.name) == ["process"] ? "failed (\(failed[0].note ?? "no result"); nothing published)"
                : "partial (failed: \(failed.map(\.name).joined(separator: ", ")))"
            print("\(report.studyKey)  \(state)  \(report.manifest.outputs.count) output file(s)  \(report.manifest.warnings.count) warning(s)")
        }
        if reports.contains(where: { !$0.isComplete }) { throw RadStationCommand.partialSuccess }
        if rejected.get().0 > 0 { throw RadStationCommand.partialSuccess }
    }

    /// One isolated child process per study (`radstation process-study`, see ``StudyAttemptRunner``): a study
    /// that crashes, hangs or exhausts memory is reported failed and the others finish.
    private func isolatedRunner(output: URL, configuration: ProcessConfiguration,
                                events: @escaping @Sendable (StudyProcessing.ProgressEvent) -> Void) -> StudyProcessing.StudyRunner {
        let runner = StudyAttemptRunner(limits: attempt.limits, keyFile: output.appendingPathComponent(Conversion.keyFile).path)
        return { study in
            let started = Date()
            let progress: @Sendable (String) -> Void = { events(StudyProcessing.ProgressEvent(studyKey: study.key, kind: .stage($0))) }
            switch runner.publish(studyKey: study.key, files: study.assembly.instances.map(\.path), output: output,
                                  configuration: configuration, stages: progress) {
            case .success(let result) where result.report != nil:
                return result.report!
            case .success:
                return .failed(study, output: output, configuration: configuration, reason: "the isolated attempt returned no report",
                               seconds: Date().timeIntervalSince(started))
            case .failure(let failure):
                return .failed(study, output: output, configuration: configuration, reason: failure.reason,
                               seconds: Date().timeIntervalSince(started))
            }
        }
    }
}

/// `<out>/.radstation/process-report.json`: what the last `process` run did with each study (keys, states,
/// failed stages with their reasons; no patient data). A study whose isolated process died is recorded here,
/// since nothing of it was published.
struct ProcessRunReport: Encodable {
    struct Entry: Encodable {
        var studyKey: String
        var state: String
        var failedStages: [StudyManifest.Stage]
    }
    var studies: [Entry]
    /// Files of the inputs rejected by the scan (in no study's manifest), and the distinct reasons.
    var rejectedFiles = 0
    var rejectedReasons: [String] = []

    init(_ reports: [StudyProcessing.Report]) {
        studies = reports.map { r in
            let failed = r.manifest.stages.filter { $0.status == "failed" }
            return Entry(studyKey: r.studyKey, state: r.unchanged ? "unchanged" : failed.isEmpty ? "done" : "failed", failedStages: failed)
        }
    }

    func write(to url: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(self).write(to: url, options: .atomic)
    }
}

/// The rejected-files event of a run, kept for its report.
final class RejectedFiles: @unchecked Sendable {
    private let lock = NSLock()
    private var files = 0
    private var reasons: [String] = []
    func set(_ files: Int, _ reasons: [String]) { lock.withLock { (self.files, self.reasons) = (files, reasons) } }
    func get() -> (Int, [String]) { lock.withLock { (files, reasons) } }
}
