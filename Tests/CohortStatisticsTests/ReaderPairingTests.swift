import Testing
@testable import CohortStatistics

@Suite struct ReaderPairingTests {
    static func table(_ text: String, _ name: String) throws -> CohortTable { try CohortTable(csv: text, name: name) }

    @Test func casesAreMatchedByIDInTheFirstTablesOrder() throws {
        let a = try Self.table("ID,original_glcm_Idmn,original_glcm_Id\np1,1,10\np2,2,20\np3,3,30\n", "a")
        let b = try Self.table("ID,original_glcm_Id,original_glcm_Idmn,original_glcm_Contrast\np3,31,3.1,0\np9,0,0,0\np1,11,1.1,0\n", "b")
        let pairing = try ReaderPairing(a, b)
        #expect(pairing.matching == .byID)
        #expect(pairing.rows.map(\.first) == [0, 2] && pairing.rows.map(\.second) == [2, 0])
        #expect(pairing.unmatchedFirst == 1 && pairing.unmatchedSecond == 1)
        #expect(pairing.features == ["original_glcm_Idmn", "original_glcm_Id"])
        #expect(pairing.featuresOnlyInSecond == ["original_glcm_Contrast"])
        #expect(try pairing.ratings(of: "original_glcm_Idmn", a, b) == [[1, 1.1], [3, 3.1]])
    }

    @Test func withoutIDsInBothRowsAreMatchedByPosition() throws {
        let a = try Self.table("ID,original_glcm_Idmn\np1,1\np2,2\n", "a")
        let b = try Self.table("Image,original_glcm_Idmn\nx,5\ny,6\n", "b")
        let pairing = try ReaderPairing(a, b)
        #expect(pairing.matching == .byRowOrder && pairing.rows.map(\.second) == [0, 1])
    }

    @Test func aWrongRowCountIsAnError() throws {
        let a = try Self.table("Image,original_glcm_Idmn\nx,1\ny,2\nz,3\n", "a.csv")
        let b = try Self.table("Image,original_glcm_Idmn\nx,1\ny,2\n", "b.csv")
        #expect(throws: CohortStatisticsError.rowCountMismatch(first: "a.csv", firstRows: 3, second: "b.csv", secondRows: 2)) {
            try ReaderPairing(a, b)
        }
    }

    @Test func repeatedOrEmptyIDsAndNoOverlapAreErrors() throws {
        let a = try Self.table("ID,original_glcm_Idmn\np1,1\np1,2\n", "a")
        let b = try Self.table("ID,original_glcm_Idmn\np1,1\n,2\n", "b")
        let c = try Self.table("ID,original_glcm_Idmn\nq1,1\n", "c")
        let d = try Self.table("ID,original_glcm_Id\np1,1\n", "d")
        #expect(throws: CohortStatisticsError.invalidID(table: "a", line: 3, reason: "ID repeats line 2's")) { try ReaderPairing(a, c) }
        #expect(throws: CohortStatisticsError.invalidID(table: "b", line: 3, reason: "empty ID")) { try ReaderPairing(c, b) }
        #expect(throws: CohortStatisticsError.noCommonCases(first: "c", second: "d")) {
            try ReaderPairing(c, try Self.table("ID,original_glcm_Idmn\np1,1\n", "d"))
        }
        #expect(throws: CohortStatisticsError.noCommonFeatures(first: "c", second: "d")) { try ReaderPairing(c, d) }
    }
}
