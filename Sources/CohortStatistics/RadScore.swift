/// Rad-scores of a cohort table's rows under a ``Signature``, and their split into risk groups.
///
///     score = intercept + Σ_f coefficient_f × (x_f − mean_f) / std_f      (× x_f for a term without mean/std)
///
/// A row missing any signature feature's value (empty, NaN) has no score and no risk group. The cutoff is the
/// signature's, else the median of the scored rows (the mean of the two middle scores for an even count, as NumPy's
/// `median`); a score ≥ the cutoff is ``Risk/high``, below it ``Risk/low``.
///
/// Reference: the Rad-score of radiomics signatures, e.g. Y. Huang et al., "Development and validation of a
/// radiomics nomogram for preoperative prediction of lymph node metastasis in colorectal cancer", J. Clin. Oncol.
/// 34 (2016) 2157–2164.
public struct RadScore: Sendable, Equatable {
    /// The risk group of a scored row.
    public enum Risk: String, Sendable, Equatable {
        case high, low
    }

    /// One table row's result.
    public struct Row: Sendable, Equatable {
        /// The row's key cells (see ``RadScore/keyColumns``).
        public var keys: [String]
        /// The Rad-score; `nil` when a signature feature's value is missing in this row.
        public var score: Double?
        /// The risk group; `nil` without a score.
        public var risk: Risk?
    }

    /// The columns that identify a row: `ID` when the table has it, else every key column
    /// (``CohortTable/keyColumns``).
    public var keyColumns: [String]
    /// One result per table row, in table order.
    public var rows: [Row]
    /// The cutoff used (`nil` only when no row has a score and the signature has no cutoff).
    public var cutoff: Double?
    /// Whether the cutoff is the median of the scores (else the signature's).
    public var cutoffIsMedian: Bool

    /// Scores every row of a table.
    ///
    /// - Throws: ``CohortStatisticsError/missingFeature(name:table:)`` naming the first signature feature that is not
    ///   a column of the table; ``CohortStatisticsError/notANumber(table:column:line:)`` for an unreadable cell.
    public init(table: CohortTable, signature: Signature) throws {
        for term in signature.terms where !table.hasColumn(term.feature) {
            throw CohortStatisticsError.missingFeature(name: term.feature, table: table.name)
        }
        var scores = [Double?](repeating: signature.intercept, count: table.rows.count)
        for term in signature.terms {
            let values = try table.values(of: term.feature)
            for i in scores.indices {
                if let score = scores[i], let x = values[i] { scores[i] = score + term.contribution(x) } else { scores[i] = nil }
            }
        }
        let keyColumns = table.hasColumn(CohortTable.idColumn) ? [CohortTable.idColumn] : table.keyColumns
        let keyCells = keyColumns.compactMap(table.cells(of:))
        let cutoff = signature.cutoff ?? Self.median(scores.compactMap { $0 })
        self.keyColumns = keyColumns
        self.cutoff = cutoff
        self.cutoffIsMedian = signature.cutoff == nil
        self.rows = scores.enumerated().map { i, score in
            let risk: Risk? = score.flatMap { s in cutoff.map { s >= $0 ? .high : .low } }
            return Row(keys: keyCells.map { $0[i] }, score: score, risk: risk)
        }
    }

    /// The median (mean of the two middle values for an even count); `nil` for no values.
    public static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// The scores as CSV: the key columns, `radscore`, `risk` (empty cells for a row without a score).
    public var csv: String {
        var out = CSV.line(keyColumns + ["radscore", "risk"])
        for row in rows {
            out += CSV.line(row.keys + [row.score.map { "\($0)" } ?? "", row.risk?.rawValue ?? ""])
        }
        return out
    }
}
