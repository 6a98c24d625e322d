import Foundation

/// A wide table of radiomics features, one row per case: the `features --batch` output (PyRadiomics batch format:
/// the case list's columns, then `diagnostics_*`, then features) or the cohort table.
///
/// Columns fall into three kinds, by name only:
/// - **feature** columns have PyRadiomics' form `<image type>_<class>_<feature>` where the class is one of
///   `shape`, `shape2D`, `firstorder`, `glcm`, `glrlm`, `glszm`, `gldm`, `ngtdm` (`original_glcm_Idmn`,
///   `wavelet-LLH_firstorder_Median`, `log-sigma-2-0-mm-3D_glszm_ZoneEntropy`);
/// - **diagnostics** columns start with `diagnostics_`;
/// - every other column is a **key** column (`ID`, `Image`, `Mask`, `Label`, and whatever the case list carried).
///
/// A feature cell is a number (decimal, `nan`, `inf`; surrounding spaces ignored) or empty; empty, NaN and
/// infinite cells are missing values.
public struct CohortTable: Sendable, Equatable {
    /// The feature classes PyRadiomics 3.1.0 names (its `featureClass` keys).
    public static let featureClasses: Set<String> = ["shape", "shape2D", "firstorder", "glcm", "glrlm", "glszm",
                                                     "gldm", "ngtdm"]
    /// The column that identifies a case when both tables of a pair have it.
    public static let idColumn = "ID"

    /// The name errors give this table (usually its file name).
    public let name: String
    /// Header fields in file order.
    public let columns: [String]
    /// Data rows, each with one cell per column.
    public let rows: [[String]]
    /// Feature columns in file order.
    public let featureNames: [String]
    /// Key columns (neither feature nor diagnostics) in file order.
    public let keyColumns: [String]
    private let columnIndex: [String: Int]

    /// Reads a table from CSV text.
    ///
    /// - Parameters:
    ///   - csv: the file's text (RFC 4180, see ``CSV``).
    ///   - name: how errors name the table.
    /// - Throws: ``CohortStatisticsError`` for malformed CSV, no data row, or a repeated column name.
    public init(csv text: String, name: String) throws {
        let lines = try CSV.parse(text, table: name)
        try self.init(columns: lines[0], rows: Array(lines.dropFirst()), name: name)
    }

    /// Builds a table from a header and rows (each row as long as the header).
    ///
    /// - Throws: ``CohortStatisticsError/emptyTable(table:)`` without rows,
    ///   ``CohortStatisticsError/duplicateColumn(table:column:)``; a row of the wrong length is
    ///   ``CohortStatisticsError/malformedCSV(table:line:reason:)``.
    public init(columns: [String], rows: [[String]], name: String) throws {
        guard !rows.isEmpty else { throw CohortStatisticsError.emptyTable(table: name) }
        var index: [String: Int] = [:]
        for (n, column) in columns.enumerated() {
            guard index.updateValue(n, forKey: column) == nil else {
                throw CohortStatisticsError.duplicateColumn(table: name, column: column)
            }
        }
        for (n, row) in rows.enumerated() where row.count != columns.count {
            throw CohortStatisticsError.malformedCSV(
                table: name, line: n + 2, reason: "\(row.count) field(s), the header has \(columns.count)")
        }
        self.name = name
        self.columns = columns
        self.rows = rows
        self.columnIndex = index
        self.featureNames = columns.filter(Self.isFeatureColumn)
        self.keyColumns = columns.filter { !Self.isFeatureColumn($0) && !$0.hasPrefix("diagnostics_") }
    }

    /// Whether a column name has PyRadiomics' feature form `<image type>_<class>_<feature>` (see the type's
    /// discussion).
    public static func isFeatureColumn(_ name: String) -> Bool {
        let parts = name.split(separator: "_", omittingEmptySubsequences: false)
        return parts.count >= 3 && !parts[0].isEmpty && parts[0] != "diagnostics" && !parts[2].isEmpty
            && featureClasses.contains(String(parts[1]))
    }

    /// Whether the table has a column of that name.
    public func hasColumn(_ name: String) -> Bool { columnIndex[name] != nil }

    /// The cells of a column, or `nil` when there is no such column.
    public func cells(of column: String) -> [String]? {
        guard let c = columnIndex[column] else { return nil }
        return rows.map { $0[c] }
    }

    /// The values of a feature column, one per row; `nil` for a missing value (empty, NaN, ±∞).
    ///
    /// - Throws: ``CohortStatisticsError/missingColumn(table:column:)``, or
    ///   ``CohortStatisticsError/notANumber(table:column:line:)`` for a cell that is not a number.
    public func values(of feature: String) throws -> [Double?] {
        guard let c = columnIndex[feature] else {
            throw CohortStatisticsError.missingColumn(table: name, column: feature)
        }
        return try rows.enumerated().map { n, row in
            let text = row[c].trimmingCharacters(in: .whitespaces)
            if text.isEmpty { return nil }
            guard let value = Double(text), !text.hasPrefix("0x"), !text.hasPrefix("-0x") else {
                throw CohortStatisticsError.notANumber(table: name, column: feature, line: n + 2)
            }
            return value.isFinite ? value : nil
        }
    }
}
