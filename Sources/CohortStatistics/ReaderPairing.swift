import Foundation

/// Which rows of two readers' tables describe the same case, and which features both tables have.
///
/// Cases are matched by the ``CohortTable/idColumn`` (`ID`) when both tables have one: the cases present in both,
/// in the first table's row order (a second reader often re-segments a subset of the cohort). IDs are compared as
/// text after trimming spaces; an empty or repeated ID is an error. Without an `ID` column in both, rows are matched
/// by position and the tables must have the same number of rows.
///
/// Features are the feature columns present in both tables, in the first table's column order.
public struct ReaderPairing: Sendable, Equatable {
    /// How the rows were matched.
    public enum Matching: String, Sendable, Equatable {
        /// By the `ID` column.
        case byID
        /// By row position.
        case byRowOrder
    }

    /// How the rows were matched.
    public let matching: Matching
    /// Matched row indices (0-based data rows) of the first and the second table, pairwise.
    public let rows: [(first: Int, second: Int)]
    /// Features in both tables, in the first table's order.
    public let features: [String]
    /// Rows of the first table without a partner (by-ID matching only).
    public let unmatchedFirst: Int
    /// Rows of the second table without a partner (by-ID matching only).
    public let unmatchedSecond: Int
    /// Feature columns of the first table that the second lacks, and vice versa.
    public let featuresOnlyInFirst: [String], featuresOnlyInSecond: [String]

    /// Pairs two readers' tables.
    ///
    /// - Throws: ``CohortStatisticsError/rowCountMismatch(first:firstRows:second:secondRows:)`` (row-order matching
    ///   with different counts), ``CohortStatisticsError/invalidID(table:line:reason:)``,
    ///   ``CohortStatisticsError/noCommonCases(first:second:)``, ``CohortStatisticsError/noCommonFeatures(first:second:)``.
    public init(_ first: CohortTable, _ second: CohortTable) throws {
        let secondFeatures = Set(second.featureNames), firstFeatures = Set(first.featureNames)
        features = first.featureNames.filter(secondFeatures.contains)
        featuresOnlyInFirst = first.featureNames.filter { !secondFeatures.contains($0) }
        featuresOnlyInSecond = second.featureNames.filter { !firstFeatures.contains($0) }
        guard !features.isEmpty else { throw CohortStatisticsError.noCommonFeatures(first: first.name, second: second.name) }

        if let idsA = first.cells(of: CohortTable.idColumn), let idsB = second.cells(of: CohortTable.idColumn) {
            let a = try Self.index(idsA, table: first.name), b = try Self.index(idsB, table: second.name)
            var pairs: [(first: Int, second: Int)] = []
            for (row, id) in a.ordered { if let other = b.rows[id] { pairs.append((row, other)) } }
            guard !pairs.isEmpty else { throw CohortStatisticsError.noCommonCases(first: first.name, second: second.name) }
            matching = .byID
            rows = pairs
            unmatchedFirst = first.rows.count - pairs.count
            unmatchedSecond = second.rows.count - pairs.count
        } else {
            guard first.rows.count == second.rows.count else {
                throw CohortStatisticsError.rowCountMismatch(first: first.name, firstRows: first.rows.count,
                                                             second: second.name, secondRows: second.rows.count)
            }
            matching = .byRowOrder
            rows = first.rows.indices.map { ($0, $0) }
            unmatchedFirst = 0
            unmatchedSecond = 0
        }
    }

    private static func index(_ ids: [String], table: String) throws -> (ordered: [(Int, String)], rows: [String: Int]) {
        var rows: [String: Int] = [:], ordered: [(Int, String)] = []
        for (n, raw) in ids.enumerated() {
            let id = raw.trimmingCharacters(in: .whitespaces)
            guard !id.isEmpty else { throw CohortStatisticsError.invalidID(table: table, line: n + 2, reason: "empty ID") }
            if let earlier = rows.updateValue(n, forKey: id) {
                throw CohortStatisticsError.invalidID(table: table, line: n + 2,
                                                      reason: "ID repeats line \(earlier + 2)'s")
            }
            ordered.append((n, id))
        }
        return (ordered, rows)
    }

    /// The paired values of a feature (listwise deletion: pairs where either value is missing are left out).
    ///
    /// - Returns: `[first reader's value, second reader's value]` per complete case, in matched order.
    /// - Throws: ``CohortStatisticsError/notANumber(table:column:line:)`` for an unreadable cell.
    public func ratings(of feature: String, _ first: CohortTable, _ second: CohortTable) throws -> [[Double]] {
        let a = try first.values(of: feature), b = try second.values(of: feature)
        return rows.compactMap { pair in
            guard let x = a[pair.first], let y = b[pair.second] else { return nil }
            return [x, y]
        }
    }

    public static func == (lhs: ReaderPairing, rhs: ReaderPairing) -> Bool {
        lhs.matching == rhs.matching && lhs.rows.elementsEqual(rhs.rows, by: { $0 == $1 }) && lhs.features == rhs.features
            && lhs.unmatchedFirst == rhs.unmatchedFirst && lhs.unmatchedSecond == rhs.unmatchedSecond
            && lhs.featuresOnlyInFirst == rhs.featuresOnlyInFirst && lhs.featuresOnlyInSecond == rhs.featuresOnlyInSecond
    }
}
