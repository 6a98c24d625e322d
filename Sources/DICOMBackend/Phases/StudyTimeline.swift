import Foundation

/// Where a study stands in its patient's series of studies: the baseline (earliest StudyDate) or the n-th
/// follow-up (e.g. after TACE), with days since the baseline. Contains no date and no identifier.
public struct StudyTimepoint: Sendable, Codable, Equatable {
    /// 0 for the baseline, n for the n-th follow-up.
    public var followUpNumber: Int
    /// Whole days between the baseline's StudyDate (0008,0020) and this study's; `nil` when either date
    /// is missing or unreadable (the study is then ordered last and labelled "undated").
    public var daysSinceBaseline: Int?
    /// Number of studies of this patient in the input.
    public var studiesOfPatient: Int

    /// Creates a timepoint.
    public init(followUpNumber: Int, daysSinceBaseline: Int?, studiesOfPatient: Int) {
        self.followUpNumber = followUpNumber
        self.daysSinceBaseline = daysSinceBaseline
        self.studiesOfPatient = studiesOfPatient
    }

    /// "baseline", "follow-up 1", … or "undated" when the study date is unknown and the patient has
    /// other studies.
    public var label: String {
        if daysSinceBaseline == nil && studiesOfPatient > 1 { return "undated" }
        return followUpNumber == 0 ? "baseline" : "follow-up \(followUpNumber)"
    }
}

/// Groups the studies of an assembly by patient (PatientID (0010,0020), used internally and never
/// output) and orders each patient's studies by StudyDate (0008,0020), then StudyInstanceUID for equal
/// dates. Studies without a PatientID are each their own patient.
public enum StudyTimeline {
    /// The timepoint of every plan's study (same order as `assembly.plans`).
    public static func timepoints(_ assembly: SeriesAssembly) -> [StudyTimepoint] {
        struct Study { var uid: String; var patient: String; var date: Int? }
        var studies: [String: Study] = [:]
        for plan in assembly.plans where studies[plan.studyInstanceUID] == nil {
            let id = plan.identity(in: assembly.instances)
            let patient = id.patientID?.trimmingCharacters(in: .whitespaces)
            studies[plan.studyInstanceUID] = Study(
                uid: plan.studyInstanceUID, patient: (patient?.isEmpty ?? true) ? "\u{0}" + plan.studyInstanceUID : patient!,
                date: id.studyDate.flatMap(dayNumber))
        }
        var result: [String: StudyTimepoint] = [:]
        for (_, group) in Dictionary(grouping: studies.values, by: \.patient) {
            let ordered = group.sorted { ($0.date ?? .max, $0.uid) < ($1.date ?? .max, $1.uid) }
            let base = ordered[0].date
            for (n, s) in ordered.enumerated() {
                result[s.uid] = StudyTimepoint(followUpNumber: n, daysSinceBaseline: base.flatMap { b in s.date.map { $0 - b } },
                                               studiesOfPatient: ordered.count)
            }
        }
        return assembly.plans.map { result[$0.studyInstanceUID]! }
    }

    /// Days since 1970-01-01 of a DA value `YYYYMMDD` (also the retired `YYYY.MM.DD`), or `nil`.
    public static func dayNumber(_ text: String) -> Int? {
        let digits = text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ".", with: "")
        guard digits.count == 8, digits.allSatisfy(\.isNumber), let value = Int(digits) else { return nil }
        var c = DateComponents()
        c.year = value / 10000
        c.month = value / 100 % 100
        c.day = value % 100
        c.timeZone = TimeZone(identifier: "UTC")
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        guard (1...12).contains(c.month!), (1...31).contains(c.day!), let date = calendar.date(from: c),
              calendar.component(.day, from: date) == c.day else { return nil }
        return Int((date.timeIntervalSince1970 / 86_400).rounded())
    }
}
