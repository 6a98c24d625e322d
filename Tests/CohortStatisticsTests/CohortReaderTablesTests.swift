import Testing
@testable import CohortStatistics

@Suite struct CohortReaderTablesTests {
    /// The two readers' reference tables (pingouin-checked) rewritten as one cohort table: a row per reader and
    /// case, the case keys from the ID, reader-2's rows in reverse order and an extra ROI that must be ignored.
    static func cohortTable() throws -> (cohort: CohortTable, a: CohortTable, b: CohortTable) {
        let a = try CohortTable(csv: try Reference.text("reader-a.csv"), name: "reader-a.csv")
        let b = try CohortTable(csv: try Reference.text("reader-b.csv"), name: "reader-b.csv")
        let features = a.featureNames.filter { b.featureNames.contains($0) }
        let keys = ["patient", "study", "timepoint", "days_since_baseline", "treatment", "series", "phase", "roi", "reader"]
        var rows: [[String]] = []
        func add(_ table: CohortTable, reader: String, roi: String, reversed: Bool) throws {
            let ids = try #require(table.cells(of: "ID"))
            let columns = try features.map { try #require(table.cells(of: $0)) }
            let order = reversed ? Array(ids.indices.reversed()) : Array(ids.indices)
            for n in order {
                rows.append(["pt-\(ids[n])", "st-\(ids[n])", "baseline", "0", "pre-treatment", "se-1_1", "ARTERIAL", roi, reader]
                            + columns.map { $0[n] })
            }
        }
        try add(a, reader: "reader-1", roi: "tumour", reversed: false)
        try add(b, reader: "reader-2", roi: "tumour", reversed: true)
        try add(b, reader: "reader-2", roi: "ring", reversed: false)
        return (try CohortTable(columns: keys + features, rows: rows, name: "features.csv"), a, b)
    }

    @Test func readerRowsOfACohortTableGiveTheSameICCsAsTheReadersOwnTables() throws {
        let (cohort, a, b) = try Self.cohortTable()
        let (first, second) = try cohort.readerTables("reader-1", "reader-2", roi: "tumour")
        #expect(first.rows.count == a.rows.count && second.rows.count == b.rows.count)
        let fromCohort = try ICCTable(pairing: try ReaderPairing(first, second), first, second)
        let direct = try ICCTable(pairing: try ReaderPairing(a, b), a, b)
        #expect(fromCohort.entries.map(\.feature) == direct.entries.map(\.feature))
        for (x, y) in zip(fromCohort.entries, direct.entries) {
            #expect(x.icc.agreement == y.icc.agreement && x.icc.consistency == y.icc.consistency, "\(x.feature)")
            #expect(x.icc.subjects == y.icc.subjects)
        }
        // Without the ROI filter the ring rows join reader-2 and find no reader-1 partner: same matched cases.
        let (_, all) = try cohort.readerTables("reader-1", "reader-2", roi: nil)
        #expect(all.rows.count == 2 * b.rows.count)
        #expect(try ReaderPairing(first, all).rows.count == ReaderPairing(a, b).rows.count)
    }

    @Test func aTableWithoutReadersIsAnErrorNamingTheColumn() throws {
        let a = try CohortTable(csv: try Reference.text("reader-a.csv"), name: "reader-a.csv")
        #expect(throws: CohortStatisticsError.missingColumn(table: "reader-a.csv", column: "reader")) {
            try a.readerTables("reader-1", "reader-2", roi: nil)
        }
    }
}
