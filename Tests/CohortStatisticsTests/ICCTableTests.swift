import Testing
@testable import CohortStatistics

@Suite struct ICCTableTests {
    @Test func csvHasTheIssuesColumnsAndReadsBackTheSameNumbers() throws {
        let a = try CohortTable(csv: try Reference.text("reader-a.csv"), name: "reader-a.csv")
        let b = try CohortTable(csv: try Reference.text("reader-b.csv"), name: "reader-b.csv")
        let table = try ICCTable(pairing: try ReaderPairing(a, b), a, b)
        let text = table.csv(minimumICC: 0.75)
        let lines = text.split(separator: "\n")
        #expect(lines[0] == "feature,icc2_1,icc2_1_low,icc2_1_high,icc3_1,icc3_1_low,icc3_1_high,n,reproducible,note")
        #expect(lines.contains("original_firstorder_Minimum,,,,,,,29,,constant: no variance between cases"))
        let back = try ICCTable(csv: text, name: "icc.csv")
        #expect(back.entries.map(\.feature) == table.entries.map(\.feature))
        for (x, y) in zip(back.entries, table.entries) {
            #expect(x.icc.agreement == y.icc.agreement && x.icc.consistency == y.icc.consistency && x.icc.subjects == y.icc.subjects)
            #expect(x.noteText == y.noteText)
        }
        #expect(table.csv().hasPrefix("feature,icc2_1,icc2_1_low,icc2_1_high,icc3_1,icc3_1_low,icc3_1_high,n,note\n"))
    }

    @Test func unreadableTablesAreErrors() {
        #expect(throws: CohortStatisticsError.invalidICCTable(table: "icc.csv", line: 1, reason: "no column 'icc3_1'")) {
            try ICCTable(csv: "feature,icc2_1,icc2_1_low,icc2_1_high,n\nx,1,1,1,3\n", name: "icc.csv")
        }
        #expect(throws: CohortStatisticsError.invalidICCTable(table: "icc.csv", line: 2, reason: "'icc2_1' is not a number")) {
            try ICCTable(csv: "feature,icc2_1,icc2_1_low,icc2_1_high,icc3_1,icc3_1_low,icc3_1_high,n\nx,high,,,,,,3\n", name: "icc.csv")
        }
    }
}
