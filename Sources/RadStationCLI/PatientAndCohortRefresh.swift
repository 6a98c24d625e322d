import Cohort
import Foundation
import Logging
import Pipeline

/// The watcher's follow-up work after a publication — the patient's course (elastix: up to a minute on a
/// full-size CT), then the cohort table and dashboard — on one serial background queue, so the watcher keeps
/// settling, identifying and publishing meanwhile. Both are rebuilt from the published folders only, so a
/// watcher killed with work still queued loses nothing: the next start schedules a full rebuild.
final class PatientAndCohortRefresh: @unchecked Sendable {
    private let queue = DispatchQueue(label: "radstation.watch.course-and-cohort")
    private let output: URL
    private let configuration: ProcessConfiguration
    private let dicomFolders: [URL]
    private let logger: Logger

    /// - Parameter dicomFolders: where the studies' DICOM files are (the export folder), for `dicom_seg`'s
    ///   `lipiodol-seg.dcm` in the course.
    init(output: URL, configuration: ProcessConfiguration, dicomFolders: [URL] = [], logger: Logger) {
        self.output = output
        self.configuration = configuration
        self.dicomFolders = dicomFolders
        self.logger = logger
    }

    /// Rebuilds the course of `study`'s patient (every patient when `nil`), then the cohort, in the background.
    func schedule(after study: String?) {
        queue.async { [self] in
            CourseCommand.refresh(output: output, configuration: configuration, after: study, dicomFolders: dicomFolders, logger: logger)
            do { try Cohort.rebuild(output: output) } catch {
                logger.error("the cohort table could not be rebuilt", metadata: ["reason": "\(safeDescription(error))"])
            }
        }
    }

    /// Waits until everything scheduled is done.
    func drain() { queue.sync {} }
}
