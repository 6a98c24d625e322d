import DICOMBackend
import Foundation
import Testing
import TestSupport
@testable import Pipeline

@Suite("PatientCourse")
struct PatientCourseTests {
    let names = Pseudonymizer(secret: Data(repeating: 7, count: 32))

    func study(_ key: String, day: Int?) -> PatientRegistry.Study { .init(studyKey: key, day: day) }

    @Test("by default the earliest study is pre-treatment, later ones post-treatment, with days since the baseline")
    func defaultRule() {
        let known = [study("st-b", day: 20_030), study("st-a", day: 20_000), study("st-c", day: 20_120)]
        let base = PatientCourse.context(of: "st-a", patient: "pt-1", among: known, schedule: nil)
        let second = PatientCourse.context(of: "st-b", patient: "pt-1", among: known, schedule: nil)
        let third = PatientCourse.context(of: "st-c", patient: "pt-1", among: known, schedule: nil)
        #expect(base.treatment == .preTreatment && base.timepoint.followUpNumber == 0 && base.timepoint.daysSinceBaseline == 0)
        #expect(second.treatment == .postTreatment && second.timepoint.followUpNumber == 1 && second.timepoint.daysSinceBaseline == 30)
        #expect(third.treatment == .postTreatment && third.timepoint.label == "follow-up 2" && third.timepoint.daysSinceBaseline == 120)
        #expect(base.treatmentRule == "earliest study is pre-treatment")
        // A patient's only study is pre-treatment; an undated one among several is unknown.
        #expect(PatientCourse.context(of: "st-a", patient: "pt-1", among: [study("st-a", day: nil)], schedule: nil).treatment == .preTreatment)
        let undated = PatientCourse.context(of: "st-u", patient: "pt-1", among: known + [study("st-u", day: nil)], schedule: nil)
        #expect(undated.treatment == .unknown && undated.timepoint.daysSinceBaseline == nil && undated.timepoint.label == "undated")
    }

    @Test("treatments.csv decides by the first TACE day: on or after it post-treatment, before it pre-treatment")
    func scheduleRule() throws {
        let schedule = try TreatmentSchedule.parse("PatientID,FirstTACEDate\nP1,1970-01-31\nP1,19700315\n", names: names)
        let key = try #require(names.patientKey(patientID: "P1"))
        #expect(schedule.firstTreatmentDay == [key: 30])
        let known = [study("st-a", day: 10), study("st-b", day: 30), study("st-c", day: 29)]
        #expect(PatientCourse.context(of: "st-a", patient: key, among: known, schedule: schedule).treatment == .preTreatment)
        #expect(PatientCourse.context(of: "st-c", patient: key, among: known, schedule: schedule).treatment == .preTreatment)
        let treated = PatientCourse.context(of: "st-b", patient: key, among: known, schedule: schedule)
        #expect(treated.treatment == .postTreatment && treated.treatmentRule == "treatments.csv")
        // A patient absent from the file falls back to the default rule.
        #expect(PatientCourse.context(of: "st-c", patient: "pt-other", among: known, schedule: schedule).treatment == .postTreatment)
        #expect(PatientCourse.context(of: "st-x", patient: key, among: known + [study("st-x", day: nil)], schedule: schedule).treatment == .unknown)
    }

    @Test("treatments.csv errors name the line, never the value; quoted fields and a BOM are read")
    func scheduleErrors() throws {
        #expect(throws: PipelineError.self) { try TreatmentSchedule.parse("ID,Date\nP1,2020-01-01\n", names: names) }
        #expect(throws: PipelineError.self) { try TreatmentSchedule.parse("PatientID,Arm\nP1,A\n", names: names) }
        do {
            _ = try TreatmentSchedule.parse("PatientID,tace_date\nSECRET-ID,2020-13-01\n", names: names)
            Issue.record("an invalid month was accepted")
        } catch {
            #expect("\(error)".contains("line 2") && !"\(error)".contains("SECRET") && !"\(error)".contains("2020-13"))
        }
        #expect(throws: PipelineError.self) { try TreatmentSchedule.parse("PatientID,date\n ,2020-01-01\n", names: names) }
        let quoted = try TreatmentSchedule.parse("\u{feff}\"PatientID\",\"First TACE date\"\n\"P, 2\",\"2020-01-02\"\n", names: names)
        #expect(quoted.firstTreatmentDay[try #require(names.patientKey(patientID: "P, 2"))] == 18_263)
    }

    @Test("the registry keeps every patient's studies across runs and concurrent writers")
    func registry() throws {
        let folder = try TestPaths.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let registry = PatientRegistry(stateFolder: folder)
        _ = try registry.register([("pt-1", study("st-a", day: 5))])
        DispatchQueue.concurrentPerform(iterations: 8) { n in
            _ = try? registry.register([("pt-\(n % 2)", study("st-\(n)", day: n))])
        }
        let all = try registry.all()
        #expect(all["pt-1"]?.map(\.studyKey).sorted() == ["st-1", "st-3", "st-5", "st-7", "st-a"])
        #expect(all["pt-0"]?.count == 4)
        // Re-registering a study updates it instead of adding it twice.
        let again = try registry.register([("pt-1", study("st-a", day: 6))])
        #expect(again.keys.sorted() == ["pt-1"] && again["pt-1"]?.filter { $0.studyKey == "st-a" }.map(\.day) == [6])
        let mode = try FileManager.default.attributesOfItem(atPath: registry.url.path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test("patient keys: keyed by PatientID, trimmed; never the ID itself")
    func patientKeys() throws {
        let key = try #require(names.patientKey(patientID: " 12345 "))
        #expect(key == names.patientKey(patientID: "12345") && key.hasPrefix("pt-") && key.count == 19 && !key.contains("12345"))
        #expect(names.patientKey(patientID: "   ") == nil)
        #expect(Pseudonymizer(secret: Data(repeating: 8, count: 32)).patientKey(patientID: "12345") != key)
    }
}
