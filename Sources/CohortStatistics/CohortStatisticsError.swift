/// Why a cohort table could not be read or a cohort statistic could not be computed.
///
/// Tables are named by the label their reader was given (``CohortTable/name``, usually the file name) and rows by
/// their line in the file (line 1 is the header). Cell values never appear: an ID column may hold patient
/// identifiers (DESIGN.md §5.6).
public enum CohortStatisticsError: Error, Sendable, Equatable {
    /// The text is not CSV as RFC 4180 defines it (an unterminated quote, a quote inside an unquoted field, a
    /// line whose number of fields differs from the header's).
    case malformedCSV(table: String, line: Int, reason: String)
    /// The table has no header, or a header but no data row.
    case emptyTable(table: String)
    /// Two header fields have the same name.
    case duplicateColumn(table: String, column: String)
    /// A column the operation needs is absent.
    case missingColumn(table: String, column: String)
    /// A feature column holds a cell that is neither empty, `nan`/`inf`, nor a decimal number.
    case notANumber(table: String, column: String, line: Int)
    /// The tables are matched by row order (no `ID` column in both) but their numbers of rows differ.
    case rowCountMismatch(first: String, firstRows: Int, second: String, secondRows: Int)
    /// An `ID` cell is empty or repeats an earlier row's ID.
    case invalidID(table: String, line: Int, reason: String)
    /// Matching by `ID` found no case present in both tables.
    case noCommonCases(first: String, second: String)
    /// The two tables share no feature column.
    case noCommonFeatures(first: String, second: String)
    /// A feature the operation needs (a signature term) is not a column of the table.
    case missingFeature(name: String, table: String)
    /// The Rad-score signature is not usable (unknown key, missing coefficient, non-positive `std`, `mean`
    /// without `std`, a non-finite number, no feature).
    case invalidSignature(reason: String)
    /// An ICC table (the `icc` command's output) lacks a column or holds an unreadable value.
    case invalidICCTable(table: String, line: Int, reason: String)
}

extension CohortStatisticsError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .malformedCSV(let table, let line, let reason): "\(table), line \(line): not valid CSV (\(reason))"
        case .emptyTable(let table): "\(table): no header or no data row"
        case .duplicateColumn(let table, let column): "\(table): column '\(column)' appears twice"
        case .missingColumn(let table, let column): "\(table): no column '\(column)'"
        case .notANumber(let table, let column, let line): "\(table), line \(line): column '\(column)' is not a number"
        case .rowCountMismatch(let first, let firstRows, let second, let secondRows):
            "\(first) has \(firstRows) row(s) and \(second) \(secondRows); without an ID column in both, cases are "
                + "matched by row order and the counts must be equal"
        case .invalidID(let table, let line, let reason): "\(table), line \(line): \(reason)"
        case .noCommonCases(let first, let second): "\(first) and \(second) have no ID in common"
        case .noCommonFeatures(let first, let second): "\(first) and \(second) have no feature column in common"
        case .missingFeature(let name, let table): "signature feature '\(name)' is not a column of \(table)"
        case .invalidSignature(let reason): "invalid signature: \(reason)"
        case .invalidICCTable(let table, let line, let reason): "\(table), line \(line): \(reason)"
        }
    }
}
