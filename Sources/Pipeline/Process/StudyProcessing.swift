import DICOMBackend
import Foundation
import VolumeModule

/// `radstation process`: one folder of DICOM files → one analysis-ready output tree per study.
///
/// Stages, in order, each recorded in `manifest.json` with its status and time: volumes (assembly, exact
/// geometry, HU) → QA pictures and `qa/index.html` → manifest (written last). Later stages (phases,
/// alignment, SEG/RTSTRUCT masks, derived masks, features) plug in as their modules land; a stage that
/// cannot run is recorded as skipped with the reason, and the others go on.
///
/// Output layout of a study (`<out>/<studyKey>/`):
/// ```text
/// volumes/<seriesKey>_<n>.nii.gz + .json   every volume with its sidecar
/// qa/index.html, qa/*.png                  QA pictures of the phases on one grid
/// manifest.json                            inputs (hashes), configuration hash, tools, outputs (hashes), warnings
/// ```
/// Idempotent: a study whose `manifest.json` already records the same inputs and configuration is left as
/// it is. New outputs are built in `<out>/.radstation/tmp-…`, synced, and renamed into place, so a reader
/// never sees half a study.
public enum StudyProcessing {
    /// What happened to one study.
    public struct Report: Sendable, Codable {
        public var studyKey: String
        /// The published folder.
        public var folder: URL
        /// True when the outputs were already up to date (no work done).
        public var unchanged: Bool
        /// The manifest (new or existing).
        public var manifest: StudyManifest
        /// Whether any stage failed.
        public var isComplete: Bool { !manifest.stages.contains { $0.status == "failed" } }

        /// The report of a study whose attempt ended without a result (its isolated process died, ran out
        /// of time or memory): nothing was published; the manifest (not written anywhere) holds one failed
        /// stage, `process`, with the reason.
        public static func failed(_ study: StudyInputs, output: URL, configuration: ProcessConfiguration, reason: String,
                                  seconds: Double) -> Report {
            let manifest = StudyManifest(studyKey: study.key, inputsHash: StudyManifest.inputsHash(study.hashedInputs),
                                         configurationHash: configuration.hash, tools: StudyProcessing.tools,
                                         inputs: study.hashedInputs.sorted(), outputs: [],
                                         stages: [StudyManifest.Stage(name: "process", status: "failed", seconds: seconds, note: reason)],
                                         warnings: [])
            return Report(studyKey: study.key, folder: output.appendingPathComponent(study.key), unchanged: false, manifest: manifest)
        }
    }

    /// Runs one study somewhere else (an isolated child process): given the study, returns its report,
    /// a failed one (``Report/failed(_:output:configuration:reason:seconds:)``) when the attempt died.
    public typealias StudyRunner = @Sendable (StudyInputs) -> Report

    /// Progress: (study key, stage name).
    public typealias Progress = @Sendable (String, String) -> Void

    /// Processes every study found under `input` into `output/<studyKey>/`, one at a time.
    /// - Throws: ``PipelineError`` when nothing processable is found or outputs cannot be published;
    ///   stage failures are recorded in each manifest instead.
    public static func run(input: URL, output: URL, configuration: ProcessConfiguration = ProcessConfiguration(),
                           progress: @escaping Progress = { _, _ in }) throws -> [Report] {
        try run(inputs: [input], output: output, configuration: configuration, jobs: 1, events: { event in
            if let key = event.studyKey, case .stage(let stage) = event.kind { progress(key, stage) }
        })
    }

    /// One study: left alone when its manifest records the same inputs and configuration, else processed
    /// in `<output>/.radstation/tmp-…` and published atomically.
    public static func runOne(_ study: StudyInputs, output: URL, configuration: ProcessConfiguration, names: Pseudonymizer,
                       progress: Progress) throws -> Report {
        let final = output.appendingPathComponent(study.key)
        if let existing = publishedManifest(of: study, output: output, configuration: configuration) {
            return Report(studyKey: study.key, folder: final, unchanged: true, manifest: existing)
        }
        let temporary = output.appendingPathComponent(".radstation/tmp-\(study.key)-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: temporary) }
        let manifest = try process(study, into: temporary, configuration: configuration, names: names, progress: progress)
        try Publication.publish(temporary, as: final, scratch: output.appendingPathComponent(".radstation"))
        return Report(studyKey: study.key, folder: final, unchanged: false, manifest: manifest)
    }

    /// The manifest of `study` as published in `output`, when it records the same inputs, configuration and
    /// place in the patient's course (so processing it again would change nothing); `nil` otherwise.
    public static func publishedManifest(of study: StudyInputs, output: URL, configuration: ProcessConfiguration) -> StudyManifest? {
        guard let existing = StudyManifest.read(output.appendingPathComponent(study.key).appendingPathComponent("manifest.json")),
              existing.inputsHash == StudyManifest.inputsHash(study.hashedInputs), existing.configurationHash == configuration.hash,
              existing.context == study.effectiveContext else { return nil }
        return existing
    }

    /// Processes one study into `folder` (created; expected empty) and writes its manifest last.
    public static func process(_ study: StudyInputs, into folder: URL, configuration: ProcessConfiguration,
                               names: Pseudonymizer, progress: Progress = { _, _ in }) throws -> StudyManifest {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var run = StageRun(study: study, folder: folder, configuration: configuration, names: names)
        progress(study.key, "volumes")
        run.stage("volumes") { try $0.writeVolumes() }
        progress(study.key, "align")
        run.stage("align") { run in
            var options = alignmentOptions(run.study, configuration: run.configuration)
            options.keepImages = run.configuration.qa
            let result = try Alignment.run(assembly: run.study.assembly, failures: [], names: run.names, output: run.folder,
                                           options: options, preloaded: run.loadedByPlan)
            if options.keepImages {
                run.aligned = StageRun.AlignedImages(grid: result.report.reference.geometry, interpolation: result.report.interpolation,
                                                     fill: result.report.fillValue, byPlan: result.images)
            }
            return "\(result.report.phases.count) phase(s) on one grid"
        }
        progress(study.key, "segmentations")
        run.stage("segmentations") { try $0.importSegmentations() }
        progress(study.key, "derived masks")
        run.stage("derived") { try $0.deriveMasks() }
        if configuration.features {
            progress(study.key, "features")
            run.stage("features") { try $0.extractFeatures() }
        } else {
            run.skip("features", because: "disabled in the configuration")
        }
        if configuration.qa {
            progress(study.key, "qa")
            run.stage("qa") { try $0.writeQA() }
        } else {
            run.skip("qa", because: "disabled in the configuration")
        }
        progress(study.key, "manifest")
        let manifest = StudyManifest(studyKey: study.key, inputsHash: StudyManifest.inputsHash(study.hashedInputs),
                                     configurationHash: configuration.hash, tools: Self.tools, inputs: study.hashedInputs.sorted(),
                                     outputs: StudyManifest.outputs(in: folder), stages: run.stages, warnings: run.warnings,
                                     context: study.effectiveContext)
        try manifest.write(folder.appendingPathComponent("manifest.json"))
        return manifest
    }

    /// Deflate level of the aligned phases and their validity masks in `process` (`aligned/`): 1, not the volumes'
    /// 6. They are resampled copies, always re-derivable from `volumes/`; level 1 makes the stage 0.6× the CPU for
    /// files 3 % larger (4 phases on 384 × 384 × 73: 105 → 108 MB), with the same voxels.
    static let alignedCompressionLevel: Int32 = 1

    /// Alignment inside `process`: the study's own key and its timepoint in the patient's course.
    static func alignmentOptions(_ study: StudyInputs, configuration: ProcessConfiguration) -> Alignment.Options {
        var options = Alignment.Options(study: study.key, compressionLevel: alignedCompressionLevel)
        options.timepoint = study.effectiveContext.timepoint
        options.mrSequences = configuration.mrSequences
        return options
    }

    /// Versions recorded in manifests.
    public static let tools = ["radstation": "0.1", "dcmtk": "3.6.7"]
}
