import Foundation

/// Inter-reader ICCs, one row per feature: what the `icc` command writes and `select` reads.
///
/// CSV columns: `feature, icc2_1, icc2_1_low, icc2_1_high, icc3_1, icc3_1_low, icc3_1_high, n`, then
/// `reproducible` (only when written with a minimum ICC: `yes` when ICC(2,1) ≥ it, `no` below, empty without a
/// value), then `note` (empty, or why a value is absent or a limit, ``IntraclassCorrelation/Note``). Numbers are
/// written in Swift's shortest round-trip form, so reading the file back gives the same doubles; an undefined value
/// is an empty cell. The confidence intervals are 95 %.
public struct ICCTable: Sendable, Equatable {
    /// The ICC columns, in order, before `reproducible` and `note`.
    public static let columns = ["feature", "icc2_1", "icc2_1_low", "icc2_1_high", "icc3_1", "icc3_1_low", "icc3_1_high",
                                 "n"]

    /// One feature's ICCs.
    public struct Entry: Sendable, Equatable {
        /// The feature column.
        public var feature: String
        /// Its ICC(2,1) and ICC(3,1), subjects used and note.
        public var icc: IntraclassCorrelation
        /// The note as text (``IntraclassCorrelation/Note`` description, or the `note` cell read from a file).
        public var noteText: String?

        public init(feature: String, icc: IntraclassCorrelation, noteText: String? = nil) {
            self.feature = feature
            self.icc = icc
            self.noteText = noteText ?? icc.note?.description
        }
    }

    /// Which coefficient a decision uses.
    public enum Model: String, Sendable, Equatable, CaseIterable {
        /// ICC(2,1), absolute agreement.
        case agreement = "2,1"
        /// ICC(3,1), consistency.
        case consistency = "3,1"
    }

    /// The entries as redundancy-filter candidates, with the chosen coefficient.
    public func candidates(model: Model) -> [RedundancyFilter.Candidate] {
        entries.map { entry in
            let estimate = model == .agreement ? entry.icc.agreement : entry.icc.consistency
            return RedundancyFilter.Candidate(feature: entry.feature, icc: estimate?.value)
        }
    }

    /// One entry per feature, in the first table's column order.
    public var entries: [Entry]

    public init(entries: [Entry]) { self.entries = entries }

    /// ICC(2,1) and ICC(3,1) of every feature two readers' tables share.
    ///
    /// - Parameters:
    ///   - pairing: the matched cases and shared features (``ReaderPairing``).
    ///   - first: the first reader's table (the one the pairing's `first` rows index).
    ///   - second: the second reader's table.
    /// - Throws: ``CohortStatisticsError/notANumber(table:column:line:)`` for an unreadable cell.
    public init(pairing: ReaderPairing, _ first: CohortTable, _ second: CohortTable) throws {
        entries = try pairing.features.map { feature in
            Entry(feature: feature, icc: IntraclassCorrelation(ratings: try pairing.ratings(of: feature, first, second)))
        }
    }

    /// The ICCs as CSV (see the type's discussion).
    ///
    /// - Parameter minimumICC: when given, adds the `reproducible` column (ICC(2,1) ≥ minimumICC).
    public func csv(minimumICC: Double? = nil) -> String {
        var header = Self.columns
        if minimumICC != nil { header.append("reproducible") }
        header.append("note")
        var out = CSV.line(header)
        func text(_ x: Double?) -> String { x.map { "\($0)" } ?? "" }
        for entry in entries {
            let a = entry.icc.agreement, c = entry.icc.consistency
            var cells = [entry.feature, text(a?.value), text(a?.lower), text(a?.upper), text(c?.value), text(c?.lower),
                         text(c?.upper), String(entry.icc.subjects)]
            if let minimumICC { cells.append(a.map { $0.value >= minimumICC ? "yes" : "no" } ?? "") }
            cells.append(entry.noteText ?? "")
            out += CSV.line(cells)
        }
        return out
    }

    /// Reads an ICC table written by ``csv(minimumICC:)`` (the `reproducible` and `note` columns are optional).
    ///
    /// - Throws: ``CohortStatisticsError/invalidICCTable(table:line:reason:)`` for a missing column or a value that is
    ///   not a number; CSV errors as ``CSV/parse(_:table:)``.
    public init(csv text: String, name: String) throws {
        let lines = try CSV.parse(text, table: name)
        let header = lines[0]
        var index: [String: Int] = [:]
        for (n, column) in header.enumerated() { index[column] = n }
        for column in Self.columns where index[column] == nil {
            throw CohortStatisticsError.invalidICCTable(table: name, line: 1, reason: "no column '\(column)'")
        }
        func column(_ name: String) -> Int { index[name] ?? 0 }
        entries = try lines.dropFirst().enumerated().map { n, row in
            let line = n + 2
            func number(_ key: String) throws -> Double? {
                let cell = row[column(key)].trimmingCharacters(in: .whitespaces)
                if cell.isEmpty { return nil }
                guard let value = Double(cell), value.isFinite else {
                    throw CohortStatisticsError.invalidICCTable(table: name, line: line, reason: "'\(key)' is not a number")
                }
                return value
            }
            func estimate(_ prefix: String) throws -> IntraclassCorrelation.Estimate? {
                try number(prefix).map { .init(value: $0, lower: try number(prefix + "_low"), upper: try number(prefix + "_high")) }
            }
            guard let subjects = Int(row[column("n")].trimmingCharacters(in: .whitespaces)) else {
                throw CohortStatisticsError.invalidICCTable(table: name, line: line, reason: "'n' is not a whole number")
            }
            let note = index["note"].map { row[$0] }.flatMap { $0.isEmpty ? nil : $0 }
            return Entry(feature: row[column("feature")],
                         icc: IntraclassCorrelation(agreement: try estimate("icc2_1"), consistency: try estimate("icc3_1"),
                                                    subjects: subjects, note: nil),
                         noteText: note)
        }
    }
}
