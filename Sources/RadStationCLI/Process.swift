import ArgumentParser
import Foundation
import Pipeline

/// `radstation process <folder> --out <dir>`: every study in a folder → analysis-ready outputs.
struct Process: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Process every study in a folder of DICOM files into analysis-ready outputs.",
        discussion: """
            Stages: volumes (exact geometry, HU) → QA pictures + qa/index.html → manifest.json (written last: \
            input hashes, configuration hash, tool versions, output hashes, warnings). Output: \
            <out>/<studyKey>/, published atomically; a study whose manifest already records the same inputs \
            and configuration is left untouched. Configuration keys and defaults: see README (pipeline.yaml).
            Exit code 0: every study complete; 3: some stage failed somewhere (see manifest.json); 1: nothing processed.
            """)

    @Argument(help: "Folder with the DICOM files of one or more studies.")
    var folder: String

    @Option(name: .long, help: "Output folder.")
    var out: String

    @Option(name: .long, help: "Pipeline configuration (YAML); unknown keys or bad values stop before any work.")
    var config: String?

    @Flag(help: "Print nothing but errors.")
    var quiet = false

    func run() throws {
        let configuration = try config.map { try ProcessConfiguration.read(URL(fileURLWithPath: $0)) } ?? ProcessConfiguration()
        let terminal = !quiet && isatty(STDERR_FILENO) != 0
        let start = Date()
        let reports = try StudyProcessing.run(input: URL(fileURLWithPath: folder), output: URL(fileURLWithPath: out),
                                              configuration: configuration) { key, stage in
            if terminal {
                FileHandle.standardError.write(Data(String(format: "%6.1f s  %@  %@\n", Date().timeIntervalSince(start), key, stage).utf8))
            }
        }
        for report in reports where !quiet {
            let failed = report.manifest.stages.filter { $0.status == "failed" }.map(\.name)
            let state = report.unchanged ? "unchanged" : failed.isEmpty ? "done" : "partial (failed: \(failed.joined(separator: ", ")))"
            print("\(report.studyKey)  \(state)  \(report.manifest.outputs.count) output file(s)  \(report.manifest.warnings.count) warning(s)")
        }
        if reports.contains(where: { !$0.isComplete }) { throw RadStationCommand.partialSuccess }
    }
}
