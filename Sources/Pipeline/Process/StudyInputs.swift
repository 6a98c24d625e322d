import DICOMBackend
import Foundation

/// The DICOM objects of one study, found by a folder scan, with the content hashes of their files.
public struct StudyInputs: Sendable {
    /// Pseudonymous study key.
    public var key: String
    /// Assembly of the study's instances (volumes and other objects).
    public var assembly: SeriesAssembly
    /// Every file of the study (images, SEG, RTSTRUCT): content hash and size.
    public var hashedInputs: [StudyManifest.Input]
    /// Files of the study that could not be read or placed (no patient data in the messages).
    public var problems: [String]
    /// Pseudonymous key of the study's patient (``Pseudonymizer/patientKey(for:)``).
    public var patientKey: String
    /// Day number of the StudyDate (days since 1970-01-01), for ordering the patient's studies; kept in
    /// memory and in the private patient registry only.
    public var studyDay: Int?
    /// Where the study stands in its patient's course (``PatientCourse``); `nil` until planned, when the
    /// study is treated as a patient's only (pre-treatment) study.
    public var context: StudyContext?

    /// The context to process with: ``context``, or that of a patient's only study.
    public var effectiveContext: StudyContext {
        context ?? PatientCourse.context(of: key, patient: patientKey, among: [.init(studyKey: key, day: studyDay)], schedule: nil)
    }

    /// Splits a scan by study key; files without a StudyInstanceUID are dropped (reported by the scan).
    public static func group(_ scan: FolderScan, names: Pseudonymizer) -> [StudyInputs] {
        var byKey: [String: [DICOMInstance]] = [:]
        for instance in scan.instances {
            guard let key = names.studyKey(for: instance) else { continue }
            byKey[key, default: []].append(instance)
        }
        return byKey.keys.sorted().map { key in
            let instances = byKey[key]!
            let hashes = parallelHashes(instances.map(\.path))
            // Patient and date from the images (a SEG or RTSTRUCT may be made another day).
            let sorted = instances.sorted { ($0.isVolumeImage ? 0 : 1, $0.path) < ($1.isVolumeImage ? 0 : 1, $1.path) }
            let first = sorted.first { !($0.identity.patientID ?? "").trimmingCharacters(in: .whitespaces).isEmpty } ?? sorted[0]
            return StudyInputs(key: key, assembly: SeriesAssembly(instances), hashedInputs: hashes, problems: [],
                               patientKey: names.patientKey(for: first) ?? "pt-" + key.dropFirst(3),
                               studyDay: sorted.lazy.compactMap { $0.identity.studyDate.flatMap(StudyTimeline.dayNumber) }.first)
        }
    }

    static func parallelHashes(_ paths: [String]) -> [StudyManifest.Input] {
        final class Box: @unchecked Sendable { var items: [StudyManifest.Input?] ; init(_ n: Int) { items = Array(repeating: nil, count: n) } }
        let box = Box(paths.count)
        let lock = NSLock()
        DispatchQueue.concurrentPerform(iterations: paths.count) { n in
            let url = URL(fileURLWithPath: paths[n])
            let size = (try? FileManager.default.attributesOfItem(atPath: paths[n])[.size] as? Int64) ?? 0
            let item = ContentHash.sha256(file: url).map { StudyManifest.Input(sha256: $0, bytes: size) }
            lock.withLock { box.items[n] = item }
        }
        return box.items.compactMap { $0 }
    }
}
