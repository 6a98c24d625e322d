import DICOMBackend
import Foundation

/// Whether a study was acquired before or after the patient's first TACE.
public enum TreatmentStatus: String, Sendable, Codable, Equatable {
    /// Before the first treatment: nothing is called Lipiodol.
    case preTreatment = "pre-treatment"
    /// On or after the day of the first treatment.
    case postTreatment = "post-treatment"
    /// The study is undated, or the patient's studies cannot be ordered: Lipiodol is not measured.
    case unknown
}

/// Where one study stands in its patient's course: the pseudonymous patient key, the timepoint (baseline or
/// follow-up n, days since the baseline) and the treatment status, with the rule that decided it. Written to
/// `manifest.json` and the sidecars; holds no date, no identifier and no patient value.
public struct StudyContext: Sendable, Codable, Equatable {
    /// `pt-` + 16 hex digits (``Pseudonymizer/patientKey(patientID:)``).
    public var patientKey: String
    /// Baseline or follow-up n, days since the baseline, among the studies of the patient known so far
    /// (this run and earlier runs into the same output folder).
    public var timepoint: StudyTimepoint
    /// Before or after the first TACE.
    public var treatment: TreatmentStatus
    /// How ``treatment`` was decided: `"treatments.csv"` or `"earliest study is pre-treatment"`.
    public var treatmentRule: String

    /// Creates a context.
    public init(patientKey: String, timepoint: StudyTimepoint, treatment: TreatmentStatus, treatmentRule: String) {
        self.patientKey = patientKey
        self.timepoint = timepoint
        self.treatment = treatment
        self.treatmentRule = treatmentRule
    }
}
