import ArgumentParser
import Foundation
import Logging
import Pipeline

/// `radstation course <out>`: every patient's `<out>/<patientKey>/response.json` from the published studies.
struct CourseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "course",
        abstract: "Rebuild every patient's course folder (<out>/<patientKey>/response.json) from the published studies.",
        discussion: """
            For each patient with a baseline (first pre-treatment study with a tumour mask) and later studies: registers \
            each follow-up's unenhanced CT to the baseline with elastix (or patient coordinates when they share a frame \
            of reference), carries the target lesion and liver onto the follow-up, and measures Lipiodol in and outside \
            the lesion, viable tumour and the necrosis rate. Published atomically; a patient whose inputs are unchanged \
            is left untouched. `process` and `watch` run it after publishing. Needs `elastix` on PATH (Debian package \
            elastix) for studies in different frames of reference.
            """)

    @Argument(help: "The output folder of process or watch.")
    var out: String

    @Option(name: .long, help: "Pipeline configuration (YAML), as for `process` (thresholds, lipiodol_margin_mm, treatments).")
    var config: String?

    @Option(name: .customLong("dicom"),
            help: "A DICOM folder the studies came from (repeatable): with dicom_seg: true, each follow-up's Lipiodol is also written as followups/<study>/lipiodol-seg.dcm referencing its series.")
    var dicom: [String] = []

    func run() throws {
        let configuration = try config.map { try ProcessConfiguration.read(URL(fileURLWithPath: $0)) } ?? ProcessConfiguration()
        let summary = try PatientCourseOutput.rebuild(output: URL(fileURLWithPath: out), configuration: configuration,
                                                      dicomFolders: dicom.map { URL(fileURLWithPath: $0) })
        print("\(summary.patients) patient(s) with a course: \(summary.rebuilt) rebuilt, \(summary.unchanged) unchanged"
              + (summary.removed > 0 ? ", \(summary.removed) folder(s) of patients without a course removed" : ""))
        for problem in summary.problems { print("warning: \(problem)") }
        if !summary.problems.isEmpty { throw RadStationCommand.partialSuccess }
    }

    /// After `process` or a `watch` publication: rebuilds the courses concerned, logging (never throwing) problems.
    /// - Parameter study: the study just published (`watch`); `nil` = every patient (`process`).
    /// - Parameter dicomFolders: `process`'s input folders or `watch`'s export folder (for `dicom_seg`'s course
    ///   Lipiodol SEG).
    static func refresh(output: URL, configuration: ProcessConfiguration, after study: String? = nil, dicomFolders: [URL] = [],
                        logger: Logger) {
        do {
            let summary = try study.map {
                try PatientCourseOutput.rebuildAfterPublication(of: $0, output: output, configuration: configuration, dicomFolders: dicomFolders)
            }
                ?? PatientCourseOutput.rebuild(output: output, configuration: configuration, dicomFolders: dicomFolders)
            for problem in summary?.problems ?? [] { logger.warning("patient course", metadata: ["problem": "\(problem)"]) }
        } catch {
            logger.error("the patient courses could not be rebuilt", metadata: ["reason": "\(safeDescription(error))"])
        }
    }
}
