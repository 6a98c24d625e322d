import Foundation
import Testing
@testable import CohortStatistics

@Suite struct IntraclassCorrelationTests {
    static let tolerance = 1e-9

    /// The six compared numbers of an ICC result, in the reference's order.
    static func numbers(_ icc: IntraclassCorrelation) -> [Double?] {
        [icc.agreement?.value, icc.agreement?.lower, icc.agreement?.upper,
         icc.consistency?.value, icc.consistency?.lower, icc.consistency?.upper]
    }

    /// Reader tables with real PyRadiomics names (30 and 30 cases, 29 in common, B shuffled): every feature's
    /// ICC(2,1), ICC(3,1) and their 95 % intervals equal pingouin 0.7.0's within 1e-9.
    @Test func readerTablesEqualPingouin() throws {
        let reference = try #require(Reference.cohort)
        let a = try CohortTable(csv: try Reference.text("reader-a.csv"), name: "reader-a.csv")
        let b = try CohortTable(csv: try Reference.text("reader-b.csv"), name: "reader-b.csv")
        let pairing = try ReaderPairing(a, b)
        #expect(pairing.matching == .byID)
        #expect(pairing.rows.map { a.rows[$0.first][0] } == reference.matched_ids)
        let table = try ICCTable(pairing: pairing, a, b)
        #expect(table.entries.map(\.feature) == reference.icc.map(\.feature))
        let differentConstants = reference.special["constant_both_different"]
        var worst = 0.0, compared = 0
        for (entry, expected) in zip(table.entries, reference.icc) {
            #expect(entry.icc.subjects == expected.n, "\(entry.feature)")
            if entry.feature == differentConstants {
                // pingouin: ICC(A,1) = 0 (0 / (k·MSJ/n)), everything else NaN; here: no value, with a note.
                #expect(entry.icc.agreement == nil && entry.icc.consistency == nil)
                #expect(entry.icc.note == .noVarianceBetweenSubjects)
                continue
            }
            let want = [expected.icc2_1, expected.icc2_1_ci?[0], expected.icc2_1_ci?[1],
                        expected.icc3_1, expected.icc3_1_ci?[0], expected.icc3_1_ci?[1]]
            for (got, wanted) in zip(Self.numbers(entry.icc), want) {
                #expect(Reference.agrees(got, wanted, tolerance: Self.tolerance), "\(entry.feature): \(String(describing: got)) vs pingouin \(String(describing: wanted))")
                if got != nil { worst = max(worst, Reference.difference(got, wanted)); compared += 1 }
            }
        }
        print("ICC vs pingouin, reader tables: \(pairing.rows.count) cases × \(table.entries.count) features, \(compared) values, worst \(worst)")
    }

    /// 24 cases × 1316 features from the shared integer generator: ICCs equal pingouin within 1e-9 (the reference
    /// holds 13 significant digits).
    @Test func generatedTablesOf1316FeaturesEqualPingouin() throws {
        let reference = try #require(Reference.cohort).header.generated
        let (cellsA, cellsB) = SyntheticReaders.generate()
        // The generator is the script's: same checksums (sums in the same order) and sample cells.
        var sumA = 0.0, sumB = 0.0
        for i in cellsA.indices { for j in cellsA[i].indices { sumA += Double(cellsA[i][j])!; sumB += Double(cellsB[i][j])! } }
        #expect(sumA == reference.checksum_a && sumB == reference.checksum_b)
        #expect(cellsA[0][6] == reference.samples["a[0][6]"] && cellsB[23][1315] == reference.samples["b[23][1315]"])

        let (a, b) = try SyntheticReaders.tables()
        let pairing = try ReaderPairing(a, b)
        #expect(pairing.matching == .byRowOrder && pairing.rows.count == 24 && pairing.features.count == 1316)
        let table = try ICCTable(pairing: pairing, a, b)
        let lines = try Reference.text("icc-1316-pingouin.csv").split(separator: "\n").dropFirst()
        #expect(lines.count == 1316)
        var worstAbsolute = 0.0, worstRelative = 0.0, compared = 0
        for (entry, line) in zip(table.entries, lines) {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            let want = cells[1...6].map { Double($0) }
            #expect(entry.icc.subjects == Int(cells[7]))
            switch cells[0] {
            case "f0000":
                // Constant 42e-6 in both tables: pingouin's sums of squares are rounding noise (it reports 1 and −1).
                #expect(entry.icc.agreement == nil && entry.icc.consistency == nil && entry.icc.note == .noVarianceBetweenSubjects)
            case "f0001":
                // B = A: pingouin's MSE is exactly 0 and its intervals NaN; here the limit [1, 1].
                #expect(want == [1, nil, nil, 1, nil, nil])
                #expect(Self.numbers(entry.icc) == [1, 1, 1, 1, 1, 1] && entry.icc.note == .noResidualVariance)
            default:
                for (got, wanted) in zip(Self.numbers(entry.icc), want) {
                    #expect(Reference.agrees(got, wanted, tolerance: Self.tolerance), "\(entry.feature): \(String(describing: got)) vs \(String(describing: wanted))")
                    if let got, let wanted {
                        compared += 1
                        worstAbsolute = max(worstAbsolute, abs(got - wanted))
                        if wanted != 0 { worstRelative = max(worstRelative, abs(got - wanted) / abs(wanted)) }
                    }
                }
            }
        }
        #expect(compared >= 1314 * 6)
        print("ICC vs pingouin, generated: 24 cases × 1316 features, \(compared) values, max abs \(worstAbsolute), max rel \(worstRelative)")
    }

    /// The comparator rejects wrong values: a perturbation of 2e-9, a missing value, and the ICCs of rows matched by
    /// position instead of by ID.
    @Test func comparatorRejectsWrongValues() throws {
        let reference = try #require(Reference.cohort)
        let expected = try #require(reference.icc.first { $0.feature == "original_firstorder_Mean" })
        let value = try #require(expected.icc2_1)
        #expect(Reference.agrees(value + 0.5e-9, value, tolerance: Self.tolerance))
        #expect(!Reference.agrees(value + 2e-9, value, tolerance: Self.tolerance))
        #expect(!Reference.agrees(nil, value, tolerance: Self.tolerance))
        #expect(!Reference.agrees(value, nil, tolerance: Self.tolerance))
        #expect(!Reference.agrees(.nan, value, tolerance: Self.tolerance))

        // Same tables without their ID column: rows are paired by position (both have 30), which is wrong.
        func dropID(_ table: CohortTable) throws -> CohortTable {
            try CohortTable(columns: Array(table.columns.dropFirst()), rows: table.rows.map { Array($0.dropFirst()) }, name: table.name)
        }
        let a = try dropID(try CohortTable(csv: try Reference.text("reader-a.csv"), name: "a"))
        let b = try dropID(try CohortTable(csv: try Reference.text("reader-b.csv"), name: "b"))
        let pairing = try ReaderPairing(a, b)
        #expect(pairing.matching == .byRowOrder)
        let wrong = IntraclassCorrelation(try a.values(of: expected.feature), try b.values(of: expected.feature))
        #expect(!Reference.agrees(wrong.agreement?.value, value, tolerance: Self.tolerance))
    }

    /// Shrout & Fleiss (1979), Table 2: 6 targets × 4 judges; ICC(2,1) = 0.29 and ICC(3,1) = 0.71 as printed.
    @Test func shroutAndFleissExample() {
        let ratings: [[Double]] = [[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8], [7, 1, 2, 6], [10, 5, 6, 9], [6, 2, 4, 7]]
        let icc = IntraclassCorrelation(ratings: ratings)
        #expect(abs((icc.agreement?.value ?? 0) - 0.29) < 0.005)
        #expect(abs((icc.consistency?.value ?? 0) - 0.71) < 0.005)
        #expect(icc.note == nil && icc.subjects == 6)
    }

    @Test func degenerateInputsGiveNotesNotNaN() {
        let constant = IntraclassCorrelation([1, 1, 1, 1], [1, 1, 1, 1])
        #expect(constant.agreement == nil && constant.consistency == nil && constant.note == .noVarianceBetweenSubjects)
        let twoConstants = IntraclassCorrelation([1, 1, 1, 1], [2, 2, 2, 2])
        #expect(twoConstants.agreement == nil && twoConstants.note == .noVarianceBetweenSubjects)
        let few = IntraclassCorrelation([1, 2, nil, 4], [1, nil, 3, 4])
        #expect(few.subjects == 2 && few.agreement == nil && few.note == .tooFewSubjects(2))
        let shifted = IntraclassCorrelation(ratings: [[1, 3], [2, 4], [5, 7], [4, 6]])
        #expect(shifted.consistency == .init(value: 1, lower: 1, upper: 1))
        let a = shifted.agreement
        #expect(a.map { $0.value > 0 && $0.value < 1 } == true && a?.lower != nil && a?.upper != nil)
        for icc in [constant, twoConstants, few, shifted] {
            #expect(IntraclassCorrelationTests.numbers(icc).allSatisfy { $0.map(\.isFinite) ?? true })
        }
    }
}
