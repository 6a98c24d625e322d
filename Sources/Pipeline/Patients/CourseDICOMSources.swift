import DICOMBackend
import Foundation

/// The DICOM input folders of a `process` run, for the patient course's opt-in DICOM SEG (`dicom_seg: true`):
/// scanned once, on first use, and split by study key (the same pseudonymous keys as the study folders). The
/// course otherwise reads only published folders, which hold no UIDs — a SEG needs the referenced instances.
final class CourseDICOMSources {
    private let folders: [URL]
    private let names: Pseudonymizer
    private var byStudy: [String: SeriesAssembly]?

    init(folders: [URL], names: Pseudonymizer) {
        self.folders = folders
        self.names = names
    }

    /// The series assembly of study `key`, or `nil` when none of the folders holds it (or cannot be scanned).
    func assembly(of key: String) -> SeriesAssembly? {
        if byStudy == nil {
            var instances: [String: [DICOMInstance]] = [:]
            for folder in folders {
                guard let scan = try? FolderScan.scan(folder) else { continue }
                for instance in scan.instances {
                    guard let study = names.studyKey(for: instance) else { continue }
                    instances[study, default: []].append(instance)
                }
            }
            byStudy = instances.mapValues { SeriesAssembly($0) }
        }
        return byStudy?[key]
    }
}
