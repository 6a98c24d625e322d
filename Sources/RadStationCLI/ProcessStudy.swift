import ArgumentParser
import DICOMBackend
import Foundation
import Ingest
import Pipeline

/// `radstation process-study` (hidden): one study attempt in its own process, started by `watch` and
/// `process` through ``StudyAttemptRunner``, so a study that crashes, hangs or exhausts memory costs only
/// this process. It limits its own address space first, dies with its parent, and writes a
/// ``StudyAttemptResult`` last.
struct ProcessStudy: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "process-study",
        abstract: "Run one study attempt in isolation (used by watch and process; not for direct use).",
        shouldDisplay: false)

    @Option(help: "A folder holding the study's files (repeatable).")
    var input: [String] = []

    @Option(help: "A file listing the study's files, one absolute path per line.")
    var files: String?

    @Option(help: "The pseudonymous key of the study to process.")
    var studyKey: String

    @Option(help: "Write the study's outputs into this (empty) folder; the parent publishes them.")
    var into: String?

    @Option(help: "Publish the study atomically and idempotently as <publish>/<studyKey>.")
    var publish: String?

    @Option(help: "The pseudonym key file.")
    var keyFile: String

    @Option(help: "The pipeline configuration as JSON.")
    var configurationJson: String

    @Option(help: "Where to write the result (JSON).")
    var result: String

    @Option(help: "Address-space limit in bytes (RLIMIT_AS).")
    var addressSpaceBytes: Int64?

    func validate() throws {
        guard (into == nil) != (publish == nil) else { throw ValidationError("give exactly one of --into and --publish") }
        guard !input.isEmpty || files != nil else { throw ValidationError("give --input or --files") }
    }

    func run() throws {
        ChildProcess.limitSelf(addressSpaceBytes: addressSpaceBytes)
        var outcome: StudyAttemptResult
        do {
            outcome = try attempt()
        } catch where OutputSpace.isExhausted(error) {
            outcome = StudyAttemptResult(status: .diskFull, error: "the output disk is full: \(safeDescription(error))")
        } catch {
            outcome = StudyAttemptResult(status: .failed, error: safeDescription(error))
        }
        try outcome.write(to: result)
    }

    private func attempt() throws -> StudyAttemptResult {
        let configuration = try JSONDecoder().decode(ProcessConfiguration.self, from: Data(contentsOf: URL(fileURLWithPath: configurationJson)))
        let names = try Pseudonymizer.loadOrCreate(at: URL(fileURLWithPath: keyFile))
        var scan: FolderScan
        if let files {
            let list = try String(contentsOfFile: files, encoding: .utf8).split(separator: "\n").map(String.init)
            scan = FolderScan.scan(files: list)
        } else {
            scan = try FolderScan.scan(URL(fileURLWithPath: input[0]))
            for folder in input.dropFirst() {
                let more = try FolderScan.scan(URL(fileURLWithPath: folder))
                scan.instances += more.instances
                scan.failures += more.failures
            }
        }
        guard let found = StudyInputs.group(scan, names: names).first(where: { $0.key == studyKey }) else {
            throw PipelineError.noInput("the study's files hold no readable DICOM instance")
        }
        // The patient's course: this study among those registered in the output folder's private state.
        var planned = [found]
        try PatientCourse.plan(&planned, stateFolder: URL(fileURLWithPath: keyFile).deletingLastPathComponent(),
                               configuration: configuration, names: names)
        let study = planned[0]
        let fault = FaultInjection.fromEnvironment()
        if let into {
            let manifest = try StudyProcessing.process(study, into: URL(fileURLWithPath: into), configuration: configuration,
                                                       names: names) { key, stage in
                if stage == "align" { fault?.reach(.duringProcessing, studyKey: key) }
            }
            if let volumes = manifest.stages.first(where: { $0.name == "volumes" }), volumes.status == "failed" {
                return StudyAttemptResult(status: .failed, error: "\(PipelineError.noInput(volumes.note ?? "no volume"))")
            }
            return StudyAttemptResult(status: .done, warnings: manifest.warnings)
        }
        let report = try StudyProcessing.runOne(study, output: URL(fileURLWithPath: publish!), configuration: configuration,
                                                names: names) { key, stage in
            FileHandle.standardOutput.write(Data((StudyAttemptRunner.stagePrefix + stage + "\n").utf8))
            if stage == "align" { fault?.reach(.duringProcessing, studyKey: key) }
        }
        return StudyAttemptResult(status: .done, warnings: report.manifest.warnings, report: report)
    }
}
