import Foundation

extension CohortTable {
    /// The columns that identify one lesion measurement in a cohort table (`radstation cohort`): rows of two
    /// readers with equal values here are the same case.
    public static let cohortCaseColumns = ["patient", "study", "series", "phase", "roi"]

    /// Two readers' rows of a cohort table (`<out>/cohort/features.csv`: a `reader` column and
    /// ``cohortCaseColumns``) as two tables of the `features --batch` shape, each with an `ID` column (the
    /// case columns joined by `|`) and the feature columns, ready for ``ReaderPairing`` by ID.
    ///
    /// - Parameters:
    ///   - first: the first reader's label (`reader-1`).
    ///   - second: the second reader's label (`reader-2`).
    ///   - roi: keep only rows of this ROI kind (`tumour`); `nil` keeps every ROI.
    /// - Throws: ``CohortStatisticsError/missingColumn(table:column:)`` without a `reader` or case column,
    ///   ``CohortStatisticsError/emptyTable(table:)`` when a reader has no row.
    public func readerTables(_ first: String, _ second: String, roi: String?) throws -> (CohortTable, CohortTable) {
        for column in ["reader"] + Self.cohortCaseColumns where !hasColumn(column) {
            throw CohortStatisticsError.missingColumn(table: name, column: column)
        }
        let readers = cells(of: "reader") ?? [], rois = cells(of: "roi") ?? []
        let keys = Self.cohortCaseColumns.map { cells(of: $0) ?? [] }
        let featureIndices = featureNames.compactMap { columns.firstIndex(of: $0) }
        func table(_ reader: String) throws -> CohortTable {
            var rows: [[String]] = []
            for n in self.rows.indices where readers[n] == reader && (roi == nil || rois[n] == roi) {
                rows.append([keys.map { $0[n] }.joined(separator: "|")] + featureIndices.map { self.rows[n][$0] })
            }
            return try CohortTable(columns: [Self.idColumn] + featureNames, rows: rows, name: "\(name) [\(reader)]")
        }
        return (try table(first), try table(second))
    }
}
