import CohortStatistics
import DICOMBackend
import Foundation

/// The date of each patient's first TACE, from a `treatments.csv` the user keeps beside the export:
///
/// ```text
/// PatientID,FirstTACEDate
/// 12345678,2024-03-18
/// ```
///
/// The first column named `PatientID` (case-insensitive) and the first whose name contains `date` are used;
/// dates are `YYYY-MM-DD` or DICOM `YYYYMMDD`. The file is read, kept in memory as pseudonymous patient
/// keys and day numbers, and never copied to any output; error messages name line numbers, never values.
public struct TreatmentSchedule: Sendable, Equatable {
    /// Day number (days since 1970-01-01, UTC) of the first treatment, by patient key.
    public var firstTreatmentDay: [String: Int]

    /// A schedule from day numbers by patient key.
    public init(firstTreatmentDay: [String: Int] = [:]) {
        self.firstTreatmentDay = firstTreatmentDay
    }

    /// Reads `url`.
    /// - Throws: ``PipelineError/configuration(_:)`` when the file cannot be read, lacks the columns, or a
    ///   line has an empty ID or an invalid date (the line number is named, never the value).
    public static func read(_ url: URL, names: Pseudonymizer) throws -> TreatmentSchedule {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw PipelineError.configuration("the treatments file cannot be read")
        }
        return try parse(String(decoding: data, as: UTF8.self), names: names)
    }

    /// Parses the text of a treatments file (see ``read(_:names:)``).
    public static func parse(_ text: String, names: Pseudonymizer) throws -> TreatmentSchedule {
        let lines: [[String]]
        do { lines = try CSV.parse(text, table: "treatments file") } catch {
            throw PipelineError.configuration("the treatments file is empty or not valid CSV (\(error))")
        }
        let columns = lines[0].map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard let idColumn = columns.firstIndex(of: "patientid") else {
            throw PipelineError.configuration("the treatments file has no PatientID column")
        }
        guard let dateColumn = columns.firstIndex(where: { $0.contains("date") }) else {
            throw PipelineError.configuration("the treatments file has no column whose name contains 'date'")
        }
        var days: [String: Int] = [:]
        for (n, values) in lines.enumerated().dropFirst() {
            guard let key = names.patientKey(patientID: values[idColumn]) else {
                throw PipelineError.configuration("treatments file line \(n + 1): no PatientID")
            }
            guard let day = dayNumber(values[dateColumn]) else {
                throw PipelineError.configuration("treatments file line \(n + 1): the date is not YYYY-MM-DD or YYYYMMDD")
            }
            // The first TACE: the earliest date given for the patient.
            days[key] = min(days[key] ?? .max, day)
        }
        return TreatmentSchedule(firstTreatmentDay: days)
    }

    /// Day number of `YYYY-MM-DD` or `YYYYMMDD`.
    static func dayNumber(_ text: String) -> Int? {
        let t = text.trimmingCharacters(in: .whitespaces)
        let parts = t.split(separator: "-")
        if parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2 {
            return StudyTimeline.dayNumber(parts.joined())
        }
        return t.contains("-") ? nil : StudyTimeline.dayNumber(t)
    }
}
