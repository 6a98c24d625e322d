import DICOMBackend
import Foundation
import Ingest
import Pipeline

/// Plugs the DICOM backend into the watcher: which study and instance a settled file is.
struct DICOMIdentifier: InstanceIdentifier {
    let names: Pseudonymizer

    func identify(path: String) -> Identification {
        let scan: FolderScan
        do { scan = try FolderScan.scan(URL(fileURLWithPath: path)) } catch { return .unreadable(reason: safeDescription(error)) }
        if let failure = scan.failures.first { return .unreadable(reason: safeDescription(failure)) }
        if let skipped = scan.skipped.first { return .ignored(reason: skipped.reason) }
        guard let instance = scan.instances.first else { return .unreadable(reason: "not a DICOM file") }
        guard let uids = instance.catalogueUIDs, let key = names.studyKey(for: instance) else {
            return .unreadable(reason: "missingAttribute: no StudyInstanceUID or SOPInstanceUID")
        }
        do { try DICOMInstance.checkComplete(path: path) } catch { return .unreadable(reason: safeDescription(error)) }
        return .instance(studyUID: uids.study, sopInstanceUID: uids.sop, studyKey: key)
    }
}

/// Plugs the RadStation pipeline into the watcher: one study version → the `process` outputs.
struct PipelineProcessor: StudyProcessor {
    let configuration: ProcessConfiguration
    let names: Pseudonymizer
    /// Test crash point (``FaultInjection``): reached after the volumes stage wrote its files.
    var fault: FaultInjection? = nil

    func process(_ job: StudyJob) throws -> [String] {
        let scan = try FolderScan.scan(URL(fileURLWithPath: job.inputFolder))
        guard let study = StudyInputs.group(scan, names: names).first(where: { $0.key == job.studyKey }) else {
            throw PipelineError.noInput("the study's files hold no readable DICOM instance")
        }
        let fault = fault
        let manifest = try StudyProcessing.process(study, into: URL(fileURLWithPath: job.outputFolder),
                                                   configuration: configuration, names: names) { key, stage in
            if stage == "align" { fault?.reach(.duringProcessing, studyKey: key) }
        }
        if manifest.stages.first(where: { $0.name == "volumes" })?.status == "failed" {
            throw PipelineError.noInput(manifest.stages.first { $0.name == "volumes" }?.note ?? "no volume")
        }
        return manifest.warnings
    }
}

/// Plugs the pipeline into the watcher with each study attempt isolated in a child process
/// (`radstation process-study`): a study that crashes, hangs or exhausts memory fails only its attempt,
/// which the watcher counts (and, after `--max-attempts`, quarantines); the watcher itself lives on.
struct IsolatedPipelineProcessor: StudyProcessor {
    let configuration: ProcessConfiguration
    let runner: StudyAttemptRunner

    func process(_ job: StudyJob) throws -> [String] {
        // Scratch beside the job's folders, inside the watcher's work area (emptied on every start).
        let scratch = URL(fileURLWithPath: job.outputFolder).deletingLastPathComponent().appendingPathComponent("attempt").path
        let arguments = ["--input", job.inputFolder, "--study-key", job.studyKey, "--into", job.outputFolder]
        switch runner.run(arguments, configuration: configuration, scratch: scratch) {
        case .success(let result):
            return result.warnings
        case .failure(let failure) where failure.diskFull:
            throw IngestError.output(reason: String(cString: strerror(ENOSPC)))
        case .failure(let failure):
            throw failure
        }
    }
}
