import CohortStatistics
import Foundation

/// The dashboard's inter-reader summary: ICC(2,1) of every feature between the cohort table's `reader-1` and
/// `reader-2` tumour rows (``CohortTable/readerTables(_:_:roi:)``, the values of `radstation icc --cohort`).
enum CohortReaderAgreement {
    /// One sentence for the dashboard (no patient data: counts and ICC values only).
    /// `readers`: the reader labels of the table's rows; without both readers the table is not parsed again.
    static func summary(csv: String, readers: Set<String>? = nil, minimumICC: Double = 0.75) -> String {
        guard readers.map({ $0.isSuperset(of: ["reader-1", "reader-2"]) }) ?? true, let table = try? CohortTable(csv: csv, name: "features.csv"), table.hasColumn("reader"),
              let readers = table.cells(of: "reader"), readers.contains("reader-1"), readers.contains("reader-2") else {
            return "no second reader's segmentation in this cohort's studies (two readers' tables: <code>radstation icc A.csv B.csv</code>)."
        }
        do {
            let (first, second) = try table.readerTables("reader-1", "reader-2", roi: "tumour")
            let pairing = try ReaderPairing(first, second)
            let icc = try ICCTable(pairing: pairing, first, second)
            let values = icc.entries.compactMap { $0.icc.agreement?.value }.sorted()
            guard !values.isEmpty else {
                return "\(pairing.rows.count) lesion(s) with two readers: no ICC defined (it needs 3 lesions and variance between them)."
            }
            let passing = values.filter { $0 >= minimumICC }.count
            return String(format: "%d lesion(s) with two readers; ICC(2,1) ≥ %.2f for %d of %d feature(s) (median %.3f). ",
                          pairing.rows.count, minimumICC, passing, values.count, values[values.count / 2])
                + "Per feature: <code>radstation icc --cohort features.csv</code>."
        } catch {
            return "two readers, but no ICC: \(CohortDashboard.escape("\(error)"))."
        }
    }
}
