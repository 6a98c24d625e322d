import CohortStatistics
import Foundation
import Pipeline

/// Assembles the wide cohort table from the published studies' feature files.
///
/// One row per (patient, study, series, phase, ROI kind, reader) — one per entry of each study's
/// `features/extractions.json` — with the key columns ``keyColumns`` first, then one column per feature in
/// PyRadiomics' names (the order of first appearance; `diagnostics_*` entries are left out). A feature a row
/// lacks is an empty cell. Keys are pseudonymous only (patient and study keys, series keys); the text of a
/// value is copied as the study's long CSV holds it, so numbers round-trip exactly.
enum CohortTableBuilder {
    /// The key columns, in order.
    static let keyColumns = ["patient", "study", "timepoint", "days_since_baseline", "treatment", "series", "phase", "roi", "reader"]

    /// The table's CSV text and its feature column names.
    static func build(_ studies: [CohortStudy]) -> (csv: String, features: [String], rows: Int, readers: Set<String>, problems: [String]) {
        var featureOrder: [String] = [], featureIndex: [String: Int] = [:]
        var rows: [(keys: [String], values: [Int: Substring])] = []
        var problems: [String] = []
        for study in studies {
            let context = study.manifest.context
            let studyKeys = [context?.patientKey ?? "", study.key, context?.timepoint.label ?? "",
                             context?.timepoint.daysSinceBaseline.map(String.init) ?? "", context?.treatment.rawValue ?? ""]
            for extraction in study.extractions {
                guard let data = FileManager.default.contents(atPath: study.folder.appendingPathComponent(extraction.file).path) else {
                    problems.append("\(study.key): \(extraction.file) is missing")
                    continue
                }
                var values: [Int: Substring] = [:]
                let text = String(decoding: data, as: UTF8.self)
                for line in text.split(separator: "\n").dropFirst() {
                    guard let comma = line.firstIndex(of: ",") else { continue }
                    let name = String(line[..<comma])
                    guard !name.hasPrefix("diagnostics_") else { continue }
                    var value = line[line.index(after: comma)...]
                    if value.last == "\r" { value = value.dropLast() }
                    let column: Int
                    if let known = featureIndex[name] { column = known } else {
                        column = featureOrder.count
                        featureIndex[name] = column
                        featureOrder.append(name)
                    }
                    values[column] = value
                }
                rows.append((studyKeys + [extraction.series, extraction.phase, extraction.roi, extraction.reader ?? ""], values))
            }
        }
        var csv = (keyColumns + featureOrder).map(CSV.field).joined(separator: ",") + "\n"
        csv.reserveCapacity(rows.count * featureOrder.count * 20)
        for row in rows {
            csv += row.keys.map(CSV.field).joined(separator: ",")
            for column in featureOrder.indices {
                csv += ","
                if let value = row.values[column] { csv += CSV.field(String(value)) }
            }
            csv += "\n"
        }
        return (csv, featureOrder, rows.count, Set(studies.flatMap { $0.extractions.compactMap(\.reader) }), problems)
    }
}
