import Testing
@testable import CohortStatistics

@Suite struct CSVTests {
    @Test func quotedFieldsCRLFAndByteOrderMark() throws {
        let text = "\u{FEFF}a,b,c\r\n1,\"x, \"\"y\"\"\",\"multi\nline\"\r\n\n,,\n"
        let lines = try CSV.parse(text, table: "t.csv")
        #expect(lines == [["a", "b", "c"], ["1", "x, \"y\"", "multi\nline"], ["", "", ""]])
    }

    @Test func lastLineWithoutNewline() throws {
        #expect(try CSV.parse("a,b\n1,2", table: "t") == [["a", "b"], ["1", "2"]])
    }

    @Test func writtenFieldsReadBack() throws {
        let fields = ["plain", "with,comma", "with \"quote\"", "two\nlines", ""]
        #expect(try CSV.parse(CSV.line(fields) + CSV.line(fields), table: "t") == [fields, fields])
    }

    @Test func malformedTextIsAnErrorWithItsLine() {
        #expect(throws: CohortStatisticsError.malformedCSV(table: "t", line: 3, reason: "1 field(s), the header has 2")) {
            try CSV.parse("a,b\n1,2\n3\n", table: "t")
        }
        #expect(throws: CohortStatisticsError.malformedCSV(table: "t", line: 2, reason: "unterminated quote")) {
            try CSV.parse("a,b\n\"1,2\n", table: "t")
        }
        #expect(throws: CohortStatisticsError.malformedCSV(table: "t", line: 2, reason: "quote inside a field")) {
            try CSV.parse("a,b\n1\"2,3\n", table: "t")
        }
        #expect(throws: CohortStatisticsError.emptyTable(table: "t")) { try CSV.parse("\n\n", table: "t") }
    }
}
