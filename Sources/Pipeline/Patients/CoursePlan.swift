import DICOMBackend
import Foundation

/// Which published studies of one patient form the course: their order (StudyDate day numbers from the
/// ``PatientRegistry``, else the manifests' timepoints), the baseline (the first pre-treatment study with a
/// tumour mask, else the first with one) and the later studies as follow-ups, with each follow-up's
/// treatment status decided again among all known studies (``PatientCourse/context(of:patient:among:schedule:)``),
/// so a follow-up processed before its baseline is still treated as post-treatment.
struct CoursePlan {
    struct FollowUp {
        var study: PublishedStudy
        var treatment: TreatmentStatus
        /// Days between the baseline's and this study's StudyDate, or `nil`.
        var days: Int?
    }

    var patient: String
    var baseline: PublishedStudy
    var followUps: [FollowUp]
    /// Study keys in course order.
    var order: [String]
    /// The identity of the inputs besides the configuration: studies, manifest hashes, statuses and day offsets.
    var identity: [String]

    /// The plan, or `nil` when no study has a tumour mask or none follows the baseline.
    init?(patient: String, studies: [PublishedStudy], known: [PatientRegistry.Study], schedule: TreatmentSchedule?) {
        var days: [String: Int] = [:]
        for entry in known { if let day = entry.day { days[entry.studyKey] = day } }
        // Studies the registry does not know (copied folders) get their manifest's day offset.
        let registryKnowsAll = studies.allSatisfy { s in known.contains { $0.studyKey == s.key } }
        func day(_ s: PublishedStudy) -> Int? {
            registryKnowsAll ? days[s.key] : s.manifest.context?.timepoint.daysSinceBaseline
        }
        let ordered = studies.sorted { (day($0) ?? .max, $0.key) < (day($1) ?? .max, $1.key) }
        let entries = registryKnowsAll ? known
            : ordered.map { PatientRegistry.Study(studyKey: $0.key, day: day($0)) }
        func status(_ s: PublishedStudy) -> TreatmentStatus {
            PatientCourse.context(of: s.key, patient: patient, among: entries, schedule: schedule).treatment
        }
        let withTumour = ordered.filter { $0.tumour != nil }
        guard let baseline = withTumour.first(where: { status($0) == .preTreatment }) ?? withTumour.first,
              let start = ordered.firstIndex(where: { $0.key == baseline.key }) else { return nil }
        let later = ordered[(start + 1)...].filter { day($0) != nil || day(baseline) == nil }
        guard !later.isEmpty else { return nil }
        self.patient = patient
        self.baseline = baseline
        followUps = later.map { s in
            FollowUp(study: s, treatment: status(s), days: day(s).flatMap { d in day(baseline).map { d - $0 } })
        }
        order = ordered.map(\.key)
        // Day differences only: an absolute day number, even hashed, could be recovered by trying every date.
        let first = ordered.first.flatMap(day)
        identity = ordered.map { s in
            "\(s.key) \(s.manifestHash) \(status(s).rawValue) \(day(s).flatMap { d in first.map { String(d - $0) } } ?? "-")"
        }
    }

    /// SHA-256 of the identity, the configuration keys the course uses (thresholds, margin and the Lipiodol
    /// features' parameter file; the studies' own outputs are covered by their manifest hashes) and the course
    /// generator.
    /// `dicomSeg`: whether the Lipiodol is also written as DICOM SEG (`dicom_seg` with the DICOM inputs at hand).
    func inputsHash(configuration c: ProcessConfiguration, dicomSeg: Bool = false) -> String {
        let keys = "lipiodol_threshold_hu \(c.lipiodolThresholdHU) lipiodol_boundary \(c.lipiodolBoundary.rawValue) lipiodol_margin_mm \(c.lipiodolMarginMM) "
            + "enhancement_threshold_hu \(c.enhancementThresholdHU) "
            // The Lipiodol VOI's features: the parameter file's bytes when one is named (else the seed configuration).
            + "feature_parameters \(c.featureParameters.map { ContentHash.sha256(file: URL(fileURLWithPath: $0)) ?? "unreadable" } ?? "seed")"
            + (dicomSeg ? " dicom_seg" : "")
        let text = ([PatientCourseOutput.generator, "baseline \(baseline.key)", keys] + identity).joined(separator: "\n")
        return ContentHash.sha256(Data(text.utf8))
    }
}
