import ArgumentParser
import Foundation
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
        do {
            reports = try StudyProcessing.run(inputs: folders.map { URL(fileURLWithPath: $0) }, output: URL(fileURLWithPath: out),
                                              configuration: configuration, jobs: jobs) { display.handle($0) }
        } catch {
            logger.error("processing stopped", metadata: ["reason": "\(safeDescription(error))"])
            throw error
        }
        for report in reports where !quiet {
            let failed = report.manifest.stages.filter { $0.status == "failed" }.map(\.name)
            let state = report.unchanged ? "unchanged" : failed.isEmpty ? "done" : "partial (failed: \(failed.joined(separator: ", ")))"
            print("\(report.studyKey)  \(state)  \(report.manifest.outputs.count) output file(s)  \(report.manifest.warnings.count) warning(s)")
        }
        if reports.contains(where: { !$0.isComplete }) { throw RadStationCommand.partialSuccess }
    }
}
