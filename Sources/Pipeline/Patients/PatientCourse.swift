import DICOMBackend
import Foundation

/// Places each study in its patient's course: groups studies by patient (pseudonymous key of the
/// PatientID, used internally only), orders them by StudyDate across this run and earlier runs into the
/// same output folder (``PatientRegistry``), and decides whether each was acquired before or after the
/// first TACE.
///
/// Treatment status, in order of precedence:
/// 1. `treatments.csv` (``TreatmentSchedule``) gives the patient's first TACE date: a study on or after that
///    day is post-treatment, one before it pre-treatment; an undated study is `unknown`.
/// 2. Otherwise the earliest study of the patient is pre-treatment (a patient with one study included) and
///    every later one post-treatment; an undated study of a patient with several studies is `unknown`.
public enum PatientCourse {
    /// The context of every study (by study key), after registering all of them.
    /// - Throws: ``PipelineError/output(_:)`` when the registry cannot be updated.
    public static func contexts(for studies: [StudyInputs], registry: PatientRegistry,
                                schedule: TreatmentSchedule?) throws -> [String: StudyContext] {
        let known = try registry.register(studies.map { ($0.patientKey, PatientRegistry.Study(studyKey: $0.key, day: $0.studyDay)) })
        var result: [String: StudyContext] = [:]
        for study in studies {
            result[study.key] = context(of: study.key, patient: study.patientKey, among: known[study.patientKey] ?? [], schedule: schedule)
        }
        return result
    }

    /// The context of study `studyKey` among the known studies of its patient.
    public static func context(of studyKey: String, patient: String, among known: [PatientRegistry.Study],
                               schedule: TreatmentSchedule?) -> StudyContext {
        let ordered = known.sorted { ($0.day ?? .max, $0.studyKey) < ($1.day ?? .max, $1.studyKey) }
        let n = ordered.firstIndex { $0.studyKey == studyKey } ?? 0
        let day = ordered.indices.contains(n) ? ordered[n].day : nil
        let base = ordered.first?.day
        let timepoint = StudyTimepoint(followUpNumber: n, daysSinceBaseline: base.flatMap { b in day.map { $0 - b } },
                                       studiesOfPatient: max(ordered.count, 1))
        if let treated = schedule?.firstTreatmentDay[patient] {
            let status: TreatmentStatus = day.map { $0 >= treated ? .postTreatment : .preTreatment } ?? .unknown
            return StudyContext(patientKey: patient, timepoint: timepoint, treatment: status, treatmentRule: "treatments.csv")
        }
        let status: TreatmentStatus = ordered.count <= 1 ? .preTreatment
            : day == nil ? .unknown
            : n == 0 ? .preTreatment : .postTreatment
        return StudyContext(patientKey: patient, timepoint: timepoint, treatment: status, treatmentRule: "earliest study is pre-treatment")
    }
}

extension PatientCourse {
    /// Registers `studies` in the output folder's patient registry (`stateFolder` = `<out>/.radstation`) and
    /// sets each study's ``StudyInputs/context``, with the configuration's `treatments` file when it names one.
    /// - Throws: ``PipelineError`` when the treatments file is invalid or the registry cannot be updated.
    public static func plan(_ studies: inout [StudyInputs], stateFolder: URL, configuration: ProcessConfiguration,
                            names: Pseudonymizer) throws {
        let schedule = try configuration.treatments.map { try TreatmentSchedule.read(URL(fileURLWithPath: $0), names: names) }
        let contexts = try contexts(for: studies, registry: PatientRegistry(stateFolder: stateFolder), schedule: schedule)
        for n in studies.indices { studies[n].context = contexts[studies[n].key] }
    }
}
